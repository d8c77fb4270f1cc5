import Foundation
import Hummingbird
import PolicyKernel
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// Cordum's policy studio routes: the rules of the bundles, editing and simulating `secops/` bundles,
    /// snapshots, publish, rollback and the policy audit. Every change needs an admin key, goes through the
    /// config store (a bundle that does not parse is refused) and is audited.
    func addPolicyBundleRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("policy/rules") { request, _ -> Response in
            let includeDisabled = try QueryParameters(request).bool("include_disabled")
            let bundles = try services.database.read { db in try PolicyBundles.all(in: db) }
            var items: [JSONValue] = []
            var errors: [JSONValue] = []
            for id in bundles.keys.sorted() {
                let bundle = bundles[id] ?? [:]
                let fragment = PolicyFragment(key: id, bundle: bundle)
                guard includeDisabled || fragment.enabled else { continue }
                do {
                    items += try Self.rules(of: fragment, bundle: bundle)
                } catch {
                    errors.append(["fragment_id": .string(id), "error": .string("\(error)")])
                }
            }
            var answer: [String: JSONValue] = ["items": .array(items)]
            if !errors.isEmpty { answer["errors"] = .array(errors) }
            return APIResponse.json(.object(answer))
        }
        api.put("policy/bundles/{id}") { request, context -> Response in
            let caller = try context.caller()
            try caller.requireAdmin("editing a policy bundle")
            let id = try Self.editableBundleID(context)
            let body = try await object(request)
            let content = try body.requiredString("content").trimmingCharacters(in: .whitespacesAndNewlines)
            try PolicyBundles.validate(Array(content.utf8), key: id)
            let now = services.clock.now()
            let saved = try services.database.write { db -> JSONValue in
                var bundles = try PolicyBundles.all(in: db)
                var bundle = bundles[id]?.objectValue ?? ["created_at": .string(now.rfc3339Seconds)]
                bundle["content"] = .string(content)
                bundle["updated_at"] = .string(now.rfc3339Seconds)
                bundle["author"] = .string(try body.string("author") ?? caller.principal)
                if let message = try body.string("message") { bundle["message"] = .string(message) }
                if let enabled = try body.bool("enabled") { bundle["enabled"] = .bool(enabled) }
                bundles[id] = .object(bundle)
                try PolicyBundles.write(bundles, at: now, principal: caller.principal, in: db)
                return .object(bundle)
            }
            try await services.configurationChanged()
            return APIResponse.json(Self.bundleDetail(id: id, bundle: saved))
        }
        api.post("policy/bundles/{id}/simulate") { request, context -> Response in
            let caller = try context.caller()
            let id = try Self.bundleID(context)
            let body = try await object(request)
            guard let requestBody = body["request"] else {
                throw HostError(.invalidArgument, "field request is required (a policy request object)")
            }
            var overriding: [String: JSONValue] = [:]
            if let content = try body.string("content"), !content.trimmingCharacters(in: .whitespaces).isEmpty {
                try PolicyBundles.validate(Array(content.utf8), key: id)
                overriding[id] = ["content": .string(content), "enabled": true]
            }
            let policy = try services.catalog.governance(overriding: overriding).policy
            return APIResponse.json(policy.evaluate(try Self.policyRequest(requestBody, caller: caller)).protoJSON)
        }
        api.get("policy/bundles/snapshots") { _, _ -> Response in
            let snapshots = try services.database.read { db in try PolicySnapshots.all(in: db) }
            return APIResponse.items(snapshots.map(PolicySnapshots.summary))
        }
        api.post("policy/bundles/snapshots") { request, context -> Response in
            let caller = try context.caller()
            try caller.requireAdmin("capturing a policy snapshot")
            let note = try await object(request).string("note") ?? ""
            let now = services.clock.now()
            let snapshot = try services.database.write { db in
                try PolicySnapshots.capture(note: note, at: now, principal: caller.principal, in: db)
            }
            return APIResponse.json(snapshot)
        }
        api.get("policy/bundles/snapshots/{id}") { _, context -> Response in
            let id = try context.parameters.decoded("id")
            return APIResponse.json(try services.database.read { db in try PolicySnapshots.get(id, in: db) })
        }
        api.post("policy/publish") { request, context -> Response in
            let caller = try context.caller()
            try caller.requireAdmin("publishing policy bundles")
            let body = try await object(request)
            let answer = try publish(body, caller: caller)
            try await services.configurationChanged()
            return APIResponse.json(answer)
        }
        api.post("policy/rollback") { request, context -> Response in
            let caller = try context.caller()
            try caller.requireAdmin("rolling back policy bundles")
            let body = try await object(request)
            let answer = try rollback(body, caller: caller)
            try await services.configurationChanged()
            return APIResponse.json(answer)
        }
        api.get("policy/audit") { request, context -> Response in
            let caller = try context.caller()
            try caller.requireAdmin("reading the policy audit")
            let limit = try QueryParameters(request).int("limit", default: 100, range: 1...1000)
            let records = try services.audit.records(
                tenant: "",
                kinds: Self.policyAuditKinds,
                limit: limit,
                newestFirst: true
            )
            return APIResponse.items(records.map(Self.policyAuditEntry))
        }
    }

    /// The bundle id of the path (`~` stands for `/`).
    static func bundleID(_ context: HostRequestContext) throws(HostError) -> String {
        try context.parameters.decoded("id").replacingOccurrences(of: "~", with: "/")
    }

    /// The bundle id of the path, which must be an editable (`secops/`) bundle.
    /// - Throws: `invalid_argument` for a bundle of an installed pack.
    static func editableBundleID(_ context: HostRequestContext) throws(HostError) -> String {
        let id = try bundleID(context)
        guard id.hasPrefix(PolicySnapshots.editablePrefix), id.count > PolicySnapshots.editablePrefix.count else {
            throw HostError(
                .invalidArgument,
                "bundle id \(id) must start with \(PolicySnapshots.editablePrefix) (installed packs own the others)"
            )
        }
        return id
    }
}
