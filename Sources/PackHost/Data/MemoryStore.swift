import Foundation
public import GRDB
import StructuredData
public import WorkflowEngine

/// Keyed values per tenant: job inputs (`ctx:`), job results (`res:`) and memory (`mem:`), addressed by
/// Cordum's pointers (`redis://res:<job_id>`). Entries expire (24 h by default); an expired entry is never
/// returned and ``purgeExpired()`` deletes it. A key of another tenant answers `not_found`, exactly as a
/// missing one.
public struct MemoryStore: Sendable {
    /// The store the entries live in.
    public let database: HostDatabase
    /// Where "now" comes from (expiry).
    public let clock: any EngineClock
    /// How long the input and result of a host job stay readable as `ctx:<job>` / `res:<job>` after the job last
    /// changed (milliseconds).
    public let jobTTLMilliseconds: Int64

    /// Creates the store.
    public init(
        database: HostDatabase,
        clock: any EngineClock = SystemClock(),
        jobTTLMilliseconds: Int64 = defaultTTLMilliseconds
    ) {
        self.database = database
        self.clock = clock
        self.jobTTLMilliseconds = jobTTLMilliseconds
    }

    /// The lifetime of an entry written without a positive TTL: 24 hours (Cordum's default).
    public static let defaultTTLMilliseconds: Int64 = 86_400_000
    /// The largest value accepted: 16 MiB.
    public static let maximumValueBytes = 16 << 20

    /// The memory table.
    public static let migration = HostMigration(name: "memory_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE host_memory (
                    tenant_id TEXT NOT NULL, key TEXT NOT NULL, kind TEXT NOT NULL, value BLOB NOT NULL,
                    created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, key));
                CREATE INDEX host_memory_expiry ON host_memory (expires_at);
                """
        )
    }

    /// Stores `value` under `<kind prefix><id>` (replacing what was there).
    /// - Returns: the pointer, e.g. `redis://ctx:<job_id>`.
    @discardableResult
    public func put(
        tenant: String,
        kind: MemoryKind,
        id: String,
        value: MemoryValue,
        ttlMilliseconds: Int64 = 0
    ) throws(HostError) -> MemoryPointer {
        let now = clock.now()
        return try database.write { db in
            try Self.put(
                tenant: tenant,
                kind: kind,
                id: id,
                value: value,
                ttlMilliseconds: ttlMilliseconds,
                now: now,
                in: db
            )
        }
    }

    /// The entry at `pointer` (`redis://res:<job_id>` or the bare key `res:<job_id>`).
    /// - Throws: `invalid_argument` for a key outside `ctx:`/`res:`/`mem:`; `not_found` when missing or expired.
    public func get(tenant: String, pointer: String) throws(HostError) -> MemoryEntry {
        let now = clock.now()
        return try database.read { db in
            try Self.get(tenant: tenant, pointer: pointer, now: now, jobTTLMilliseconds: jobTTLMilliseconds, in: db)
        }
    }

    /// Deletes every expired entry (of every tenant).
    /// - Returns: how many were deleted.
    @discardableResult
    public func purgeExpired() throws(HostError) -> Int {
        let now = clock.now()
        return try database.write { db in try Self.purgeExpired(now: now, in: db) }
    }

    /// Stores a value in the caller's transaction; see ``put(tenant:kind:id:value:ttlMilliseconds:)``.
    /// - Throws: `invalid_argument` for an empty tenant or id; `too_large` above ``maximumValueBytes``.
    @discardableResult
    public static func put(
        tenant: String,
        kind: MemoryKind,
        id: String,
        value: MemoryValue,
        ttlMilliseconds: Int64,
        now: Timestamp,
        in db: Database
    ) throws -> MemoryPointer {
        guard !tenant.isEmpty else { throw HostError(.invalidArgument, "tenant is required") }
        let pointer = try MemoryPointer(kind: kind, id: id)
        let bytes = value.bytes
        guard bytes.count <= maximumValueBytes else {
            throw HostError(
                .tooLarge,
                "the value for \(pointer) is \(bytes.count) bytes; the limit is \(maximumValueBytes) bytes"
            )
        }
        let ttl = ttlMilliseconds > 0 ? ttlMilliseconds : defaultTTLMilliseconds
        try db.cachedStatement(
            sql: """
                INSERT OR REPLACE INTO host_memory (tenant_id, key, kind, value, created_at, expires_at)
                VALUES (?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                tenant, pointer.key, kind.rawValue, Data(bytes), now.milliseconds,
                now.adding(milliseconds: ttl).milliseconds,
            ]
        )
        return pointer
    }

    /// Reads an entry in the caller's transaction; see ``get(tenant:pointer:)``. A `ctx:` or `res:` key that was
    /// never written is answered from the host's job of that id: its input, or its result once it has one.
    public static func get(
        tenant: String,
        pointer text: String,
        now: Timestamp,
        jobTTLMilliseconds: Int64 = defaultTTLMilliseconds,
        in db: Database
    ) throws -> MemoryEntry {
        let pointer = try MemoryPointer(parsing: text)
        guard
            let row = try Row.fetchOne(
                db.cachedStatement(
                    sql:
                        "SELECT value, created_at, expires_at FROM host_memory WHERE tenant_id = ? AND key = ? AND expires_at > ?"
                ),
                arguments: [tenant, pointer.key, now.milliseconds]
            )
        else {
            if let entry = try jobEntry(pointer, tenant: tenant, now: now, ttlMilliseconds: jobTTLMilliseconds, in: db)
            {
                return entry
            }
            throw HostError(.notFound, "nothing is stored at \(pointer)")
        }
        let value: Data = row["value"]
        return MemoryEntry(
            pointer: pointer,
            bytes: [UInt8](value),
            createdAt: Timestamp(milliseconds: row["created_at"]),
            expiresAt: Timestamp(milliseconds: row["expires_at"])
        )
    }

    /// The input (`ctx:`) or result (`res:`) of the host's job `pointer.id`, while it is younger than the TTL.
    private static func jobEntry(
        _ pointer: MemoryPointer,
        tenant: String,
        now: Timestamp,
        ttlMilliseconds: Int64,
        in db: Database
    ) throws -> MemoryEntry? {
        guard pointer.kind == .context || pointer.kind == .result,
            let row = try Row.fetchOne(
                db.cachedStatement(sql: "SELECT created_at, updated_at, doc FROM jobs WHERE id = ? AND tenant_id = ?"),
                arguments: [pointer.id, tenant]
            )
        else { return nil }
        let updated = Timestamp(milliseconds: row["updated_at"])
        let expires = updated.adding(milliseconds: ttlMilliseconds)
        guard expires > now, let job = try? HostJob(stored: JSONParser.parse(row["doc"] as String)) else { return nil }
        let value: JSONValue?
        switch pointer.kind {
        case .context: value = job.input
        case .result: value = job.state == .succeeded ? job.result : nil
        case .memory: value = nil
        }
        guard let value else { return nil }
        return MemoryEntry(
            pointer: pointer,
            bytes: MemoryValue.json(value).bytes,
            createdAt: pointer.kind == .context ? Timestamp(milliseconds: row["created_at"]) : updated,
            expiresAt: expires
        )
    }

    /// Deletes entries that expired at or before `now`.
    @discardableResult
    public static func purgeExpired(now: Timestamp, in db: Database) throws -> Int {
        try db.cachedStatement(sql: "DELETE FROM host_memory WHERE expires_at <= ?").execute(
            arguments: [now.milliseconds])
        return db.changesCount
    }
}
