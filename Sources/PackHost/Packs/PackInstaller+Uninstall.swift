import GRDB
import StructuredData
import WorkflowEngine

extension PackInstaller {
    /// Uninstalls a pack: removes its config overlays (newest first, leaving no empty objects behind) and its
    /// policy fragments, with `purge` also deletes its workflows and schemas, and marks the record DISABLED (the
    /// record stays, as in Cordum). One transaction with its audit records.
    /// - Parameters:
    ///   - packID: the pack.
    ///   - purge: delete the pack's workflows and schemas too.
    ///   - principal: who uninstalls.
    /// - Returns: the record as stored.
    /// - Throws: `not_found` when the pack was never installed; `conflict` when an installed pack requires it.
    @discardableResult
    public func uninstall(_ packID: String, purge: Bool = false, principal: String = "system") throws(HostError)
        -> InstalledPack
    {
        let time = clock.now()
        let hook = faultInjection
        return try database.write { db in
            guard var record = try PackRegistry.record(packID, in: db) else {
                throw HostError(.notFound, "pack \(packID) not installed")
            }
            let dependents = try PackRegistry.list(in: db).filter { other in
                other.isInstalled && other.id != packID
                    && other.requiresPacks.contains { PackRequirement($0).packID == packID }
            }
            if !dependents.isEmpty {
                throw HostError(
                    .conflict,
                    "pack \(packID) is required by "
                        + dependents.map { "\($0.id) \($0.version)" }.joined(separator: ", ")
                        + "; uninstall \(dependents.count == 1 ? "it" : "them") first"
                )
            }
            let wasInstalled = record.isInstalled
            guard wasInstalled || purge else { return record }

            var removedFragments: [String] = []
            if wasInstalled {
                try ConfigOverlays.replace(
                    removing: record.configOverlays,
                    applying: [],
                    at: time,
                    principal: principal,
                    in: db
                )
                try hook?(.configOverlays)
                let bundles = try PolicyBundles.all(in: db)
                removedFragments = record.policyOverlays.map(\.fragmentID).filter { bundles[$0] != nil }
                if !removedFragments.isEmpty {
                    try ConfigStore.update(.system, ConfigStore.policyID, at: time, principal: principal, in: db) {
                        data in
                        var bundles = data["bundles"]?.objectValue ?? [:]
                        for id in removedFragments { bundles.removeValue(forKey: id) }
                        data["bundles"] = .object(bundles)
                    }
                }
                try hook?(.policyOverlays)
            }
            var purged: [String] = []
            if purge {
                for id in record.workflows.keys.sorted() where try WorkflowRegistry.delete(id: id, in: db) {
                    purged.append(id)
                }
                for id in record.schemas.keys.sorted() where try HostSchemaRegistry.delete(id: id, in: db) {
                    purged.append(id)
                }
                try hook?(.purged)
            }
            record.status = .disabled
            try PackRegistry.write(record, at: time, principal: principal, in: db)
            try hook?(.record)
            for id in removedFragments {
                try AuditLog.append(
                    AuditEvent(
                        kind: "policy.bundle.changed",
                        principal: principal,
                        subject: id,
                        data: ["change": "remove", "pack_id": .string(packID), "version": .string(record.version)]
                    ),
                    at: time,
                    in: db
                )
            }
            try AuditLog.append(
                AuditEvent(
                    kind: "pack.uninstalled",
                    principal: principal,
                    subject: packID,
                    data: [
                        "version": .string(record.version), "purge": .bool(purge),
                        "fragments": .array(removedFragments.map(JSONValue.string)),
                        "overlays": .array(
                            (wasInstalled ? record.configOverlays : []).map { .string("\($0.key):\($0.name)") }
                        ),
                        "purged": .array(purged.map(JSONValue.string)),
                    ]
                ),
                at: time,
                in: db
            )
            try hook?(.audit)
            return record
        }
    }
}
