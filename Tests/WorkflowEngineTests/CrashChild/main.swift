// The child process of `CrashRecoveryTests`: runs one workflow against a SQLite store and a SQLite "bus"
// (dispatched jobs, answered flags, the virtual time), and kills itself with SIGKILL after a given number of
// store, bus and dispatcher operations. Usage: WorkflowEngineCrashChild <runs.sqlite> <bus.sqlite> <kill-after|-1>

import Foundation
import GRDB
import StructuredData
import Synchronization
import WorkflowEngine

final class KillSwitch: Sendable {
    private let remaining: Mutex<Int>
    init(_ operations: Int) { remaining = Mutex(operations) }
    func tick() {
        let die = remaining.withLock { value -> Bool in
            guard value > 0 else { return false }
            value -= 1
            return value == 0
        }
        if die { kill(getpid(), SIGKILL) }
    }
}

struct Bus: Sendable {
    let queue: DatabaseQueue
    let killer: KillSwitch

    init(path: String, killer: KillSwitch) throws {
        queue = try DatabaseQueue(path: path)
        self.killer = killer
        try queue.write { db in
            try db.execute(
                sql: """
                    CREATE TABLE IF NOT EXISTS jobs (job_id TEXT PRIMARY KEY, payload TEXT NOT NULL, answered INTEGER NOT NULL DEFAULT 0);
                    CREATE TABLE IF NOT EXISTS facts (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
                    """
            )
        }
    }

    func fact(_ name: String) throws -> Int? {
        try queue.read { db in try Int.fetchOne(db, sql: "SELECT value FROM facts WHERE name = ?", arguments: [name]) }
    }

    func setFact(_ name: String, _ value: Int) throws {
        killer.tick()
        try queue.write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO facts (name, value) VALUES (?, ?)", arguments: [name, value])
        }
    }

    func unanswered() throws -> [String] {
        try queue.read { db in try String.fetchAll(db, sql: "SELECT job_id FROM jobs WHERE answered = 0 ORDER BY rowid")
        }
    }

    func markAnswered(_ jobID: String) throws {
        killer.tick()
        try queue.write { db in try db.execute(sql: "UPDATE jobs SET answered = 1 WHERE job_id = ?", arguments: [jobID])
        }
    }
}

struct BusDispatcher: JobDispatcher {
    let bus: Bus

    func dispatch(_ job: JobRequest) async throws {
        bus.killer.tick()
        let payload = JSONEncoding.canonical(["topic": .string(job.topic), "payload": job.payload])
        try await bus.queue.write { db in
            if let existing = try String.fetchOne(
                db,
                sql: "SELECT payload FROM jobs WHERE job_id = ?",
                arguments: [job.jobID]
            ) {
                let name = existing == payload ? "duplicates" : "conflicts"
                try db.execute(
                    sql:
                        "INSERT INTO facts (name, value) VALUES (?, 1) ON CONFLICT(name) DO UPDATE SET value = value + 1",
                    arguments: [name]
                )
            } else {
                try db.execute(
                    sql: "INSERT INTO jobs (job_id, payload) VALUES (?, ?)",
                    arguments: [job.jobID, payload]
                )
            }
        }
        bus.killer.tick()
    }

    func cancel(jobID: String, reason: String) async throws { bus.killer.tick() }
    func notify(_ notification: WorkflowNotification) async throws { bus.killer.tick() }
}

final class KillingStore: RunStore {
    let base: SQLiteRunStore
    let killer: KillSwitch
    init(_ base: SQLiteRunStore, _ killer: KillSwitch) {
        self.base = base
        self.killer = killer
    }
    func saveDefinition(_ workflow: Workflow) throws(EngineError) {
        killer.tick()
        try base.saveDefinition(workflow)
    }
    func loadDefinition(digest: String) throws(EngineError) -> Workflow { try base.loadDefinition(digest: digest) }
    func createRun(_ state: RunState, actions: [EngineAction], idempotency: IdempotencyClaim?) throws(EngineError)
        -> RunCreation
    {
        killer.tick()
        let created = try base.createRun(state, actions: actions, idempotency: idempotency)
        killer.tick()
        return created
    }
    func commit(_ state: RunState, actions: [EngineAction]) throws(EngineError) -> [OutboxEntry] {
        killer.tick()
        let entries = try base.commit(state, actions: actions)
        killer.tick()
        return entries
    }
    func loadRun(_ id: String) throws(EngineError) -> RunState? { try base.loadRun(id) }
    func pendingOutbox() throws(EngineError) -> [OutboxEntry] { try base.pendingOutbox() }
    func completeOutbox(_ id: Int64) throws(EngineError) {
        killer.tick()
        try base.completeOutbox(id)
    }
    func dueRuns(at time: Timestamp, limit: Int) throws(EngineError) -> [String] {
        try base.dueRuns(at: time, limit: limit)
    }
    func earliestWakeup() throws(EngineError) -> Timestamp? { try base.earliestWakeup() }
}

let workflowYAML = """
    id: demo.crash
    steps:
      a: {topic: t, retry: {max_retries: 1}}
      b: {topic: t, depends_on: [a], for_each: "steps.a.output", max_parallel: 2}
      c: {type: delay, delay_sec: 2, depends_on: [a]}
      d: {topic: t, depends_on: [b, c], timeout_sec: 30, retry: {max_retries: 1}}
      e: {type: notify, depends_on: [d], input: {message: done}}
    """

func result(for jobID: String) -> JobResult {
    let step = String(jobID.split(separator: ":")[1].split(separator: "@")[0])
    let first = jobID.hasSuffix("@1")
    switch step {
    case "a" where first: return JobResult(jobID: jobID, outcome: .failed, errorMessage: "flaky")
    case "a": return JobResult(jobID: jobID, outcome: .succeeded, output: [1, 2, 3])
    case "d" where first: return JobResult(jobID: jobID, outcome: .timeout)
    default: return JobResult(jobID: jobID, outcome: .succeeded, output: .string(step))
    }
}

let arguments = CommandLine.arguments
guard arguments.count == 4, let killAfter = Int(arguments[3]) else {
    FileHandle.standardError.write(
        Data("usage: WorkflowEngineCrashChild <runs.sqlite> <bus.sqlite> <kill-after>\n".utf8)
    )
    exit(64)
}
let killer = KillSwitch(killAfter)
let bus = try Bus(path: arguments[2], killer: killer)
let start = Timestamp(seconds: 1_768_730_400)
let clock = ManualClock(Timestamp(milliseconds: Int64(try bus.fact("time") ?? Int(start.milliseconds))))
let runner = WorkflowRunner(
    store: KillingStore(try SQLiteRunStore(path: arguments[1]), killer),
    dispatcher: BusDispatcher(bus: bus),
    clock: clock,
    makeID: { "run-1" }
)
let workflow = try Workflow.load(YAMLLoader.load(Array(workflowYAML.utf8), file: "crash.yaml"))
try await runner.recover()
if try await runner.run("run-1") == nil {
    try await runner.start(workflow, input: [:], options: .init(runID: "run-1"))
}
for _ in 0..<500 {
    if let state = try await runner.run("run-1"), state.status.isTerminal { exit(0) }
    let jobs = try bus.unanswered()
    for job in jobs {
        try await runner.deliver(result(for: job))
        try bus.markAnswered(job)
    }
    if jobs.isEmpty {
        clock.advance(milliseconds: 1000)
        try bus.setFact("time", Int(clock.now().milliseconds))
        try await runner.wakeDueRuns()
    }
}
exit(2)
