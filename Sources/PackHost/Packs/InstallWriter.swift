import GRDB
import StructuredData
import WorkflowEngine

/// Carries out a planned install inside the caller's transaction, in Cordum's order: the previous version's
/// leftovers, schemas, workflows, config overlays, policy fragments, the registry record, then the audit records.
struct InstallWriter {
    let planned: PlannedInstall
    let pack: PreparedPack
    let time: Timestamp
    let principal: String
    let hook: (@Sendable (InstallStep) throws -> Void)?

    func apply(in db: Database) throws {
        for id in planned.workflowsToRemove { try WorkflowRegistry.delete(id: id, in: db) }
        for id in planned.schemasToRemove { try HostSchemaRegistry.delete(id: id, in: db) }
        try hook?(.removedOld)

        for schema in pack.schemas {
            _ = try HostSchemaRegistry.table.save(
                schema.id,
                owner: "",
                document: schema.document,
                digest: schema.digest,
                at: time,
                by: principal,
                in: db
            )
        }
        try hook?(.schemas)

        for workflow in pack.workflows {
            _ = try WorkflowRegistry.store(
                id: workflow.id,
                document: workflow.document,
                tenant: "",
                at: time,
                principal: principal,
                in: db
            )
        }
        try hook?(.workflows)

        try ConfigOverlays.replace(
            removing: planned.overlaysToRemove,
            applying: planned.overlaysToApply,
            at: time,
            principal: principal,
            in: db
        )
        try hook?(.configOverlays)

        let changedFragments = planned.plan.fragments.filter { $0.change != .noop }
        if !changedFragments.isEmpty {
            try ConfigStore.update(.system, ConfigStore.policyID, at: time, principal: principal, in: db) { data in
                var bundles = data["bundles"]?.objectValue ?? [:]
                for id in planned.fragmentsToRemove { bundles.removeValue(forKey: id) }
                for fragment in pack.fragments where changedFragments.contains(where: { $0.id == fragment.id }) {
                    bundles[fragment.id] = [
                        "content": .string(fragment.content), "version": .string(pack.version),
                        "sha256": .string(fragment.sha256), "installed_at": .string(time.rfc3339Seconds),
                    ]
                }
                data["bundles"] = .object(bundles)
            }
        }
        try hook?(.policyOverlays)

        try PackRegistry.write(planned.record, at: time, principal: principal, in: db)
        try hook?(.record)

        for fragment in changedFragments {
            try AuditLog.append(
                AuditEvent(
                    kind: "policy.bundle.changed",
                    principal: principal,
                    subject: fragment.id,
                    data: [
                        "change": .string(fragment.change.rawValue), "sha256": .string(fragment.sha256),
                        "pack_id": .string(pack.id), "version": .string(pack.version),
                    ]
                ),
                at: time,
                in: db
            )
        }
        let plan = planned.plan
        try AuditLog.append(
            AuditEvent(
                kind: plan.action == .upgrade ? "pack.upgraded" : "pack.installed",
                principal: principal,
                subject: pack.id,
                data: [
                    "version": .string(pack.version),
                    "previous_version": plan.previousVersion.map(JSONValue.string) ?? .null,
                    "status": .string(plan.status.rawValue),
                    "schemas": .object(planned.record.schemas.mapValues(JSONValue.string)),
                    "workflows": .object(planned.record.workflows.mapValues(JSONValue.string)),
                    "fragments": .object(
                        Dictionary(
                            pack.fragments.map { ($0.id, JSONValue.string($0.sha256)) },
                            uniquingKeysWith: { $1 }
                        )
                    ),
                    "overlays": .array(planned.record.configOverlays.map { .string("\($0.key):\($0.name)") }),
                    "removed": .array(
                        (planned.schemasToRemove + planned.workflowsToRemove + planned.fragmentsToRemove)
                            .map(JSONValue.string)
                    ),
                ]
            ),
            at: time,
            in: db
        )
        try hook?(.audit)
    }
}
