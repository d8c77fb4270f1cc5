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

    /// Enables the named `secops/` bundles (all of them when none are named) between two snapshots, and audits
    /// `policy.published`. Answers `{snapshot_before, snapshot_after, published}`.
    private func publish(_ body: BodyObject, caller: APIIdentity) throws(HostError) -> JSONValue {
        let requested = try body.strings("bundle_ids") ?? []
        let message = try body.string("message")
        let note = try body.string("note") ?? ""
        let author = try body.string("author") ?? caller.principal
        let now = services.clock.now()
        return try services.database.write { db in
            var bundles = try PolicyBundles.all(in: db)
            guard !bundles.isEmpty else { throw HostError(.invalidArgument, "no policy bundles are configured") }
            let editable = bundles.keys.filter { $0.hasPrefix(PolicySnapshots.editablePrefix) }
            let targets = (requested.isEmpty ? editable : requested.filter { editable.contains($0) }).sorted()
            guard !targets.isEmpty else {
                throw HostError(
                    .invalidArgument,
                    "no policy bundles to publish: bundle_ids must name existing \(PolicySnapshots.editablePrefix) "
                        + "bundles (or be empty for all of them)"
                )
            }
            let before = try PolicySnapshots.capture(note: note, at: now, principal: caller.principal, in: db)
            for id in Set(targets) {
                var bundle = bundles[id]?.objectValue ?? [:]
                bundle["enabled"] = true
                bundle["updated_at"] = .string(now.rfc3339Seconds)
                bundle["author"] = .string(author)
                if let message { bundle["message"] = .string(message) }
                bundles[id] = .object(bundle)
            }
            try PolicyBundles.write(bundles, at: now, principal: caller.principal, in: db)
            let after = try PolicySnapshots.capture(note: note, at: now, principal: caller.principal, in: db)
            let answer: JSONValue = [
                "snapshot_before": before["id"] ?? "", "snapshot_after": after["id"] ?? "",
                "published": .array(targets.map(JSONValue.string)),
            ]
            try AuditLog.append(
                AuditEvent(
                    kind: "policy.published",
                    principal: caller.principal,
                    subject: after["id"]?.stringValue ?? "",
                    data: [
                        "bundle_ids": answer["published"] ?? [], "message": .string(message ?? ""),
                        "snapshot_before": answer["snapshot_before"] ?? "",
                        "snapshot_after": answer["snapshot_after"] ?? "",
                    ]
                ),
                at: now,
                in: db
            )
            return answer
        }
    }

    /// Restores the `secops/` bundles of a snapshot (bundles of installed packs stay as they are) between two
    /// snapshots, and audits `policy.rolled_back`. Answers `{snapshot_before, snapshot_after, rollback_to}`.
    private func rollback(_ body: BodyObject, caller: APIIdentity) throws(HostError) -> JSONValue {
        let snapshotID = try body.requiredString("snapshot_id")
        let message = try body.string("message") ?? ""
        let note = try body.string("note") ?? ""
        let now = services.clock.now()
        return try services.database.write { db in
            let target = try PolicySnapshots.get(snapshotID, in: db)
            let before = try PolicySnapshots.capture(note: note, at: now, principal: caller.principal, in: db)
            let prefix = PolicySnapshots.editablePrefix
            var bundles = try PolicyBundles.all(in: db).filter { !$0.key.hasPrefix(prefix) }
            var restored: [String] = []
            for (id, bundle) in target["bundles"]?.objectValue ?? [:] where id.hasPrefix(prefix) {
                bundles[id] = bundle
                restored.append(id)
            }
            try PolicyBundles.write(bundles, at: now, principal: caller.principal, in: db)
            let after = try PolicySnapshots.capture(note: note, at: now, principal: caller.principal, in: db)
            let answer: JSONValue = [
                "snapshot_before": before["id"] ?? "", "snapshot_after": after["id"] ?? "",
                "rollback_to": .string(snapshotID),
                "restored": .array(restored.sorted().map(JSONValue.string)),
            ]
            try AuditLog.append(
                AuditEvent(
                    kind: "policy.rolled_back",
                    principal: caller.principal,
                    subject: snapshotID,
                    data: [
                        "bundle_ids": answer["restored"] ?? [], "message": .string(message),
                        "snapshot_before": answer["snapshot_before"] ?? "",
                        "snapshot_after": answer["snapshot_after"] ?? "",
                    ]
                ),
                at: now,
                in: db
            )
            return answer
        }
    }

    /// The audit kinds `GET /policy/audit` lists.
    static let policyAuditKinds = [
        "policy.published", "policy.rolled_back", "policy.bundle.changed", "policy.snapshot.captured",
    ]

    /// One audit record as Cordum's policy audit entry: `{id, action, actor_id, bundle_ids, message,
    /// snapshot_before, snapshot_after, created_at}`, plus `seq`, `kind` and `subject`.
    static func policyAuditEntry(_ record: AuditRecord) -> JSONValue {
        let event = record.event
        let action: String
        switch event.kind {
        case "policy.published": action = "publish"
        case "policy.rolled_back": action = "rollback"
        case "policy.snapshot.captured": action = "snapshot"
        default: action = "bundle." + (event.data["change"]?.stringValue ?? "update")
        }
        var fields: [String: JSONValue] = [
            "id": .string("audit-\(record.sequence)"),
            "seq": .integer(Int(record.sequence)),
            "kind": .string(event.kind),
            "subject": .string(event.subject),
            "action": .string(action),
            "actor_id": .string(event.principal),
            "author": .string(event.principal),
            "created_at": .string(record.time.rfc3339Seconds),
            "timestamp": .string(record.time.rfc3339Seconds),
            "bundle_ids": event.data["bundle_ids"]
                ?? .array(event.kind == "policy.bundle.changed" ? [.string(event.subject)] : []),
        ]
        for key in ["message", "snapshot_before", "snapshot_after"] { fields[key] = event.data[key] }
        return .object(fields)
    }

    /// The rules of a bundle as Cordum lists them: each rule of `rules` (or, for a legacy document, one rule per
    /// tenant topic), with `source` `{fragment_id, pack_id?, version?, installed_at?, sha256}`.
    static func rules(of fragment: PolicyFragment, bundle: JSONValue) throws -> [JSONValue] {
        let root = try YAMLLoader.load(fragment.content, file: fragment.key)
        var rules = (root["rules"]?.arrayValue ?? []).compactMap(\.objectValue)
        if rules.isEmpty {
            for (tenant, policy) in (root["tenants"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
                for decision in ["deny", "allow"] {
                    let topics = (policy["\(decision)_topics"]?.arrayValue ?? []).compactMap(\.stringValue)
                    for (index, topic) in topics.enumerated() {
                        rules.append([
                            "id": .string("legacy:\(tenant):\(decision):\(index + 1)"),
                            "decision": .string(decision),
                            "match": ["tenants": [.string(tenant)], "topics": [.string(topic)]],
                        ])
                    }
                }
            }
        }
        var source: [String: JSONValue] = [
            "fragment_id": .string(fragment.key),
            "sha256": .string(Hashing.sha256Hex(fragment.content)),
        ]
        if let slash = fragment.key.firstIndex(of: "/"), !fragment.key.hasPrefix(PolicySnapshots.editablePrefix) {
            source["pack_id"] = .string(String(fragment.key[..<slash]))
        }
        for key in ["version", "installed_at"] { source[key] = bundle[key] }
        return rules.map { rule in
            var rule = rule
            rule["source"] = .object(source)
            return .object(rule)
        }
    }

    /// Cordum's bundle detail: `{id, content, enabled, author?, message?, created_at?, updated_at?}` plus `sha256`.
    static func bundleDetail(id: String, bundle: JSONValue) -> JSONValue {
        let fragment = PolicyFragment(key: id, bundle: bundle)
        var fields: [String: JSONValue] = [
            "id": .string(id),
            "content": .string(fragment.content),
            "enabled": .bool(fragment.enabled),
            "sha256": .string(PolicyBundles.sha256(of: bundle) ?? ""),
        ]
        for key in ["author", "message", "created_at", "updated_at"] { fields[key] = bundle[key] }
        return .object(fields)
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
