import GRDB
import StructuredData

/// The embedded ``RunStore``: one SQLite file in WAL mode, through GRDB.
public final class SQLiteRunStore: RunStore {
    private let pool: DatabasePool

    /// Opens (creating if needed) the store at `path`.
    public init(path: String) throws(EngineError) {
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(5)
            pool = try DatabasePool(path: path, configuration: configuration)
            try Self.migrator.migrate(pool)
        } catch {
            throw Self.storageError(error)
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE definitions (digest TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, document TEXT NOT NULL);
                    CREATE TABLE runs (
                        id TEXT PRIMARY KEY, workflow_id TEXT NOT NULL, org_id TEXT, status TEXT NOT NULL,
                        active INTEGER NOT NULL, next_wakeup INTEGER, state TEXT NOT NULL);
                    CREATE INDEX runs_wakeup ON runs (active, next_wakeup);
                    CREATE TABLE timeline (run_id TEXT NOT NULL, seq INTEGER NOT NULL, entry TEXT NOT NULL,
                        PRIMARY KEY (run_id, seq));
                    CREATE TABLE outbox (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL, action TEXT NOT NULL);
                    CREATE TABLE idempotency (org_id TEXT NOT NULL, workflow_id TEXT NOT NULL, key TEXT NOT NULL,
                        run_id TEXT NOT NULL, expires_at INTEGER NOT NULL, PRIMARY KEY (org_id, workflow_id, key));
                    """
            )
        }
        return migrator
    }

    private static func storageError(_ error: any Error) -> EngineError {
        if let engineError = error as? EngineError { return engineError }
        return EngineError(code: .storage, message: "the run store failed: \(error)")
    }

    private func write<T>(_ body: (Database) throws -> T) throws(EngineError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    private func read<T>(_ body: (Database) throws -> T) throws(EngineError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw Self.storageError(error)
        }
    }

    public func saveDefinition(_ workflow: Workflow) throws(EngineError) {
        let document: JSONValue = ["workflow": workflow.raw, "schemas": .object(workflow.schemas)]
        try write { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO definitions (digest, workflow_id, document) VALUES (?, ?, ?)",
                arguments: [workflow.digest, workflow.id, JSONEncoding.compact(document)]
            )
        }
    }

    public func loadDefinition(digest: String) throws(EngineError) -> Workflow {
        let text = try read { db in
            try String.fetchOne(db, sql: "SELECT document FROM definitions WHERE digest = ?", arguments: [digest])
        }
        guard let text, let document = try? JSONParser.parse(text) else {
            throw EngineError(code: .definitionNotFound, message: "no workflow definition has digest \(digest)")
        }
        do {
            let workflow = try Workflow.load(
                document["workflow"] ?? .null,
                file: "definition \(digest.prefix(12))",
                schemas: document["schemas"]?.objectValue ?? [:]
            )
            guard workflow.digest == digest else {
                throw EngineError(
                    code: .definitionMismatch,
                    message: "stored definition \(digest) has a different digest"
                )
            }
            return workflow
        } catch {
            throw EngineError(
                code: .definitionNotFound,
                message: "stored definition \(digest) no longer loads: \(error)"
            )
        }
    }

    public func createRun(_ state: RunState, actions: [EngineAction], idempotency: IdempotencyClaim?)
        throws(EngineError) -> RunCreation
    {
        try write { db in
            if let claim = idempotency {
                let existing = try Row.fetchOne(
                    db,
                    sql: "SELECT run_id, expires_at FROM idempotency WHERE org_id = ? AND workflow_id = ? AND key = ?",
                    arguments: [claim.orgID, claim.workflowID, claim.key]
                )
                if let existing, (existing["expires_at"] as Int64) > claim.now.milliseconds {
                    return .existing(runID: existing["run_id"])
                }
                try db.execute(
                    sql:
                        "INSERT OR REPLACE INTO idempotency (org_id, workflow_id, key, run_id, expires_at) VALUES (?, ?, ?, ?, ?)",
                    arguments: [claim.orgID, claim.workflowID, claim.key, state.id, claim.expiresAt.milliseconds]
                )
            }
            return .created(try Self.store(state, actions: actions, in: db, insert: true))
        }
    }

    public func commit(_ state: RunState, actions: [EngineAction]) throws(EngineError) -> [OutboxEntry] {
        try write { db in try Self.store(state, actions: actions, in: db, insert: false) }
    }

    private static func store(_ state: RunState, actions: [EngineAction], in db: Database, insert: Bool) throws
        -> [OutboxEntry]
    {
        let arguments: StatementArguments = [
            state.id, state.workflowID, state.orgID, state.status.rawValue, state.status.isTerminal ? 0 : 1,
            state.nextWakeup?.milliseconds, JSONEncoding.compact(state.json),
        ]
        if insert {
            try db.execute(
                sql:
                    "INSERT INTO runs (id, workflow_id, org_id, status, active, next_wakeup, state) VALUES (?, ?, ?, ?, ?, ?, ?)",
                arguments: arguments
            )
        } else {
            try db.execute(
                sql: """
                    UPDATE runs SET workflow_id = ?2, org_id = ?3, status = ?4, active = ?5, next_wakeup = ?6, state = ?7
                    WHERE id = ?1
                    """,
                arguments: arguments
            )
            guard db.changesCount == 1 else {
                throw EngineError(code: .runNotFound, message: "no run has id \(state.id)")
            }
        }
        let stored =
            try Int.fetchOne(db, sql: "SELECT MAX(seq) FROM timeline WHERE run_id = ?", arguments: [state.id]) ?? 0
        for entry in state.timeline where entry.sequence > stored {
            try db.execute(
                sql: "INSERT INTO timeline (run_id, seq, entry) VALUES (?, ?, ?)",
                arguments: [state.id, entry.sequence, JSONEncoding.compact(entry.json)]
            )
        }
        var entries: [OutboxEntry] = []
        for action in actions {
            guard let json = action.outboxJSON else { continue }
            try db.execute(
                sql: "INSERT INTO outbox (run_id, action) VALUES (?, ?)",
                arguments: [state.id, JSONEncoding.compact(json)]
            )
            entries.append(OutboxEntry(id: db.lastInsertedRowID, runID: state.id, action: action))
        }
        return entries
    }

    public func loadRun(_ id: String) throws(EngineError) -> RunState? {
        let rows = try read { db -> (String?, [String]) in
            let state = try String.fetchOne(db, sql: "SELECT state FROM runs WHERE id = ?", arguments: [id])
            let timeline = try String.fetchAll(
                db,
                sql: "SELECT entry FROM timeline WHERE run_id = ? ORDER BY seq",
                arguments: [id]
            )
            return (state, timeline)
        }
        guard let text = rows.0 else { return nil }
        do {
            let timeline = try rows.1.map { text throws -> TimelineEntry in
                try TimelineEntry(json: JSONParser.parse(text))
            }
            return try RunState(json: JSONParser.parse(text), timeline: timeline)
        } catch {
            throw EngineError(code: .storage, message: "run \(id) is stored in a form that cannot be read: \(error)")
        }
    }

    public func pendingOutbox() throws(EngineError) -> [OutboxEntry] {
        let rows = try read { db in try Row.fetchAll(db, sql: "SELECT id, run_id, action FROM outbox ORDER BY id") }
        var entries: [OutboxEntry] = []
        for row in rows {
            let text: String = row["action"]
            guard let json = try? JSONParser.parse(text), let action = try? EngineAction(outboxJSON: json) else {
                throw EngineError(code: .storage, message: "outbox entry \(row["id"] as Int64) cannot be read")
            }
            entries.append(OutboxEntry(id: row["id"], runID: row["run_id"], action: action))
        }
        return entries
    }

    public func completeOutbox(_ id: Int64) throws(EngineError) {
        try write { db in try db.execute(sql: "DELETE FROM outbox WHERE id = ?", arguments: [id]) }
    }

    public func dueRuns(at time: Timestamp, limit: Int) throws(EngineError) -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT id FROM runs WHERE active = 1 AND next_wakeup <= ? ORDER BY next_wakeup, id LIMIT ?",
                arguments: [time.milliseconds, limit]
            )
        }
    }

    public func earliestWakeup() throws(EngineError) -> Timestamp? {
        let milliseconds = try read { db -> Int64? in
            try Int64.fetchOne(db, sql: "SELECT MIN(next_wakeup) FROM runs WHERE active = 1")
        }
        return milliseconds.map { Timestamp(milliseconds: $0) }
    }

    /// Ids of runs with this status, oldest first.
    public func runIDs(status: RunStatus, limit: Int) throws(EngineError) -> [String] {
        try read { db in
            try String.fetchAll(
                db,
                sql: "SELECT id FROM runs WHERE status = ? ORDER BY rowid LIMIT ?",
                arguments: [status.rawValue, limit]
            )
        }
    }

    /// Ids of a tenant's runs, newest first, optionally of one workflow and one status.
    public func runIDs(orgID: String, workflowID: String?, status: RunStatus?, limit: Int) throws(EngineError)
        -> [String]
    {
        var sql = "SELECT id FROM runs WHERE org_id = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [orgID]
        if let workflowID {
            sql += " AND workflow_id = ?"
            arguments.append(workflowID)
        }
        if let status {
            sql += " AND status = ?"
            arguments.append(status.rawValue)
        }
        sql += " ORDER BY rowid DESC LIMIT ?"
        arguments.append(limit)
        let query = sql
        let values = StatementArguments(arguments)
        return try read { db in try String.fetchAll(db, sql: query, arguments: values) }
    }

    /// Deletes a finished run: its row, its timeline and any outbox entries (its idempotency key stays claimed, as
    /// Cordum's gateway keeps it).
    /// - Returns: whether a run was deleted.
    /// - Throws: `run_not_terminal` when the run is still active.
    public func deleteFinishedRun(_ id: String) throws(EngineError) -> Bool {
        try write { db in
            guard let active = try Bool.fetchOne(db, sql: "SELECT active FROM runs WHERE id = ?", arguments: [id])
            else { return false }
            if active {
                throw EngineError(code: .runNotTerminal, message: "run \(id) is still active; cancel it first")
            }
            try db.execute(sql: "DELETE FROM timeline WHERE run_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM outbox WHERE run_id = ?", arguments: [id])
            try db.execute(sql: "DELETE FROM runs WHERE id = ?", arguments: [id])
            return true
        }
    }
}
