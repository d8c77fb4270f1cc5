import Foundation
import Hummingbird
import PolicyKernel
import StructuredData
import WorkflowEngine

extension HostAPI {
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
}
