public import StructuredData

/// What an install changes, computed before anything is written: returned as is by a dry run, and with the
/// result of a real install.
public struct InstallPlan: Sendable, Hashable {
    /// What happens to one object.
    public enum Change: String, Sendable, Hashable {
        /// It does not exist yet.
        case new
        /// It exists with the same content; nothing is written.
        case noop = "no-op"
        /// It exists with other content and is replaced (an upgrade).
        case update
        /// The installed version has it and the new one does not; it is removed (an upgrade).
        case remove
    }

    /// What the install as a whole does.
    public enum Action: String, Sendable, Hashable {
        /// A pack that was never installed.
        case install
        /// A pack that was uninstalled (DISABLED) is installed again.
        case reinstall
        /// An installed pack is replaced (`upgrade`).
        case upgrade
        /// The same pack with the same content is installed already; nothing is written.
        case unchanged
    }

    /// A schema or workflow.
    public struct Resource: Sendable, Hashable {
        /// The id.
        public var id: String
        /// What happens to it.
        public var change: Change
        /// The digest of the bundle file (of the installed object for `remove`).
        public var digest: String
    }

    /// A config overlay patch.
    public struct ConfigPatch: Sendable, Hashable {
        /// The overlay's name.
        public var name: String
        /// The document: `cfg:<scope>:<scope_id>`.
        public var document: String
        /// The key patched (`pools`, `timeouts`).
        public var key: String
        /// What happens to it.
        public var change: Change
        /// The patch applied (for `remove`, the patch removed).
        public var patch: JSONValue
    }

    /// A policy fragment.
    public struct Fragment: Sendable, Hashable {
        /// The bundle key, `<pack>/<name>`.
        public var id: String
        /// What happens to it.
        public var change: Change
        /// SHA-256 of the fragment file.
        public var sha256: String
    }

    /// A pack named in `requires_packs`.
    public struct Requirement: Sendable, Hashable {
        /// The pack id.
        public var packID: String
        /// The version constraint, empty for any.
        public var constraint: String
        /// The installed version, if installed (ACTIVE or INACTIVE).
        public var installedVersion: String?
        /// Whether it is installed in a version the constraint allows.
        public var satisfied: Bool
    }

    /// The pack id.
    public var packID: String
    /// The version installed.
    public var version: String
    /// The version installed before, if any.
    public var previousVersion: String?
    /// What the install does.
    public var action: Action
    /// The status the pack gets.
    public var status: InstalledPack.Status
    /// Schemas, in manifest order, then removals.
    public var schemas: [Resource]
    /// Workflows, in manifest order, then removals.
    public var workflows: [Resource]
    /// Config overlay patches, in manifest order, then removals.
    public var configPatches: [ConfigPatch]
    /// Policy fragments, in manifest order, then removals.
    public var fragments: [Fragment]
    /// `requires_packs`.
    public var requires: [Requirement]
    /// Things worth knowing that do not stop the install (a schema read under draft-07 rules, ...).
    public var notes: [String]

    /// The plan as JSON: `{pack_id, version, previous_version, action, status, schemas[], workflows[],
    /// config[], fragments[], requires[], notes[]}`.
    public var json: JSONValue {
        func resources(_ items: [Resource]) -> JSONValue {
            .array(
                items.map {
                    ["id": .string($0.id), "change": .string($0.change.rawValue), "digest": .string($0.digest)]
                }
            )
        }
        return [
            "pack_id": .string(packID),
            "version": .string(version),
            "previous_version": previousVersion.map(JSONValue.string) ?? .null,
            "action": .string(action.rawValue),
            "status": .string(status.rawValue),
            "schemas": resources(schemas),
            "workflows": resources(workflows),
            "config": .array(
                configPatches.map {
                    [
                        "name": .string($0.name), "document": .string($0.document), "key": .string($0.key),
                        "change": .string($0.change.rawValue), "patch": $0.patch,
                    ]
                }
            ),
            "fragments": .array(
                fragments.map {
                    ["id": .string($0.id), "change": .string($0.change.rawValue), "sha256": .string($0.sha256)]
                }
            ),
            "requires": .array(
                requires.map {
                    [
                        "pack_id": .string($0.packID), "constraint": .string($0.constraint),
                        "installed_version": $0.installedVersion.map(JSONValue.string) ?? .null,
                        "satisfied": .bool($0.satisfied),
                    ]
                }
            ),
            "notes": .array(notes.map(JSONValue.string)),
        ]
    }

    /// Whether the plan changes anything.
    public var changesSomething: Bool { action != .unchanged }
}

/// The outcome of an install.
public struct InstallResult: Sendable, Hashable {
    /// What was (or, for a dry run, would be) done.
    public var plan: InstallPlan
    /// The record as stored (for a dry run or an unchanged install: as it would be / as it is).
    public var record: InstalledPack
    /// Whether the store was written (false for a dry run and for an unchanged reinstall).
    public var applied: Bool

    /// `{applied, plan, record}`.
    public var json: JSONValue { ["applied": .bool(applied), "plan": plan.json, "record": record.json] }
}
