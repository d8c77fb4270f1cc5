import Foundation
public import GRDB
import StructuredData
public import WorkflowEngine

extension LockStore {
    /// Takes `resource` for `owner` in the caller's transaction.
    ///
    /// | lock now | request | result |
    /// |---|---|---|
    /// | none (or expired) | any | created with the requested mode, owner count 1 |
    /// | exclusive, same owner | any | count + 1, stays exclusive, TTL refreshed |
    /// | exclusive, other owner | any | `conflict` |
    /// | shared | shared | owner added or count + 1, TTL refreshed for all |
    /// | shared, requester sole owner | exclusive | upgraded to exclusive, count + 1 |
    /// | shared, other owners | exclusive | `conflict` |
    ///
    /// An owner that already holds the lock for another ``LockHolder`` cannot add a hold under that name
    /// (`forbidden`). The acquisition is audited (`lock.acquired`).
    ///
    /// - Parameter ttlMilliseconds: the lock's new lifetime from `now`; zero or negative means 30 s.
    /// - Parameter holder: on whose behalf (the caller's principal, or the host for a job).
    /// - Throws: `invalid_argument` for an empty tenant, resource or owner; `conflict` ("lock unavailable");
    ///   `forbidden` when `owner` holds the lock for someone else.
    public static func acquire(
        tenant: String,
        resource: String,
        owner: String,
        mode: LockMode,
        ttlMilliseconds: Int64,
        holder: LockHolder,
        now: Timestamp,
        in db: Database
    ) throws -> ResourceLock {
        let tenant = try required(tenant, "tenant")
        let resource = try required(resource, "resource")
        let owner = try required(owner, "owner")
        let ttl = ttlMilliseconds > 0 ? ttlMilliseconds : defaultTTLMilliseconds
        var lock: ResourceLock
        if let current = try load(tenant: tenant, resource: resource, now: now, removingExpired: true, in: db) {
            lock = current
            if current.owners[owner] != nil, !LockHolder.matches(current.holders[owner], holder) {
                throw HostError(.forbidden, ownedElsewhere(owner: owner, resource: resource, current.holders[owner]))
            }
            switch current.mode {
            case .exclusive:
                guard current.owners[owner] != nil else {
                    throw HostError(.conflict, "lock unavailable: \"\(resource)\" is held exclusively by another owner")
                }
            case .shared where mode == .exclusive:
                guard current.owners.keys.allSatisfy({ $0 == owner }) else {
                    throw HostError(
                        .conflict,
                        "lock unavailable: \"\(resource)\" is held shared by other owners; "
                            + "only a sole owner can take it exclusively"
                    )
                }
                lock.mode = .exclusive
            case .shared:
                break
            }
            lock.owners[owner, default: 0] += 1
        } else {
            lock = ResourceLock(resource: resource, mode: mode, owners: [owner: 1], updatedAt: now, expiresAt: now)
        }
        lock.holders[owner] = holder
        lock.updatedAt = now
        lock.expiresAt = now.adding(milliseconds: ttl)
        try save(lock, tenant: tenant, in: db)
        try audit("lock.acquired", lock, tenant: tenant, owner: owner, holder: holder, now: now, in: db)
        return lock
    }

    /// Gives back one of `owner`'s holds in the caller's transaction: the count goes down, the owner leaves
    /// at 0, and the lock is deleted when no owner remains. The expiry is kept.
    /// Only the holder the owner took it for may release it. The release is audited (`lock.released`).
    /// - Returns: the lock as it remains, nil when it was deleted.
    /// - Throws: `conflict` ("lock not held") when `owner` does not hold the lock (or it does not exist,
    ///   has expired, or belongs to another tenant); `forbidden` when `owner` holds it for someone else (another
    ///   principal, or the host for a running job).
    @discardableResult
    public static func release(
        tenant: String,
        resource: String,
        owner: String,
        holder: LockHolder,
        now: Timestamp,
        in db: Database
    ) throws -> ResourceLock? {
        let tenant = try required(tenant, "tenant")
        let resource = try required(resource, "resource")
        let owner = try required(owner, "owner")
        guard var lock = try load(tenant: tenant, resource: resource, now: now, removingExpired: true, in: db),
            let count = lock.owners[owner]
        else {
            throw HostError(.conflict, "lock not held: \"\(owner)\" does not hold a lock on \"\(resource)\"")
        }
        guard LockHolder.matches(lock.holders[owner], holder) else {
            throw HostError(.forbidden, ownedElsewhere(owner: owner, resource: resource, lock.holders[owner]))
        }
        if count > 1 {
            lock.owners[owner] = count - 1
        } else {
            lock.owners[owner] = nil
            lock.holders[owner] = nil
        }
        try audit("lock.released", lock, tenant: tenant, owner: owner, holder: holder, now: now, in: db)
        guard !lock.owners.isEmpty else {
            try db.execute(
                sql: "DELETE FROM host_locks WHERE tenant_id = ? AND resource = ?",
                arguments: [tenant, resource]
            )
            return nil
        }
        lock.updatedAt = now
        try save(lock, tenant: tenant, in: db)
        return lock
    }

