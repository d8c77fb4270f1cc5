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
            let caller = try context.caller()
            let id = try context.parameters.decoded("id")
            let now = services.clock.now()
            try services.database.write { db in
                guard try HostSchemaRegistry.delete(id: id, tenant: caller.tenant, in: db) else {
                    throw HostError(.notFound, "schema \(id) not found")
                }
                try AuditLog.append(
                    AuditEvent(
                        kind: "schema.deleted",
                        tenantID: caller.tenant,
                        principal: caller.principal,
                        subject: id
                    ),
                    at: now,
                    in: db
                )
            }
            return APIResponse.noContent()
        }
    }
}
