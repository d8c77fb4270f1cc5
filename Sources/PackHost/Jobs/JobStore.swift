import GRDB
import StructuredData
public import WorkflowEngine

/// The jobs table and the job idempotency keys. Functions take the caller's `Database` so a state change,
/// its audit record and its side tables commit together.
public enum JobStore {
    /// The tables.
    public static let migration = HostMigration(name: "jobs_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE jobs (
                    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, state TEXT NOT NULL, topic TEXT NOT NULL,
                    run_id TEXT, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, delivered INTEGER NOT NULL,
                    deadline INTEGER, has_lock INTEGER NOT NULL, doc TEXT NOT NULL);
                CREATE INDEX jobs_tenant ON jobs (tenant_id, created_at);
                CREATE INDEX jobs_state ON jobs (state, deadline);
                CREATE INDEX jobs_run ON jobs (run_id);
                CREATE TABLE job_keys (
                    tenant_id TEXT NOT NULL, key TEXT NOT NULL, job_id TEXT NOT NULL, created_at INTEGER NOT NULL,
                    PRIMARY KEY (tenant_id, key));
                """
        )
    }

    /// Inserts a new job; false when a job with this id exists already (a redelivered dispatch).
    static func insert(_ job: HostJob, in db: Database) throws -> Bool {
        try db.cachedStatement(
            sql: """
                INSERT OR IGNORE INTO jobs (id, tenant_id, state, topic, run_id, created_at, updated_at, delivered,
                    deadline, has_lock, doc)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                job.id, job.tenantID, job.state.rawValue, job.topic, job.runID, job.createdAt.milliseconds,
                job.updatedAt.milliseconds, job.runID == nil ? 1 : 0, job.deadline?.milliseconds,
                job.lock == nil ? 0 : 1, JSONEncoding.compact(job.json),
            ]
        )
        return db.changesCount > 0
    }

    /// Stores a job's new state.
    static func update(_ job: HostJob, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE jobs SET state = ?, updated_at = ?, deadline = ?, doc = ? WHERE id = ?")
            .execute(
                arguments: [
                    job.state.rawValue, job.updatedAt.milliseconds, job.deadline?.milliseconds,
                    JSONEncoding.compact(job.json), job.id,
                ]
            )
    }

    /// The job with this id, in any tenant.
    static func load(_ id: String, in db: Database) throws -> HostJob? {
        guard
            let text = try String.fetchOne(
                db.cachedStatement(sql: "SELECT doc FROM jobs WHERE id = ?"),
                arguments: [id]
            )
        else {
            return nil
        }
        return try decode(text)
    }

    /// Jobs in these states, oldest first.
    static func load(states: [JobState], in db: Database) throws -> [HostJob] {
        let marks = Array(repeating: "?", count: states.count).joined(separator: ",")
        let texts = try String.fetchAll(
            db,
            sql: "SELECT doc FROM jobs WHERE state IN (\(marks)) ORDER BY created_at, id",
            arguments: StatementArguments(states.map(\.rawValue))
        )
        return try texts.map(decode)
    }

    /// Queued or running jobs whose deadline is at or before `time`, oldest first.
    static func overdue(at time: Timestamp, in db: Database) throws -> [HostJob] {
        try String.fetchAll(
            db,
            sql: """
                SELECT doc FROM jobs WHERE state IN ('queued', 'running') AND deadline <= ?
                ORDER BY created_at, id
                """,
            arguments: [time.milliseconds]
        ).map(decode)
    }

    /// Running jobs that hold a lock (their locks are renewed while they run).
    static func runningWithLocks(in db: Database) throws -> [HostJob] {
        try String.fetchAll(db, sql: "SELECT doc FROM jobs WHERE state = 'running' AND has_lock = 1").map(decode)
    }

    /// Finished jobs of runs whose result the engine has not yet taken (a crash between the two commits).
    static func undelivered(in db: Database) throws -> [HostJob] {
        let terminal = JobState.allCases.filter(\.isTerminal).map { "'\($0.rawValue)'" }.joined(separator: ",")
        return try String.fetchAll(
            db,
            sql: "SELECT doc FROM jobs WHERE delivered = 0 AND state IN (\(terminal)) ORDER BY updated_at, id"
        ).map(decode)
    }

    /// Records that the engine took a job's result.
    static func markDelivered(_ id: String, in db: Database) throws {
        try db.cachedStatement(sql: "UPDATE jobs SET delivered = 1 WHERE id = ?").execute(
            arguments: [id])
    }

    /// A page of one tenant's jobs, newest first.
    static func list(tenant: String, filter: JobFilter, in db: Database) throws -> [HostJob] {
        var sql = "SELECT doc FROM jobs WHERE tenant_id = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [tenant]
        if let state = filter.state {
            sql += " AND state = ?"
            arguments.append(state.rawValue)
        }
        if let runID = filter.runID {
            sql += " AND run_id = ?"
            arguments.append(runID)
        }
        if let topic = filter.topic {
            sql += " AND topic = ?"
            arguments.append(topic)
        }
        if let before = filter.createdBefore {
            sql += " AND created_at < ?"
            arguments.append(before.milliseconds)
        }
        sql += " ORDER BY created_at DESC, id DESC LIMIT ?"
        arguments.append(max(1, min(filter.limit, 1000)))
        let texts = try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        return try texts.map(decode)
    }

    private static func decode(_ text: String) throws -> HostJob {
        guard let json = try? JSONParser.parse(text) else { throw HostError(.storage, "a stored job is not JSON") }
        return try HostJob(stored: json)
    }

    /// The job that holds an idempotency key in a tenant.
    static func jobHolding(key: String, tenant: String, in db: Database) throws -> String? {
        try String.fetchOne(
            db.cachedStatement(sql: "SELECT job_id FROM job_keys WHERE tenant_id = ? AND key = ?"),
            arguments: [tenant, key]
        )
    }

    /// Makes `jobID` the holder of an idempotency key (replacing a holder that failed).
    static func claim(key: String, tenant: String, jobID: String, at time: Timestamp, in db: Database) throws {
        try db.cachedStatement(
            sql: "INSERT OR REPLACE INTO job_keys (tenant_id, key, job_id, created_at) VALUES (?, ?, ?, ?)"
        ).execute(
            arguments: [tenant, key, jobID, time.milliseconds]
        )
    }
}

/// Which jobs to list.
public struct JobFilter: Sendable, Hashable {
    /// Only jobs in this state.
    public var state: JobState?
    /// Only the jobs of this run.
    public var runID: String?
    /// Only jobs on this topic.
    public var topic: String?
    /// Only jobs created before this time (the cursor of the next page).
    public var createdBefore: Timestamp?
    /// At most this many (1...1000).
    public var limit: Int

    /// Creates a filter.
    public init(
        state: JobState? = nil,
        runID: String? = nil,
        topic: String? = nil,
        createdBefore: Timestamp? = nil,
        limit: Int = 100
    ) {
        self.state = state
        self.runID = runID
        self.topic = topic
        self.createdBefore = createdBefore
        self.limit = limit
    }
}
