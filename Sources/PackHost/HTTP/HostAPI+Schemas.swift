import GRDB
import Hummingbird
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// `/schemas`: a tenant saves and deletes its own schemas and sees its own plus the system-wide ones.
    func addSchemaRoutes(to api: RouterGroup<HostRequestContext>) {
        api.post("schemas") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            let id = try body.requiredString("id")
            guard let schema = body["schema"] else { throw HostError(.invalidArgument, "field schema is required") }
            let now = services.clock.now()
            try services.database.write { db in
                let saved = try HostSchemaRegistry.save(
                    id: id,
                    schema: schema,
                    tenant: caller.tenant,
                    at: now,
                    principal: caller.principal,
                    in: db
                )
                if saved.written {
                    try AuditLog.append(
                        AuditEvent(
                            kind: "schema.saved",
                            tenantID: caller.tenant,
                            principal: caller.principal,
                            subject: id,
                            data: ["version": .integer(saved.entry.version), "digest": .string(saved.entry.digest)]
                        ),
                        at: now,
                        in: db
                    )
                }
            }
            return APIResponse.noContent()
        }
        api.get("schemas") { _, context -> Response in
            let caller = try context.caller()
            let entries = try services.database.read { db in try HostSchemaRegistry.list(tenant: caller.tenant, in: db)
            }
            return APIResponse.json(["schemas": .array(entries.map { .string($0.id) })])
        }
        api.get("schemas/{id}") { _, context -> Response in
            let caller = try context.caller()
            let id = try context.parameters.decoded("id")
            let entry = try services.database.read { db in
                try HostSchemaRegistry.get(id: id, tenant: caller.tenant, in: db)
            }
            guard let entry else { throw HostError(.notFound, "schema \(id) not found") }
            return APIResponse.json(["id": .string(entry.id), "schema": entry.document])
        }
        api.delete("schemas/{id}") { _, context -> Response in
            try deleteAudited("schema", kind: "schema.deleted", context: context) { id, tenant, db in
                try HostSchemaRegistry.delete(id: id, tenant: tenant, in: db)
            }
        }
    }
}

extension HostAPI {
    /// Deletes the caller's own registry entry named by the `{id}` path parameter and audits it as `kind`.
    /// - Parameters:
    ///   - what: The kind of entry for the 404 message (`schema`, `workflow`).
    ///   - kind: The audit event kind (`schema.deleted`).
    ///   - context: The request context (the caller and the path).
    ///   - delete: Deletes the entry of an id and tenant; false when there was none.
    /// - Returns: 204.
    /// - Throws: `not_found` naming the entry when the tenant has none by that id.
    func deleteAudited(
        _ what: String,
        kind: String,
        context: HostRequestContext,
        delete: (String, String, Database) throws -> Bool
    ) throws -> Response {
        let caller = try context.caller()
        let id = try context.parameters.decoded("id")
        let now = services.clock.now()
        try services.database.write { db in
            guard try delete(id, caller.tenant, db) else { throw HostError(.notFound, "\(what) \(id) not found") }
            try AuditLog.append(
                AuditEvent(kind: kind, tenantID: caller.tenant, principal: caller.principal, subject: id),
                at: now,
                in: db
            )
        }
        return APIResponse.noContent()
    }
}
