public import StructuredData

/// The emulated cluster: objects as the API serves them (JSON in Kubernetes' shapes), keyed by kind and
/// `namespace/name`, with a resourceVersion counter, pod logs, accepted tokens and the rollouts in progress.
public struct KubernetesWorld: Sendable {
    /// Objects by kind (`namespaces`, `nodes`, `pods`, `events`, `deployments`, `replicasets`) and key
    /// (`namespace/name`, or `name` for cluster-scoped kinds).
    public var objects: [String: [String: JSONValue]] = [:]
    /// Each pod's log (`namespace/name`), and its previous instance's (`namespace/name#previous`).
    public var logs: [String: String] = [:]
    /// Bearer tokens the API server accepts.
    public var tokens: Set<String> = []
    /// Deployments (`namespace/name`) whose restart is rolling out: watches and reads move them on to complete.
    public var rollouts: Set<String> = []
    /// The last resourceVersion handed out.
    public var resourceVersion = 1000

    /// A new world.
    public init() {}

    /// The next resourceVersion.
    public mutating func nextVersion() -> String {
        resourceVersion += 1
        return String(resourceVersion)
    }

    /// Stores `object` (its resourceVersion bumped) under its kind and key.
    public mutating func put(_ kind: String, _ object: JSONValue) {
        var object = object
        let version = nextVersion()
        if case .object(var members) = object, case .object(var metadata) = members["metadata"] ?? .object([:]) {
            metadata["resourceVersion"] = .string(version)
            members["metadata"] = .object(metadata)
            object = .object(members)
        }
        objects[kind, default: [:]][Self.key(object)] = object
    }

    /// `namespace/name`, or `name` for a cluster-scoped object.
    public static func key(_ object: JSONValue) -> String {
        let name = object["metadata"]?["name"]?.stringValue ?? ""
        guard let namespace = object["metadata"]?["namespace"]?.stringValue else { return name }
        return "\(namespace)/\(name)"
    }
}
