import Foundation
public import GRDB
import StructuredData
public import WorkflowEngine

/// Artifacts per tenant: content uploaded by workers and clients, addressed by `redis://art:<uuid>`, kept for
/// its retention class (24 h, 7 d or 30 d) and then gone. An artifact of another tenant answers `not_found`,
/// exactly as a missing one.
public struct ArtifactStore: Sendable {
    /// The store the artifacts live in.
    public let database: HostDatabase
    /// Where "now" comes from (expiry).
    public let clock: any EngineClock
    /// The largest artifact accepted, whatever a request asks for.
    public let maximumBytes: Int

    /// The default store-wide limit: 32 MiB.
    public static let defaultMaximumBytes = 32 << 20
    /// The most artifacts one list returns.
    public static let maximumListLimit = 1000

    /// Creates the store.
    public init(database: HostDatabase, clock: any EngineClock = SystemClock(), maximumBytes: Int = defaultMaximumBytes)
    {
        self.database = database
        self.clock = clock
        self.maximumBytes = maximumBytes
    }

    /// The artifact tables.
    public static let migration = HostMigration(name: "artifacts_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE host_artifacts (
                    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, content BLOB NOT NULL, content_type TEXT NOT NULL,
                    retention TEXT NOT NULL, labels TEXT NOT NULL, sha256 TEXT NOT NULL, size_bytes INTEGER NOT NULL,
                    created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
                CREATE INDEX host_artifacts_tenant ON host_artifacts (tenant_id, created_at);
                CREATE INDEX host_artifacts_expiry ON host_artifacts (expires_at);
                CREATE TABLE host_artifact_labels (
                    artifact_id TEXT NOT NULL REFERENCES host_artifacts (id) ON DELETE CASCADE,
                    tenant_id TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,
                    PRIMARY KEY (artifact_id, key));
                CREATE INDEX host_artifact_labels_lookup ON host_artifact_labels (tenant_id, key, value);
                """
        )
    }

    /// Stores `content`.
    /// - Parameters:
    ///   - contentType: the media type; `application/octet-stream` when nil or empty.
    ///   - labels: free labels (e.g. `run_id`); `tenant_id` is always set to `tenant`.
    ///   - maxBytes: the caller's limit (`X-Max-Artifact-Bytes`); the store's ``maximumBytes`` applies too.
    /// - Throws: `invalid_argument` for an empty tenant or label key; `too_large` naming both sizes.
    public func put(
        tenant: String,
        content: [UInt8],
        contentType: String? = nil,
        retention: ArtifactRetention = .standard,
        labels: [String: String] = [:],
        maxBytes: Int? = nil
    ) throws(HostError) -> ArtifactReceipt {
        let limit = min(maxBytes.flatMap { $0 > 0 ? $0 : nil } ?? maximumBytes, maximumBytes)
        guard content.count <= limit else {
            throw HostError(.tooLarge, "the artifact is \(content.count) bytes; the limit is \(limit) bytes")
        }
        guard !tenant.isEmpty else { throw HostError(.invalidArgument, "tenant is required") }
        if labels.keys.contains(where: \.isEmpty) {
            throw HostError(.invalidArgument, "artifact label keys must not be empty")
        }
        var labels = labels
        labels["tenant_id"] = tenant
        let id = UUID().uuidString.lowercased()
        let now = clock.now()
        let metadata = ArtifactMetadata(
            contentType: contentType.flatMap { $0.isEmpty ? nil : $0 } ?? "application/octet-stream",
            sizeBytes: content.count,
            retention: retention,
            labels: labels,
            sha256: Hashing.sha256Hex(content)
        )
        let info = ArtifactInfo(
            pointer: Self.pointerPrefix + id,
            metadata: metadata,
            createdAt: now,
            expiresAt: now.adding(milliseconds: retention.ttlMilliseconds)
        )
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO host_artifacts (id, tenant_id, content, content_type, retention, labels, sha256,
                        size_bytes, created_at, expires_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    id, tenant, Data(content), metadata.contentType, retention.rawValue,
                    JSONEncoding.canonical(.object(labels.mapValues { .string($0) })), metadata.sha256, content.count,
                    now.milliseconds, info.expiresAt.milliseconds,
                ]
            )
            for (key, value) in labels {
                try db.execute(
                    sql: "INSERT INTO host_artifact_labels (artifact_id, tenant_id, key, value) VALUES (?, ?, ?, ?)",
                    arguments: [id, tenant, key, value]
                )
            }
        }
        return ArtifactReceipt(pointer: info.pointer, sizeBytes: content.count)
    }

    /// The artifact at `pointer` (`redis://art:<uuid>`, or the key `art:<uuid>`).
    /// - Throws: `invalid_argument` for another kind of pointer; `not_found` when missing, expired or another
    ///   tenant's.
    public func get(tenant: String, pointer: String) throws(HostError) -> Artifact {
        let id = try Self.id(fromPointer: pointer)
        let now = clock.now()
        return try database.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM host_artifacts WHERE id = ? AND tenant_id = ? AND expires_at > ?",
                    arguments: [id, tenant, now.milliseconds]
                )
            else { throw HostError(.notFound, "no artifact at \(Self.pointerPrefix)\(id)") }
            let content: Data = row["content"]
            return Artifact(info: try Self.info(from: row), content: [UInt8](content))
        }
    }

    /// The tenant's live artifacts, newest first, optionally only those labelled `label.key = label.value`
    /// (e.g. `run_id`).
    /// - Throws: `invalid_argument` for a `limit` outside 1...1000.
    public func list(
        tenant: String,
        label: (key: String, value: String)? = nil,
        limit: Int = 100
    ) throws(HostError) -> [ArtifactInfo] {
        guard (1...Self.maximumListLimit).contains(limit) else {
            throw HostError(.invalidArgument, "limit must be between 1 and \(Self.maximumListLimit), not \(limit)")
        }
        let now = clock.now()
        let columns = "id, content_type, retention, labels, sha256, size_bytes, created_at, expires_at"
        return try database.read { db in
            let rows: [Row]
            if let label {
                rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(columns) FROM host_artifacts a
                        WHERE a.tenant_id = ? AND a.expires_at > ? AND EXISTS (
                            SELECT 1 FROM host_artifact_labels l
                            WHERE l.artifact_id = a.id AND l.tenant_id = ? AND l.key = ? AND l.value = ?)
                        ORDER BY a.created_at DESC, a.id LIMIT ?
                        """,
                    arguments: [tenant, now.milliseconds, tenant, label.key, label.value, limit]
                )
            } else {
                rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT \(columns) FROM host_artifacts WHERE tenant_id = ? AND expires_at > ?
                        ORDER BY created_at DESC, id LIMIT ?
                        """,
                    arguments: [tenant, now.milliseconds, limit]
                )
            }
            return try rows.map(Self.info(from:))
        }
    }

    /// Deletes every expired artifact (of every tenant) with its labels.
    /// - Returns: how many artifacts were deleted.
    @discardableResult
    public func purgeExpired() throws(HostError) -> Int {
        let now = clock.now()
        return try database.write { db in try Self.purgeExpired(now: now, in: db) }
    }

    /// Deletes artifacts that expired at or before `now`, in the caller's transaction.
    @discardableResult
    public static func purgeExpired(now: Timestamp, in db: Database) throws -> Int {
        try db.execute(
            sql: """
                DELETE FROM host_artifact_labels WHERE artifact_id IN (SELECT id FROM host_artifacts WHERE expires_at <= ?)
                """,
            arguments: [now.milliseconds]
        )
        try db.execute(sql: "DELETE FROM host_artifacts WHERE expires_at <= ?", arguments: [now.milliseconds])
        return db.changesCount
    }

    /// Every artifact pointer starts with this.
    public static let pointerPrefix = "redis://art:"

    /// The id in `redis://art:<id>` or `art:<id>`.
    static func id(fromPointer pointer: String) throws(HostError) -> String {
        let id: Substring
        if pointer.hasPrefix(pointerPrefix) {
            id = pointer.dropFirst(pointerPrefix.count)
        } else if pointer.hasPrefix("art:") {
            id = pointer.dropFirst(4)
        } else {
            id = ""
        }
        guard !id.isEmpty, !id.hasPrefix("meta:") else {
            throw HostError(.invalidArgument, "\"\(pointer)\" is not an artifact pointer (redis://art:<id>)")
        }
        return String(id)
    }

    private static func info(from row: Row) throws -> ArtifactInfo {
        let id: String = row["id"]
        guard let retention = ArtifactRetention(rawValue: row["retention"]),
            let labels = try? JSONParser.parse(row["labels"] as String).objectValue
        else { throw HostError(.storage, "the stored artifact \(pointerPrefix)\(id) is unreadable") }
        return ArtifactInfo(
            pointer: pointerPrefix + id,
            metadata: ArtifactMetadata(
                contentType: row["content_type"],
                sizeBytes: row["size_bytes"],
                retention: retention,
                labels: labels.compactMapValues(\.stringValue),
                sha256: row["sha256"]
            ),
            createdAt: Timestamp(milliseconds: row["created_at"]),
            expiresAt: Timestamp(milliseconds: row["expires_at"])
        )
    }
}
