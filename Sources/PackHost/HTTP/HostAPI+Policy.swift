import Foundation
import GRDB
import Hummingbird
import PolicyKernel
import StructuredData

extension HostAPI {
    /// `/policy/evaluate|simulate|explain` against the installed policy (strict: topic-declared risk tags are
    /// always applied), and the bundle and snapshot listings.
    func addPolicyRoutes(to api: RouterGroup<HostRequestContext>) {
        api.post("policy/evaluate") { request, context -> Response in
            let policy = try services.catalog.governance().policy
            return APIResponse.json(policy.evaluate(try await policyRequest(request, context)).protoJSON)
        }
        api.post("policy/simulate") { request, context -> Response in
            let policy = try services.catalog.governance().policy
            return APIResponse.json(policy.evaluate(try await policyRequest(request, context)).protoJSON)
        }
        api.post("policy/explain") { request, context -> Response in
            let policy = try services.catalog.governance().policy
            return APIResponse.json(Self.explainAnswer(policy.explain(try await policyRequest(request, context))))
        }
        api.get("policy/snapshots") { _, _ -> Response in
            let policy = try services.catalog.governance().policy
            return APIResponse.json(["snapshots": [.string(policy.snapshot)]])
        }
        api.get("policy/bundles") { _, _ -> Response in
            let document = try services.database.read { db in try ConfigStore.get(.system, ConfigStore.policyID, in: db)
            }
            let bundles = document?.data["bundles"]?.objectValue ?? [:]
            let items = bundles.keys.sorted().map { id in Self.bundleItem(id: id, bundle: bundles[id] ?? [:]) }
            return APIResponse.json([
                "bundles": .object(bundles), "items": .array(items),
                "updated_at": .string(document?.updatedAt.rfc3339Seconds ?? ""),
            ])
        }
        api.get("policy/bundles/{id}") { _, context -> Response in
            let id = try context.parameters.decoded("id").replacingOccurrences(of: "~", with: "/")
            let bundles = try services.database.read { db in try PolicyBundles.all(in: db) }
            guard let bundle = bundles[id] else { throw HostError(.notFound, "policy bundle \(id) not found") }
            var fields: [String: JSONValue] = [
                "id": .string(id),
                "content": .string(PolicyFragment(key: id, bundle: bundle).content),
                "enabled": .bool(bundle["enabled"]?.boolValue ?? true),
            ]
            for key in ["author", "message", "created_at", "updated_at"] { fields[key] = bundle[key] }
            return APIResponse.json(.object(fields))
        }
    }

    /// Evaluate's answer (protojson `PolicyCheckResponse`) with the explanation under `explanation`.
    static func explainAnswer(_ explanation: PolicyExplanation) -> JSONValue {
        var fields = explanation.decision.protoJSON.objectValue ?? [:]
        fields["explanation"] = explanation.json
        return .object(fields)
    }

    /// The request body as a kernel request, with the tenant forced to the caller's.
    private func policyRequest(_ request: Request, _ context: HostRequestContext) async throws -> PolicyRequest {
        try Self.policyRequest(try await RequestBody.json(request, limit: limits.jsonBytes), caller: context.caller())
    }

    /// A policy request body as a kernel request, with the tenant forced to the caller's.
    static func policyRequest(_ body: JSONValue, caller: APIIdentity) throws(HostError) -> PolicyRequest {
        guard let topic = body["topic"]?.stringValue, !topic.isEmpty else {
            throw HostError(.invalidArgument, "topic is required")
        }
        var parsed: PolicyRequest
        do {
            parsed = try PolicyRequest(json: body)
        } catch {
            throw HostError(.invalidArgument, "invalid policy request: \(error)")
        }
        parsed.tenant = caller.tenant
        parsed.meta.tenantID = caller.tenant
        if parsed.principalID.isEmpty { parsed.principalID = caller.principal }
        return parsed
    }

    /// One item of `GET /policy/bundles`.
    static func bundleItem(id: String, bundle: JSONValue) -> JSONValue {
        let source = id.hasPrefix("secops/") ? "secops" : id.contains("/") ? "pack" : "core"
        var fields: [String: JSONValue] = [
            "id": .string(id),
            "enabled": .bool(bundle["enabled"]?.boolValue ?? true),
            "source": .string(source),
            "sha256": .string(
                bundle["sha256"]?.stringValue
                    ?? Hashing.sha256Hex(PolicyFragment(key: id, bundle: bundle).content)
            ),
        ]
        for key in ["author", "message", "created_at", "updated_at", "version", "installed_at"] {
            fields[key] = bundle[key]
        }
        return .object(fields)
    }
}
