import Hummingbird
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// `/config` and `/config/effective`. A tenant reads and writes its own `org` document (scope id = its
    /// tenant); the `system` scope is readable by every key and writable by admin keys; `team`, `workflow` and
    /// `step` documents are not partitioned by tenant, so they need an admin key.
    func addConfigRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("config") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            let (scope, scopeID) = try Self.configAddress(
                scope: query.string("scope"),
                scopeID: query.string("scope_id"),
                caller: caller,
                writing: false
            )
            let document = try services.database.read { db in try ConfigStore.get(scope, scopeID, in: db) }
            guard let document else { throw HostError(.notFound, "no config document \(scope.rawValue)/\(scopeID)") }
            return APIResponse.json(document.json)
        }
        api.post("config") { request, context -> Response in
            let caller = try context.caller()
            let body = try await object(request)
            let (scope, scopeID) = try Self.configAddress(
                scope: try body.string("scope"),
                scopeID: try body.string("scope_id"),
                caller: caller,
                writing: true
            )
            guard let data = try body.object("data") else {
                throw HostError(.invalidArgument, "field data is required (an object)")
            }
            let meta = try body.stringMap("meta")
            let revision = try body.int("revision")
            let now = services.clock.now()
            try services.database.write { db in
                try ConfigStore.set(
                    scope,
                    scopeID,
                    data: data,
                    meta: meta,
                    expectedRevision: revision,
                    at: now,
                    principal: caller.principal,
                    in: db
                )
            }
            try await services.configurationChanged()
            return APIResponse.noContent()
        }
        api.get("config/effective") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            if let org = query.string("org_id"), org != caller.tenant {
                throw HostError(.notFound, "no config for org \(org)")
            }
            // Team, workflow and step documents are not partitioned by tenant: reading them merged needs what
            // reading them alone needs.
            for (field, scope) in [("team_id", "team"), ("workflow_id", "workflow"), ("step_id", "step")] {
                guard let value = query.string(field), !value.isEmpty else { continue }
                try caller.requireAdmin("\(scope) config (\(field))")
            }
            let merged = try services.database.read { db in
                try ConfigStore.effective(
                    orgID: caller.tenant,
                    teamID: query.string("team_id"),
                    workflowID: query.string("workflow_id"),
                    stepID: query.string("step_id"),
                    in: db
                )
            }
            return APIResponse.json(.object(merged))
        }
    }

    /// The scope and scope id a caller may address.
    static func configAddress(scope text: String?, scopeID: String?, caller: APIIdentity, writing: Bool)
        throws(HostError) -> (ConfigScope, String)
    {
        guard let text else {
            throw HostError(
                .invalidArgument,
                "scope is required (one of " + ConfigScope.allCases.map(\.rawValue).joined(separator: ", ") + ")"
            )
        }
        let scope = try ConfigScope(parsing: text)
        switch scope {
        case .system:
            if writing { try caller.requireAdmin("writing system config") }
            return (scope, scopeID ?? ConfigStore.defaultID)
        case .org:
            let id = scopeID ?? caller.tenant
            guard id == caller.tenant else {
                throw HostError(.notFound, "no config document org/\(id)")
            }
            return (scope, id)
        case .team, .workflow, .step:
            try caller.requireAdmin("\(scope.rawValue) config")
            guard let scopeID, !scopeID.isEmpty else {
                throw HostError(.invalidArgument, "scope_id is required for scope \(scope.rawValue)")
            }
            return (scope, scopeID)
        }
    }
}
