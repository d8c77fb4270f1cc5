import GRDB
import StructuredData
import WorkflowEngine

extension LockStore {
    /// Adds the `holders` column: on whose behalf each owner holds a lock (``LockHolder``).
    public static let holdersMigration = HostMigration(name: "sec_lock_holders_v1") { db in
        try db.execute(sql: "ALTER TABLE host_locks ADD COLUMN holders TEXT NOT NULL DEFAULT '{}'")
    }

    /// Appends `lock.acquired`, `lock.released` or `lock.renewed`: the resource, the owner, the mode, the owners
    /// left and the expiry. The principal is the holder's (`system` for a job's lock).
    static func audit(
        _ kind: String,
        _ lock: ResourceLock,
        tenant: String,
        owner: String,
        holder: LockHolder,
        now: Timestamp,
        in db: Database
    ) throws {
        var data: [String: JSONValue] = [
            "owner": .string(owner),
            "mode": .string(lock.mode.rawValue),
            "owners": .object(lock.owners.mapValues { .integer($0) }),
            "expires_at": .string(lock.expiresAt.description),
        ]
        if holder == .job { data["job_id"] = .string(owner) }
        try AuditLog.append(
            AuditEvent(
                kind: kind,
                tenantID: tenant,
                principal: holder.auditPrincipal,
                subject: lock.resource,
                data: .object(data)
            ),
            at: now,
            in: db
        )
    }

    /// Appends `lock.expired` for a lock that lapsed with the owners it still had.
    static func auditExpiry(_ lock: ResourceLock, tenant: String, now: Timestamp, in db: Database) throws {
        try AuditLog.append(
            AuditEvent(
                kind: "lock.expired",
                tenantID: tenant,
                subject: lock.resource,
                data: [
                    "owners": .object(lock.owners.mapValues { .integer($0) }),
                    "expired_at": .string(lock.expiresAt.description),
                ]
            ),
            at: now,
            in: db
        )
    }
}
