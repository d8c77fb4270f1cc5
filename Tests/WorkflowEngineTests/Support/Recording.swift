import Foundation
import StructuredData
import Synchronization
import WorkflowEngine

/// A dispatcher that records what it is asked to do and can be made to fail once "crashed".
final class RecordingDispatcher: JobDispatcher {
    struct Log {
        var jobs: [String: JobRequest] = [:]
        var order: [String] = []
        var duplicates = 0
        var cancelled: [String] = []
        var notified: [String] = []
    }

    let log = Mutex(Log())
    let crash: CrashSwitch?

    init(crash: CrashSwitch? = nil) { self.crash = crash }

    func dispatch(_ job: JobRequest) async throws {
        try crash?.tick()
        try log.withLock { log in
            if let earlier = log.jobs[job.jobID] {
                guard earlier == job else { throw RecordingError.conflictingDispatch(job.jobID) }
                log.duplicates += 1
                return
            }
            log.jobs[job.jobID] = job
            log.order.append(job.jobID)
        }
    }

    func cancel(jobID: String, reason: String) async throws {
        try crash?.tick()
        log.withLock { $0.cancelled.append(jobID) }
    }

    func notify(_ notification: WorkflowNotification) async throws {
        try crash?.tick()
        log.withLock { $0.notified.append(notification.stepID) }
    }

    var dispatchedIDs: [String] { log.withLock { $0.order } }
}

enum RecordingError: Error {
    case conflictingDispatch(String)
    case crashed
}

/// Counts down operations; after the count reaches zero every operation fails, as if the process had died.
final class CrashSwitch: Sendable {
    private let remaining: Mutex<Int>

    init(after operations: Int) { remaining = Mutex(operations) }

    var crashed: Bool { remaining.withLock { $0 <= 0 } }

    func tick() throws {
        let dead = remaining.withLock { value -> Bool in
            value -= 1
            return value < 0
        }
        if dead { throw RecordingError.crashed }
    }
}

/// A store that forwards to another and dies with its ``CrashSwitch``.
final class CrashingStore: RunStore {
    let base: any RunStore
    let crash: CrashSwitch

    init(_ base: any RunStore, crash: CrashSwitch) {
        self.base = base
        self.crash = crash
    }

    private func check() throws(EngineError) {
        do { try crash.tick() } catch { throw EngineError(code: .storage, message: "crashed") }
    }

    func saveDefinition(_ workflow: Workflow) throws(EngineError) {
        try check()
        try base.saveDefinition(workflow)
    }
    func loadDefinition(digest: String) throws(EngineError) -> Workflow {
        try check()
        return try base.loadDefinition(digest: digest)
    }
    func createRun(_ state: RunState, actions: [EngineAction], idempotency: IdempotencyClaim?) throws(EngineError)
        -> RunCreation
    {
        try check()
        return try base.createRun(state, actions: actions, idempotency: idempotency)
    }
    func commit(_ state: RunState, actions: [EngineAction]) throws(EngineError) -> [OutboxEntry] {
        try check()
        return try base.commit(state, actions: actions)
    }
    func loadRun(_ id: String) throws(EngineError) -> RunState? {
        try check()
        return try base.loadRun(id)
    }
    func pendingOutbox() throws(EngineError) -> [OutboxEntry] {
        try check()
        return try base.pendingOutbox()
    }
    func completeOutbox(_ id: Int64) throws(EngineError) {
        try check()
        try base.completeOutbox(id)
    }
    func dueRuns(at time: Timestamp, limit: Int) throws(EngineError) -> [String] {
        try check()
        return try base.dueRuns(at: time, limit: limit)
    }
    func earliestWakeup() throws(EngineError) -> Timestamp? {
        try check()
        return try base.earliestWakeup()
    }
}

/// A fresh SQLite file in a temporary folder.
func temporaryDatabase() -> String {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("engine-tests-\(UUID().uuidString)")
    try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder.appendingPathComponent("runs.sqlite").path
}

/// Sequential run ids.
final class Counter: Sendable {
    private let value = Mutex(0)
    func next() -> String {
        value.withLock {
            $0 += 1; return "run-\($0)"
        }
    }
}
