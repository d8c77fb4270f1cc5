/// The `pack.yaml` of a Cordum pack (`apiVersion: cordum.io/v1alpha1`, `kind: Pack`).
public struct PackManifest: Sendable, Hashable {
    /// `apiVersion`; Cordum's convention is `cordum.io/v1alpha1`.
    public var apiVersion: String?
    /// `kind`; Cordum's convention is `Pack`.
    public var kind: String?
    /// `metadata`.
    public var metadata: PackMetadata
    /// `compatibility`.
    public var compatibility: PackCompatibility
    /// `topics`.
    public var topics: [PackTopic]
    /// `resources`.
    public var resources: PackResources
    /// `overlays`.
    public var overlays: PackOverlays
    /// `tests.policySimulations`.
    public var policySimulations: [PolicySimulation]
    /// `requires_packs`: other packs whose topics this pack's workflows use (roadmap field; Cordum ignores it).
    public var requiresPacks: [String]

    /// The expected `apiVersion`.
    public static let apiVersion = "cordum.io/v1alpha1"
    /// The expected `kind`.
    public static let kind = "Pack"
    /// The only CAP protocol version Cordum supports.
    public static let protocolVersion = 1
}

/// `metadata` of a pack.
public struct PackMetadata: Sendable, Hashable {
    /// `metadata.id`, trimmed.
    public var id: String
    /// `metadata.version`, trimmed.
    public var version: String
    /// `metadata.title`.
    public var title: String?
    /// `metadata.description`.
    public var description: String?
    /// `metadata.image`: the worker image.
    public var image: String?
    /// `metadata.license`.
    public var license: String?
    /// `metadata.homepage`.
    public var homepage: String?
    /// `metadata.sourceRepo`, else `metadata.source`.
    public var source: String?
    /// `metadata.authors` names, or `[metadata.author]`.
    public var authors: [String]
}

/// `compatibility` of a pack.
public struct PackCompatibility: Sendable, Hashable {
    /// `compatibility.protocolVersion`; 0 when absent.
    public var protocolVersion: Int
    /// `compatibility.minCoreVersion`.
    public var minCoreVersion: String?
    /// `compatibility.maxCoreVersion`.
    public var maxCoreVersion: String?
}

/// One entry of `topics`.
public struct PackTopic: Sendable, Hashable {
    /// `name`, e.g. `job.github.issues.get` (not trimmed, as in Cordum).
    public var name: String
    /// `requires`: what a worker pool must offer (`network:egress`, ...).
    public var requires: [String]
    /// `riskTags`: `read`, `write`, `prod`, `destructive`, `secrets`, `network`.
    public var riskTags: [String]
    /// `capability`, e.g. `github.issues.get`.
    public var capability: String?
}

/// A schema or workflow that the pack ships.
public struct ResourceReference: Sendable, Hashable {
    /// The id (`<pack>/<Name>` for schemas, `<pack>.<name>` for workflows).
    public var id: String
    /// The file, relative to the pack root.
    public var path: String
}

/// `resources`.
public struct PackResources: Sendable, Hashable {
    /// `resources.schemas`.
    public var schemas: [ResourceReference]
    /// `resources.workflows`.
    public var workflows: [ResourceReference]
}

/// One entry of `overlays.config`.
public struct ConfigOverlay: Sendable, Hashable {
    /// `name`.
    public var name: String
    /// `scope`; defaults to `system`.
    public var scope: String
    /// `scope_id`; defaults to `default` for the system scope.
    public var scopeID: String
    /// `key`: `pools` or `timeouts`.
    public var key: String
    /// `strategy`: empty or `json_merge_patch`.
    public var strategy: String
    /// `format` (parsed, unused, as in Cordum).
    public var format: String
    /// `path`.
    public var path: String
}

/// One entry of `overlays.policy`.
public struct PolicyOverlay: Sendable, Hashable {
    /// `name`; the fragment key is `<pack id>/<name>` (`default` when empty).
    public var name: String
    /// `strategy`: empty or `bundle_fragment`.
    public var strategy: String
    /// `path`.
    public var path: String
}

/// `overlays`.
public struct PackOverlays: Sendable, Hashable {
    /// `overlays.config`.
    public var config: [ConfigOverlay]
    /// `overlays.policy`.
    public var policy: [PolicyOverlay]
}

/// One entry of `tests.policySimulations`.
public struct PolicySimulation: Sendable, Hashable {
    /// `name`.
    public var name: String
    /// `request`.
    public var request: SimulationRequest
    /// `expectDecision`, as written.
    public var expectDecision: String

    /// Creates a simulation.
    public init(name: String, request: SimulationRequest, expectDecision: String) {
        self.name = name
        self.request = request
        self.expectDecision = expectDecision
    }
}

/// The request of a policy simulation.
public struct SimulationRequest: Sendable, Hashable {
    /// `tenantId`.
    public var tenantID: String
    /// `topic`.
    public var topic: String
    /// `capability`.
    public var capability: String
    /// `riskTags`.
    public var riskTags: [String]
    /// `requires`.
    public var requires: [String]
    /// `packId`; blank means the pack's own id.
    public var packID: String
    /// `actorId`.
    public var actorID: String
    /// `actorType`.
    public var actorType: String
    /// `labels`: the request's top-level labels, which policy rules match with `match.labels` (such as
    /// `cordum.workflow_approval: approved`, which the host sets on jobs after a workflow approval). Ours: Cordum's
    /// `pack verify` sends no labels.
    public var labels: [String: String]

    /// Creates a request; every field defaults to empty.
    public init(
        tenantID: String = "",
        topic: String,
        capability: String = "",
        riskTags: [String] = [],
        requires: [String] = [],
        packID: String = "",
        actorID: String = "",
        actorType: String = "",
        labels: [String: String] = [:]
    ) {
        self.tenantID = tenantID
        self.topic = topic
        self.capability = capability
        self.riskTags = riskTags
        self.requires = requires
        self.packID = packID
        self.actorID = actorID
        self.actorType = actorType
        self.labels = labels
    }
}
