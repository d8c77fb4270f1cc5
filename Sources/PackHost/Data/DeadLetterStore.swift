public import GRDB
public import StructuredData
public import WorkflowEngine

/// Dead-lettered jobs per tenant. The scheduler adds entries in its own transaction
/// (``add(_:in:)``); operators list, read and delete them. Retrying is the scheduler's job. An entry of
/// another tenant answers `not_found`, exactly as a missing one.
public struct DeadLetterStore: Sendable {
    /// The store the entries live in.
    public let database: HostDatabase
    /// Where "now" comes from (`created_at`).
    public let clock: any EngineClock

    /// Creates the store.
    public init(database: HostDatabase, clock: any EngineClock = SystemClock()) {
        self.database = database
        self.clock = clock
    }

    /// The most entries one page holds.
    public static let maximumPageSize = 1000

    /// The dead-letter table.
    public static let migration = HostMigration(name: "dead_letters_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE host_dead_letters (
                    tenant_id TEXT NOT NULL, job_id TEXT NOT NULL, topic TEXT NOT NULL, reason_code TEXT NOT NULL,
                    message TEXT NOT NULL, job TEXT NOT NULL, attempts INTEGER NOT NULL, created_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, job_id));
                CREATE INDEX host_dead_letters_order ON host_dead_letters (tenant_id, created_at, job_id);
                """
        )
    }

    /// Dead-letters a job now (replacing an earlier entry for the same job id).
    @discardableResult
    public func add(
        tenant: String,
        jobID: String,
        topic: String,
        reasonCode: String,
        message: String,
        job: JSONValue,
        attempts: Int
    ) throws(HostError) -> DeadLetter {
        let entry = DeadLetter(
            jobID: jobID,
            tenantID: tenant,
            topic: topic,
            reasonCode: reasonCode,
            message: message,
            job: job,
            attempts: attempts,
            createdAt: clock.now()
        )
        try database.write { db in try Self.add(entry, in: db) }
        return entry
    }

    /// The tenant's entries, newest first.
    /// - Parameters:
    ///   - limit: 1...1000.
    ///   - cursor: the previous page's ``DeadLetterPage/nextCursor``.
    /// - Throws: `invalid_argument` for a limit out of range or a cursor this store did not make.
    public func list(tenant: String, limit: Int = 100, cursor: String? = nil) throws(HostError) -> DeadLetterPage {
        guard (1...Self.maximumPageSize).contains(limit) else {
            throw HostError(.invalidArgument, "limit must be between 1 and \(Self.maximumPageSize), not \(limit)")
        }
        let after = try cursor.map { text throws(HostError) in try Self.parseCursor(text) }
        return try database.read { db in
            let rows: [Row]
            if let after {
                rows = try Row.fetchAll(
                    db,
                    sql: """
                        SELECT * FROM host_dead_letters
                        WHERE tenant_id = ? AND (created_at < ? OR (created_at = ? AND job_id < ?))
                        ORDER BY created_at DESC, job_id DESC LIMIT ?
                        """,
                    arguments: [tenant, after.time, after.time, after.jobID, limit + 1]
                )
            } else {
                rows = try Row.fetchAll(
                    db,
                    sql:
                        "SELECT * FROM host_dead_letters WHERE tenant_id = ? ORDER BY created_at DESC, job_id DESC LIMIT ?",
                    arguments: [tenant, limit + 1]
                )
            }
            let items = try rows.prefix(limit).map(Self.entry(from:))
            let next = rows.count > limit ? items.last.map { "\($0.createdAt.milliseconds):\($0.jobID)" } : nil
            return DeadLetterPage(items: items, nextCursor: next)
        }
    }

    /// The entry for `jobID`.
    /// - Throws: `not_found` when there is none in `tenant`.
    public func get(tenant: String, jobID: String) throws(HostError) -> DeadLetter {
        try database.read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: "SELECT * FROM host_dead_letters WHERE tenant_id = ? AND job_id = ?",
                    arguments: [tenant, jobID]
                )
            else { throw HostError(.notFound, "no dead letter for job \"\(jobID)\"") }
            return try Self.entry(from: row)
        }
    }

    /// Deletes the entry for `jobID`.
    /// - Throws: `not_found` when there is none in `tenant`.
    public func delete(tenant: String, jobID: String) throws(HostError) {
        try database.write { db in
            try db.execute(
                sql: "DELETE FROM host_dead_letters WHERE tenant_id = ? AND job_id = ?",
                arguments: [tenant, jobID]
            )
            guard db.changesCount > 0 else { throw HostError(.notFound, "no dead letter for job \"\(jobID)\"") }
        }
    }

    /// Stores `entry` in the caller's transaction, replacing an earlier entry for the same job.
    /// - Throws: `invalid_argument` for an empty tenant, job id or reason code, or negative attempts.
    public static func add(_ entry: DeadLetter, in db: Database) throws {
        for (field, value) in [("tenant", entry.tenantID), ("job_id", entry.jobID), ("reason_code", entry.reasonCode)]
        where value.isEmpty {
            throw HostError(.invalidArgument, "a dead letter needs a \(field)")
        }
        guard entry.attempts >= 0 else {
            throw HostError(.invalidArgument, "attempts must be 0 or more, not \(entry.attempts)")
        }
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO host_dead_letters
                    (tenant_id, job_id, topic, reason_code, message, job, attempts, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                entry.tenantID, entry.jobID, entry.topic, entry.reasonCode, entry.message,
                JSONEncoding.canonical(entry.job), entry.attempts, entry.createdAt.milliseconds,
            ]
        )
    }

    private static func parseCursor(_ text: String) throws(HostError) -> (time: Int64, jobID: String) {
        let parts = text.split(separator: ":", maxSplits: 1)
        guard parts.count == 2, let time = Int64(parts[0]) else {
            throw HostError(.invalidArgument, "invalid cursor \"\(text)\": pass the next_cursor of the previous page")
        }
        return (time, String(parts[1]))
    }

    private static func entry(from row: Row) throws -> DeadLetter {
        let jobID: String = row["job_id"]
        guard let job = try? JSONParser.parse(row["job"] as String) else {
            throw HostError(.storage, "the stored dead letter for job \"\(jobID)\" is unreadable")
        }
        return DeadLetter(
            jobID: jobID,
            tenantID: row["tenant_id"],
            topic: row["topic"],
            reasonCode: row["reason_code"],
            message: row["message"],
            job: job,
            attempts: row["attempts"],
            createdAt: Timestamp(milliseconds: row["created_at"])
        )
    }
}
