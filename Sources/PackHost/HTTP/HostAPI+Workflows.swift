import Foundation
import Hummingbird
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// `/workflows`: a tenant sees its own workflows and the system-wide ones packs installed; it saves and
    /// deletes only its own.
    func addWorkflowRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("workflows") { _, context -> Response in
            let caller = try context.caller()
            let entries = try services.database.read { db in try WorkflowRegistry.list(tenant: caller.tenant, in: db) }
            return APIResponse.json(.array(entries.map(Self.workflowJSON)))
        }
        api.post("workflows") { request, context -> Response in
            let caller = try context.caller()
            let document = try await RequestBody.json(request, limit: limits.jsonBytes, empty: .null)
            guard case .object = document else {
                throw HostError(.invalidArgument, "the request body must be a workflow definition (a JSON object)")
            }
            let id: String
            switch document["id"] {
            case nil, .null?: id = "wf-" + UUID().uuidString.lowercased()
            case .string(let text)? where !text.isEmpty: id = text
            default: throw HostError(.invalidArgument, "field id must be a non-empty string")
            }
            let now = services.clock.now()
            let saved = try services.database.write { db in
                let saved = try WorkflowRegistry.save(
                    id: id,
                    document: document,
                    tenant: caller.tenant,
                    at: now,
                    principal: caller.principal,
                    in: db
                )
                if saved.written {
                    try AuditLog.append(
                        AuditEvent(
                            kind: "workflow.saved",
                            tenantID: caller.tenant,
                            principal: caller.principal,
                            subject: id,
                            data: ["version": .integer(saved.entry.version), "digest": .string(saved.entry.digest)]
                        ),
                        at: now,
                        in: db
                    )
                }
                return saved.entry
            }
            return APIResponse.json(
                [
                    "id": .string(saved.id), "version": .integer(saved.version), "revision": .integer(saved.version),
                    "digest": .string(saved.digest),
                ],
                status: .created
            )
        }
        api.get("workflows/{id}") { _, context -> Response in
            let caller = try context.caller()
            let id = try context.parameters.decoded("id")
            let entry = try services.database.read { db in
                try WorkflowRegistry.get(id: id, tenant: caller.tenant, in: db)
            }
            guard let entry else { throw HostError(.notFound, "workflow \(id) not found") }
            return APIResponse.json(Self.workflowJSON(entry))
        }
        api.get("workflows/{id}/versions") { _, context -> Response in
            let caller = try context.caller()
            let id = try context.parameters.decoded("id")
            let versions = try services.database.read { db in
                let own = try WorkflowRegistry.versions(id: id, tenant: caller.tenant, in: db)
                return own.isEmpty ? try WorkflowRegistry.versions(id: id, tenant: "", in: db) : own
            }
            guard !versions.isEmpty else { throw HostError(.notFound, "workflow \(id) not found") }
            return APIResponse.items(versions.map(Self.workflowJSON))
        }
        api.delete("workflows/{id}") { _, context -> Response in
            try deleteAudited("workflow", kind: "workflow.deleted", context: context) { id, tenant, db in
                try WorkflowRegistry.delete(id: id, tenant: tenant, in: db)
            }
        }
    }

    /// Cordum's workflow object: the definition's fields (`name`, `steps`, `version`, ...) at the top level, with
    /// `id`, `org_id` (the owning tenant; absent for system-wide workflows), `created_at`, `updated_at` and
    /// `created_by`; plus the registry's `revision` (its version number), `digest` and `tenant_id` (empty for
    /// system-wide workflows).
    static func workflowJSON(_ entry: RegistryEntry) -> JSONValue {
        var fields = entry.document.objectValue ?? [:]
        fields["id"] = .string(entry.id)
        if !entry.tenant.isEmpty { fields["org_id"] = .string(entry.tenant) }
        if fields["name"] == nil { fields["name"] = .string(entry.id) }
        var steps = fields["steps"]?.objectValue ?? [:]
        for (id, step) in steps {
            guard var step = step.objectValue, step["id"] == nil else { continue }
            step["id"] = .string(id)
            steps[id] = .object(step)
        }
        fields["steps"] = .object(steps)
        fields["created_at"] = .string(entry.createdAt.description)
        fields["updated_at"] = .string(entry.createdAt.description)
        if fields["created_by"] == nil { fields["created_by"] = .string(entry.createdBy) }
        fields["revision"] = .integer(entry.version)
        fields["digest"] = .string(entry.digest)
        fields["tenant_id"] = .string(entry.tenant)
        return .object(fields)
    }
}
