import GRDB
public import WorkflowEngine

/// Resource locks per tenant, with Cordum's semantics and its holes fixed: `shared` and `exclusive` modes,
/// re-entrant acquisition with a count per owner, upgrade to exclusive only for the sole owner, a TTL per
/// lock (30 s when not positive) checked against the injected clock, and errors where Cordum reports
/// success: releasing a lock you do not hold is a `conflict`, an unknown mode is `invalid_argument`.
///
/// The rules live in static functions taking `in db` (``acquire(tenant:resource:owner:mode:ttlMilliseconds:holder:now:in:)``
/// and friends) so the scheduler can take a step's lock in its own transaction.
public struct LockStore: Sendable {
    /// The store the locks live in.
    public let database: HostDatabase
    /// Where "now" comes from (expiry, `updated_at`).
    public let clock: any EngineClock

    /// Creates the store.
    public init(database: HostDatabase, clock: any EngineClock = SystemClock()) {
        self.database = database
        self.clock = clock
    }

    /// The TTL used when a request's is zero or negative: 30 seconds.
    public static let defaultTTLMilliseconds: Int64 = 30_000

    /// The locks table.
    public static let migration = HostMigration(name: "locks_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE host_locks (
                    tenant_id TEXT NOT NULL, resource TEXT NOT NULL, mode TEXT NOT NULL, owners TEXT NOT NULL,
                    updated_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, resource));
                CREATE INDEX host_locks_expiry ON host_locks (expires_at);
                """
        )
    }

    /// Takes `resource` for `owner` on behalf of `holder`; see
    /// ``acquire(tenant:resource:owner:mode:ttlMilliseconds:holder:now:in:)``.
    public func acquire(
        tenant: String,
        resource: String,
        owner: String,
        mode: LockMode,
        ttlMilliseconds: Int64 = 0,
        holder: LockHolder = .principal("system")
    ) throws(HostError) -> ResourceLock {
        let now = clock.now()
        return try database.write { db in
            try Self.acquire(
                tenant: tenant,
                resource: resource,
                owner: owner,
                mode: mode,
                ttlMilliseconds: ttlMilliseconds,
                holder: holder,
                now: now,
                in: db
            )
        }
    }

    /// Gives back one hold; see ``release(tenant:resource:owner:holder:now:in:)``.
    @discardableResult
    public func release(
        tenant: String,
        resource: String,
        owner: String,
        holder: LockHolder = .principal("system")
    ) throws(HostError) -> ResourceLock? {
        let now = clock.now()
        return try database.write { db in
            try Self.release(tenant: tenant, resource: resource, owner: owner, holder: holder, now: now, in: db)
        }
    }

    /// Extends the lock's TTL; see ``renew(tenant:resource:owner:ttlMilliseconds:holder:now:in:)``.
    public func renew(
        tenant: String,
        resource: String,
        owner: String,
        ttlMilliseconds: Int64 = 0,
        holder: LockHolder = .principal("system")
    ) throws(HostError) -> ResourceLock {
        let now = clock.now()
        return try database.write { db in
            try Self.renew(
                tenant: tenant,
                resource: resource,
                owner: owner,
                ttlMilliseconds: ttlMilliseconds,
                holder: holder,
                now: now,
                in: db
            )
        }
    }

    /// The lock on `resource`.
    /// - Throws: `not_found` ("lock not found") when it is not held, has expired, or belongs to another tenant.
    public func get(tenant: String, resource: String) throws(HostError) -> ResourceLock {
        let now = clock.now()
        return try database.read { db in
            let (tenant, resource) = try (Self.required(tenant, "tenant"), Self.required(resource, "resource"))
            guard let lock = try Self.load(tenant: tenant, resource: resource, now: now, removingExpired: false, in: db)
            else { throw HostError(.notFound, "lock not found: no lock on \"\(resource)\"") }
            return lock
        }
    }

    /// The tenant's live locks, by resource.
    public func list(tenant: String) throws(HostError) -> [ResourceLock] {
        let now = clock.now()
        return try database.read { db in try Self.list(tenant: try Self.required(tenant, "tenant"), now: now, in: db) }
    }

    /// Deletes every expired lock (of every tenant).
    /// - Returns: how many were deleted.
    @discardableResult
    public func purgeExpired() throws(HostError) -> Int {
        let now = clock.now()
        return try database.write { db in try Self.purgeExpired(now: now, in: db) }
    }
}
