public import PackFormat
public import StructuredData

/// A pack's registry record (`cfg:system:packs` `data.installed.<id>`), as Cordum's gateway writes it.
///
/// Records are read in either key casing: the gateway writes camelCase JSON, `cordumctl` writes Go field names
/// (`ID`, `Version`, `PolicySimulations`, ...); keys are matched case-insensitively, as Go's `encoding/json` does.
public struct InstalledPack: Sendable, Hashable {
    /// `status`.
    public enum Status: String, Sendable, Hashable {
        /// Installed with a pools overlay applied: its topics route to workers.
        case active = "ACTIVE"
        /// Installed without routing (installed inactive, or the pack has no pools overlay).
        case inactive = "INACTIVE"
        /// Uninstalled; the record stays.
        case disabled = "DISABLED"
    }

    /// A declared topic (`manifest.topics[]`).
    public struct Topic: Sendable, Hashable {
        /// `name`.
        public var name: String
        /// `requires`.
        public var requires: [String]
        /// `riskTags`.
        public var riskTags: [String]
        /// `capability`.
        public var capability: String

        /// Creates a topic.
        public init(name: String, requires: [String] = [], riskTags: [String] = [], capability: String = "") {
            self.name = name
            self.requires = requires
            self.riskTags = riskTags
            self.capability = capability
        }
    }

    /// An applied config overlay (`overlays.config[]`): what uninstall removes again.
    public struct ConfigOverlayRecord: Sendable, Hashable {
        /// `name`.
        public var name: String
        /// `scope`.
        public var scope: String
        /// `scope_id`.
        public var scopeID: String
        /// `key` (`pools`, `timeouts`).
        public var key: String
        /// `patch`: the patch exactly as applied.
        public var patch: JSONValue

        /// Creates a record.
        public init(name: String, scope: String, scopeID: String, key: String, patch: JSONValue) {
            self.name = name
            self.scope = scope
            self.scopeID = scopeID
            self.key = key
            self.patch = patch
        }
    }

    /// An applied policy overlay (`overlays.policy[]`).
    public struct PolicyOverlayRecord: Sendable, Hashable {
        /// `name`.
        public var name: String
        /// `fragment_id`: the bundle key, `<pack>/<name>`.
        public var fragmentID: String

        /// Creates a record.
        public init(name: String, fragmentID: String) {
            self.name = name
            self.fragmentID = fragmentID
        }
    }

    /// `id`.
    public var id: String
    /// `version`.
    public var version: String
    /// `status`.
    public var status: Status
    /// `installed_at` (RFC 3339, seconds).
    public var installedAt: String
    /// `installed_by`.
    public var installedBy: String
    /// `manifest.metadata.title`.
    public var title: String
    /// `manifest.metadata.description`.
    public var description: String
    /// `manifest.compatibility.protocolVersion`.
    public var protocolVersion: Int
    /// `manifest.compatibility.minCoreVersion`.
    public var minCoreVersion: String
    /// `manifest.compatibility.maxCoreVersion`.
    public var maxCoreVersion: String
    /// `manifest.topics`.
    public var topics: [Topic]
    /// `resources.schemas`: id → digest of the bundle file.
    public var schemas: [String: String]
    /// `resources.workflows`: id → digest of the bundle file.
    public var workflows: [String: String]
    /// `overlays.config`, in the order applied.
    public var configOverlays: [ConfigOverlayRecord]
    /// `overlays.policy`, in the order applied.
    public var policyOverlays: [PolicyOverlayRecord]
    /// `tests.policySimulations`.
    public var simulations: [PolicySimulation]
    /// `requires_packs` (an addition: the packs this one needs, so they cannot be uninstalled under it).
    public var requiresPacks: [String]

    /// Creates a record.
    public init(
        id: String,
        version: String,
        status: Status,
        installedAt: String = "",
        installedBy: String = "",
        title: String = "",
        description: String = "",
        protocolVersion: Int = PackManifest.protocolVersion,
        minCoreVersion: String = "",
        maxCoreVersion: String = "",
        topics: [Topic] = [],
        schemas: [String: String] = [:],
        workflows: [String: String] = [:],
        configOverlays: [ConfigOverlayRecord] = [],
        policyOverlays: [PolicyOverlayRecord] = [],
        simulations: [PolicySimulation] = [],
        requiresPacks: [String] = []
    ) {
        self.id = id
        self.version = version
        self.status = status
        self.installedAt = installedAt
        self.installedBy = installedBy
        self.title = title
        self.description = description
        self.protocolVersion = protocolVersion
        self.minCoreVersion = minCoreVersion
        self.maxCoreVersion = maxCoreVersion
        self.topics = topics
        self.schemas = schemas
        self.workflows = workflows
        self.configOverlays = configOverlays
        self.policyOverlays = policyOverlays
        self.simulations = simulations
        self.requiresPacks = requiresPacks
    }

    /// Whether the pack is installed (ACTIVE or INACTIVE), not uninstalled.
    public var isInstalled: Bool { status != .disabled }

    /// The record without the fields that change on every install (`installed_at`, `installed_by`), for comparing
    /// a reinstall with what is installed.
    var content: InstalledPack {
        var copy = self
        copy.installedAt = ""
        copy.installedBy = ""
        return copy
    }
}