    /// Extends the lock's lifetime to `now + ttl` (30 s when not positive) for every owner. Only the holder the
    /// owner took it for may renew it. The renewal is audited (`lock.renewed`).
    /// - Throws: `not_found` ("lock not held") when `owner` does not hold it; `forbidden` when `owner` holds it for
    ///   someone else.
    public static func renew(
        tenant: String,
        resource: String,
        owner: String,
        ttlMilliseconds: Int64,
        holder: LockHolder,
        now: Timestamp,
        in db: Database
    ) throws -> ResourceLock {
        let tenant = try required(tenant, "tenant")
        let resource = try required(resource, "resource")
        let owner = try required(owner, "owner")
        guard var lock = try load(tenant: tenant, resource: resource, now: now, removingExpired: true, in: db),
            lock.owners[owner] != nil
        else {
            throw HostError(.notFound, "lock not held: \"\(owner)\" does not hold a lock on \"\(resource)\"")
        }
        guard LockHolder.matches(lock.holders[owner], holder) else {
            throw HostError(.forbidden, ownedElsewhere(owner: owner, resource: resource, lock.holders[owner]))
        }
        lock.updatedAt = now
        lock.expiresAt = now.adding(milliseconds: ttlMilliseconds > 0 ? ttlMilliseconds : defaultTTLMilliseconds)
        try save(lock, tenant: tenant, in: db)
        try audit("lock.renewed", lock, tenant: tenant, owner: owner, holder: holder, now: now, in: db)
        return lock
    }

    /// Why a holder may not touch another's hold, without naming the other principal.
    static func ownedElsewhere(owner: String, resource: String, _ recorded: LockHolder?) -> String {
        switch recorded ?? .job {
        case .job:
            "lock \"\(resource)\" is held by the host for running job \"\(owner)\"; it is released when the job ends"
        case .principal:
            "owner \"\(owner)\" holds the lock on \"\(resource)\" for another principal; only that principal may use it"
        }
    }

    /// The tenant's live locks at `now`, by resource.
    public static func list(tenant: String, now: Timestamp, in db: Database) throws -> [ResourceLock] {
        try Row.fetchAll(
            db,
            sql: "SELECT * FROM host_locks WHERE tenant_id = ? AND expires_at > ? ORDER BY resource",
            arguments: [tenant, now.milliseconds]
        ).map(lock(from:))
    }

    /// Deletes locks that expired at or before `now`, auditing each (`lock.expired`).
    @discardableResult
    public static func purgeExpired(now: Timestamp, in db: Database) throws -> Int {
        let expired = try Row.fetchAll(
            db,
            sql: "SELECT * FROM host_locks WHERE expires_at <= ? ORDER BY tenant_id, resource",
            arguments: [now.milliseconds]
        )
        for row in expired { try auditExpiry(try lock(from: row), tenant: row["tenant_id"], now: now, in: db) }
        try db.execute(sql: "DELETE FROM host_locks WHERE expires_at <= ?", arguments: [now.milliseconds])
        return db.changesCount
    }

    /// The live lock, or nil; an expired one is deleted when `removingExpired` (inside a write).
    static func load(
        tenant: String,
        resource: String,
        now: Timestamp,
        removingExpired: Bool,
        in db: Database
    ) throws -> ResourceLock? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT * FROM host_locks WHERE tenant_id = ? AND resource = ?",
                arguments: [tenant, resource]
            )
        else { return nil }
        let lock = try lock(from: row)
        guard lock.expiresAt > now else {
            if removingExpired {
                try auditExpiry(lock, tenant: tenant, now: now, in: db)
                try db.execute(
                    sql: "DELETE FROM host_locks WHERE tenant_id = ? AND resource = ?",
                    arguments: [tenant, resource]
                )
            }
            return nil
        }
        return lock
    }

    private static func save(_ lock: ResourceLock, tenant: String, in db: Database) throws {
        let owners = JSONEncoding.canonical(.object(lock.owners.mapValues { .integer($0) }))
        let holders = JSONEncoding.canonical(.object(lock.holders.mapValues { .string($0.stored) }))
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO host_locks
                    (tenant_id, resource, mode, owners, updated_at, expires_at, holders)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                tenant, lock.resource, lock.mode.rawValue, owners, lock.updatedAt.milliseconds,
                lock.expiresAt.milliseconds, holders,
            ]
        )
    }

    private static func lock(from row: Row) throws -> ResourceLock {
        let resource: String = row["resource"]
        guard let mode = LockMode(rawValue: row["mode"]),
            let owners = try? JSONParser.parse(row["owners"] as String).objectValue
        else { throw HostError(.storage, "the stored lock on \"\(resource)\" is unreadable") }
        let holders = (try? JSONParser.parse(row["holders"] as String? ?? "{}").objectValue) ?? [:]
        return ResourceLock(
            resource: resource,
            mode: mode,
            owners: owners.compactMapValues(\.intValue),
            updatedAt: Timestamp(milliseconds: row["updated_at"]),
            expiresAt: Timestamp(milliseconds: row["expires_at"]),
            holders: holders.compactMapValues { $0.stringValue.flatMap(LockHolder.init(stored:)) }
        )
    }

    /// The longest resource, owner or tenant accepted, in bytes.
    static let maximumNameLength = 1024

    /// `value` trimmed, or `invalid_argument` naming `field` when empty or too long.
    static func required(_ value: String, _ field: String) throws(HostError) -> String {
        let trimmed = value.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { throw HostError(.invalidArgument, "\(field) is required") }
        guard trimmed.utf8.count <= maximumNameLength else {
            throw HostError(.invalidArgument, "\(field) is longer than \(maximumNameLength) bytes")
        }
        return trimmed
    }
}
