public import GRDB
public import StructuredData
public import WorkflowEngine

/// Saved copies of the policy bundles (`cfg:system:policy_snapshots` `data.snapshots`, newest first, at most
/// ``limit``), as Cordum's gateway keeps them for the policy studio: `{id, created_at, note, bundles}` with id
/// `<RFC 3339 time>-<first 10 hex digits of the SHA-256 of the bundles' canonical JSON>`.
public enum PolicySnapshots {
    /// The config document id.
    public static let configID = "policy_snapshots"
    /// How many snapshots are kept.
    public static let limit = 10
    /// The prefix of the bundles the policy API edits, publishes and rolls back (Cordum's policy studio
    /// bundles); the other bundles belong to installed packs.
    public static let editablePrefix = "secops/"

    /// Every snapshot, newest first.
    public static func all(in db: Database) throws -> [JSONValue] {
        try ConfigStore.get(.system, configID, in: db)?.data["snapshots"]?.arrayValue ?? []
    }

    /// One snapshot by id.
    /// - Throws: `not_found` when no snapshot has the id.
    public static func get(_ id: String, in db: Database) throws -> JSONValue {
        guard let found = try all(in: db).first(where: { $0["id"]?.stringValue == id }) else {
            throw HostError(.notFound, "no policy snapshot has id \(id)")
        }
        return found
    }

    /// Saves the current bundles as a new snapshot (dropping the oldest beyond ``limit``) and audits
    /// `policy.snapshot.captured` (id and note, never content).
    /// - Returns: the snapshot.
    @discardableResult
    public static func capture(note: String, at time: Timestamp, principal: String, in db: Database) throws
        -> JSONValue
    {
        let bundles = try PolicyBundles.all(in: db)
        let digest = Hashing.sha256Hex(JSONEncoding.canonical(.object(bundles)))
        let id = time.rfc3339Seconds + "-" + digest.prefix(10)
        let snapshot: JSONValue = [
            "id": .string(id), "created_at": .string(time.rfc3339Seconds), "note": .string(note),
            "author": .string(principal), "bundles": .object(bundles),
            "bundle_ids": .array(bundles.keys.sorted().map(JSONValue.string)),
        ]
        try ConfigStore.update(.system, configID, at: time, principal: principal, in: db) { data in
            let kept = (data["snapshots"]?.arrayValue ?? []).filter { $0["id"]?.stringValue != id }
            data["snapshots"] = .array(Array(([snapshot] + kept).prefix(limit)))
        }
        try AuditLog.append(
            AuditEvent(
                kind: "policy.snapshot.captured",
                principal: principal,
                subject: id,
                data: ["note": .string(note), "bundle_ids": snapshot["bundle_ids"] ?? []]
            ),
            at: time,
            in: db
        )
        return snapshot
    }

    /// A snapshot's list entry: `{id, created_at, note, author, bundle_ids}` (no content).
    public static func summary(_ snapshot: JSONValue) -> JSONValue {
        var fields = snapshot.objectValue ?? [:]
        fields["bundles"] = nil
        return .object(fields)
    }
}
