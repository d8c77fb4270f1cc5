import GRDB
import PackFormat
import StructuredData
import WorkflowEngine

/// A plan together with what the writer needs to carry it out.
struct PlannedInstall: Sendable {
    var plan: InstallPlan
    /// The record to store.
    var record: InstalledPack
    /// The record installed before, if any.
    var existing: InstalledPack?
    /// The config overlays to remove first: the previous version's, when it is still installed.
    var overlaysToRemove: [InstalledPack.ConfigOverlayRecord]
    /// The config overlays to apply, in manifest order.
    var overlaysToApply: [PreparedPack.ConfigOverlay]
    /// The fragment ids to remove (previous version's, absent from the new one).
    var fragmentsToRemove: [String]
    /// Schema ids to delete (upgrade).
    var schemasToRemove: [String]
    /// Workflow ids to delete (upgrade).
    var workflowsToRemove: [String]
}

/// Reads the store and decides what an install does, refusing what it must not do. Writes nothing.
struct InstallPlanner {
    let pack: PreparedPack
    let options: InstallOptions
    let time: Timestamp

    func plan(in db: Database) throws -> PlannedInstall {
        let existing = try PackRegistry.record(pack.id, in: db)
        let installed = existing?.isInstalled == true
        let requires = try requirements(in: db)
        if let missing = requires.first(where: { !$0.satisfied }) {
            let wanted = missing.constraint.isEmpty ? "" : " \(missing.constraint)"
            let found = missing.installedVersion.map { "; \($0) is installed" } ?? " and it is not installed"
            throw HostError(
                .conflict,
                "pack \(pack.id) requires pack \(missing.packID)\(wanted)\(found); install it first"
            )
        }
        var notes = pack.notes
        var conflicts: [String] = []

        var schemas: [InstallPlan.Resource] = []
        for schema in pack.schemas {
            let current = try HostSchemaRegistry.table.latest(schema.id, owner: "", in: db)
            let change = Self.change(current?.digest, schema.digest)
            if change == .update { conflicts.append("schema \(schema.id)") }
            schemas.append(InstallPlan.Resource(id: schema.id, change: change, digest: schema.digest))
        }
        let packSchemas = Dictionary(pack.schemas.map { ($0.id, $0.document) }, uniquingKeysWith: { _, last in last })
        var workflows: [InstallPlan.Resource] = []
        for workflow in pack.workflows {
            try WorkflowRegistry.checkOwnership(id: workflow.id, tenant: "", in: db)
            try WorkflowRegistry.validate(workflow.document, id: workflow.id, extraSchemas: packSchemas, in: db)
            let current = try WorkflowRegistry.table.latest(workflow.id, owner: "", in: db)
            let change = Self.change(current?.digest, workflow.digest)
            if change == .update { conflicts.append("workflow \(workflow.id)") }
            workflows.append(InstallPlan.Resource(id: workflow.id, change: change, digest: workflow.digest))
        }

        let applied = pack.appliedOverlays(inactive: options.inactive)
        try PoolOwnership.check(pack, overlays: applied, in: db)
        let previousOverlays = installed ? existing?.configOverlays ?? [] : []
        var patches: [InstallPlan.ConfigPatch] = []
        for overlay in applied {
            let before = previousOverlays.first {
                $0.name == overlay.name && $0.key == overlay.key && $0.scope == overlay.scope.rawValue
                    && $0.scopeID == overlay.scopeID
            }
            let change: InstallPlan.Change = before == nil ? .new : (before?.patch == overlay.patch ? .noop : .update)
            patches.append(
                InstallPlan.ConfigPatch(
                    name: overlay.name,
                    document: overlay.document,
                    key: overlay.key,
                    change: change,
                    patch: overlay.patch
                )
            )
        }
        for old in previousOverlays
        where !applied.contains(where: {
            $0.name == old.name && $0.key == old.key && $0.scope.rawValue == old.scope && $0.scopeID == old.scopeID
        }) {
            patches.append(
                InstallPlan.ConfigPatch(
                    name: old.name,
                    document: "cfg:\(old.scope):\(old.scopeID.isEmpty ? ConfigStore.defaultID : old.scopeID)",
                    key: old.key,
                    change: .remove,
                    patch: old.patch
                )
            )
        }
        for overlay in applied where overlay.scope != .system || overlay.scopeID != ConfigStore.defaultID {
            notes.append(
                "config overlay \(overlay.name) targets \(overlay.document); only cfg:system:default is read for routing"
            )
        }
        if let current = try ConfigStore.get(.system, ConfigStore.defaultID, in: db),
            applied.contains(where: { $0.scope == .system && $0.scopeID == ConfigStore.defaultID })
        {
            try ConfigKeyCasing.check(current.data, document: "cfg:system:default")
        }

        let bundles = try PolicyBundles.all(in: db)
        var fragments: [InstallPlan.Fragment] = []
        for fragment in pack.fragments {
            let change = Self.change(PolicyBundles.sha256(of: bundles[fragment.id]), fragment.sha256)
            fragments.append(InstallPlan.Fragment(id: fragment.id, change: change, sha256: fragment.sha256))
        }
        let newFragmentIDs = Set(pack.fragments.map(\.id))
        let fragmentsToRemove = (installed || options.upgrade ? existing?.policyOverlays ?? [] : [])
            .map(\.fragmentID).filter { !newFragmentIDs.contains($0) && bundles[$0] != nil }
        for id in fragmentsToRemove {
            fragments.append(
                InstallPlan.Fragment(id: id, change: .remove, sha256: PolicyBundles.sha256(of: bundles[id]) ?? "")
            )
        }

        var schemasToRemove: [String] = []
        var workflowsToRemove: [String] = []
        if let existing, options.upgrade {
            for (id, digest) in existing.schemas.sorted(by: { $0.key < $1.key }) where !packSchemas.keys.contains(id) {
                guard try HostSchemaRegistry.table.latest(id, owner: "", in: db) != nil else { continue }
                schemasToRemove.append(id)
                schemas.append(InstallPlan.Resource(id: id, change: .remove, digest: digest))
            }
            let newWorkflows = Set(pack.workflows.map(\.id))
            for (id, digest) in existing.workflows.sorted(by: { $0.key < $1.key }) where !newWorkflows.contains(id) {
                guard try WorkflowRegistry.table.latest(id, owner: "", in: db) != nil else { continue }
                workflowsToRemove.append(id)
                workflows.append(InstallPlan.Resource(id: id, change: .remove, digest: digest))
            }
        }

        let status: InstalledPack.Status =
            !options.inactive && applied.contains(where: { $0.key == "pools" }) ? .active : .inactive
        let record = pack.record(
            status: status,
            time: time.rfc3339Seconds,
            principal: options.principal,
            inactive: options.inactive
        )

        let action: InstallPlan.Action
        if let existing, installed {
            let everythingSame =
                existing.content == record.content && schemas.allSatisfy { $0.change == .noop }
                && workflows.allSatisfy { $0.change == .noop } && fragments.allSatisfy { $0.change == .noop }
                && patches.allSatisfy { $0.change == .noop }
            if everythingSame {
                action = .unchanged
            } else if options.upgrade {
                action = .upgrade
            } else {
                var differing = conflicts
                if existing.version != record.version { differing.insert("version \(existing.version)", at: 0) }
                differing += fragments.filter { $0.change != .noop }.map { "policy fragment \($0.id)" }
                differing += patches.filter { $0.change != .noop }.map { "config overlay \($0.name) (\($0.key))" }
                if differing.isEmpty { differing = ["the registry record"] }
                throw HostError(
                    .conflict,
                    "pack \(pack.id) \(existing.version) is installed and differs from \(pack.version) in "
                        + differing.joined(separator: ", ") + "; rerun with upgrade to replace it"
                )
            }
        } else {
            if !options.upgrade, let first = conflicts.first {
                throw HostError(.conflict, "\(first) exists with different content; rerun with upgrade to overwrite")
            }
            action = existing == nil ? .install : (options.upgrade ? .upgrade : .reinstall)
        }

        let plan = InstallPlan(
            packID: pack.id,
            version: pack.version,
            previousVersion: existing?.version,
            action: action,
            status: status,
            schemas: schemas,
            workflows: workflows,
            configPatches: patches,
            fragments: fragments,
            requires: requires,
            notes: notes
        )
        return PlannedInstall(
            plan: plan,
            record: record,
            existing: existing,
            overlaysToRemove: previousOverlays,
            overlaysToApply: applied,
            fragmentsToRemove: fragmentsToRemove,
            schemasToRemove: schemasToRemove,
            workflowsToRemove: workflowsToRemove
        )
    }

    private func requirements(in db: Database) throws -> [InstallPlan.Requirement] {
        try pack.pack.manifest.requiresPacks.map { text in
            let requirement = PackRequirement(text)
            let record = try PackRegistry.record(requirement.packID, in: db)
            let installedVersion = record?.isInstalled == true ? record?.version : nil
            let satisfied =
                try installedVersion.map { version throws(HostError) in try requirement.allows(version) } ?? false
            return InstallPlan.Requirement(
                packID: requirement.packID,
                constraint: requirement.constraint,
                installedVersion: installedVersion,
                satisfied: satisfied
            )
        }
    }

    private static func change(_ current: String?, _ new: String) -> InstallPlan.Change {
        guard let current else { return .new }
        return current == new ? .noop : .update
    }
}
