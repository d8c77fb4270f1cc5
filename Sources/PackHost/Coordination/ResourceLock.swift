public import StructuredData
public import WorkflowEngine

/// A held resource lock, as the API shows it.
public struct ResourceLock: Sendable, Hashable {
    /// The locked resource (trimmed).
    public var resource: String
    /// How it is held.
    public var mode: LockMode
    /// Each owner and how many times it holds the lock (re-entrant acquisitions count up).
    public var owners: [String: Int]
    /// When the lock last changed.
    public var updatedAt: Timestamp
    /// When it lapses unless renewed.
    public var expiresAt: Timestamp
    /// On whose behalf each owner holds it (not part of the API's JSON).
    public var holders: [String: LockHolder]

    /// Creates a lock value.
    public init(
        resource: String,
        mode: LockMode,
        owners: [String: Int],
        updatedAt: Timestamp,
        expiresAt: Timestamp,
        holders: [String: LockHolder] = [:]
    ) {
        self.resource = resource
        self.mode = mode
        self.owners = owners
        self.updatedAt = updatedAt
        self.expiresAt = expiresAt
        self.holders = holders
    }

    /// Cordum's lock JSON: `{resource, mode, owners: {owner: count}, updated_at, expires_at}` (RFC 3339).
    public var json: JSONValue {
        [
            "resource": .string(resource),
            "mode": .string(mode.rawValue),
            "owners": .object(owners.mapValues { .integer($0) }),
            "updated_at": .string(updatedAt.description),
            "expires_at": .string(expiresAt.description),
        ]
    }
}
