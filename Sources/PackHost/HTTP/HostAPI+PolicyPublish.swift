import Foundation
import Hummingbird
import PolicyKernel
import StructuredData
import WorkflowEngine

extension HostAPI {
    /// Enables the named `secops/` bundles (all of them when none are named) between two snapshots, and audits
    /// `policy.published`. Answers `{snapshot_before, snapshot_after, published}`.
    func publish(_ body: BodyObject, caller: APIIdentity) throws(HostError) -> JSONValue {
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
    func rollback(_ body: BodyObject, caller: APIIdentity) throws(HostError) -> JSONValue {
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
}
