public import StructuredData
public import WorkflowEngine

/// The scopes of Cordum's config service, from the widest to the narrowest.
public enum ConfigScope: String, Sendable, Hashable, CaseIterable {
    /// The whole host (`cfg:system:<id>`; an empty id means `default`).
    case system
    /// An organization (tenant).
    case org
    /// A team.
    case team
    /// A workflow.
    case workflow
    /// A workflow step.
    case step

    /// Reads a scope as written in requests and manifests.
    /// - Throws: `invalid_argument` naming the value and the valid scopes.
    public init(parsing text: String) throws(HostError) {
        guard let scope = ConfigScope(rawValue: text.lowercased()) else {
            throw HostError(
                .invalidArgument,
                "unknown config scope \"\(text)\"; valid: \(ConfigScope.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
        self = scope
    }
}

/// One config document: Cordum's `cfg:<scope>:<scope_id>` value.
public struct ConfigDocument: Sendable, Hashable {
    /// The scope.
    public var scope: ConfigScope
    /// The scope id (`default` for the system scope when none is given).
    public var scopeID: String
    /// `data`: the configuration, by top-level key.
    public var data: [String: JSONValue]
    /// `revision`: 1 for the first write, one more on every write.
    public var revision: Int
    /// When it was last written.
    public var updatedAt: Timestamp
    /// `meta`: free-form labels.
    public var meta: [String: String]

    /// Creates a document.
    public init(
        scope: ConfigScope,
        scopeID: String,
        data: [String: JSONValue] = [:],
        revision: Int = 0,
        updatedAt: Timestamp = Timestamp(milliseconds: 0),
        meta: [String: String] = [:]
    ) {
        self.scope = scope
        self.scopeID = scopeID
        self.data = data
        self.revision = revision
        self.updatedAt = updatedAt
        self.meta = meta
    }

    /// The Redis key Cordum stores it under: `cfg:<scope>:<scope_id>`.
    public var key: String { "cfg:\(scope.rawValue):\(scopeID)" }

    /// The document as Cordum's config service writes it: `{scope, scope_id, data, revision, updated_at, meta}`.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "scope": .string(scope.rawValue),
            "scope_id": .string(scopeID),
            "data": .object(data),
            "revision": .integer(revision),
            "updated_at": .string(updatedAt.description),
        ]
        if !meta.isEmpty { object["meta"] = .object(meta.mapValues(JSONValue.string)) }
        return .object(object)
    }
}
