import Foundation
import StructuredData
import Synchronization
import WorkflowEngine

/// The run store the host's workflow runner writes through: every committed transition is stored by the inner
/// store, then each run and step status change is appended to the audit log (`run.finished`, `step.status`),
/// so run and step events have an audit sequence like every other event.
///
/// The run store and the host store are two SQLite files, so the record follows the commit rather than sharing
/// its transaction: a crash between the two loses that status change's event (the run's state is kept).
/// Statuses are compared with the state this recorder last saw of the run (read back once after a restart).
final class RunEventRecorder: RunStore {
    private let inner: SQLiteRunStore
    private let database: HostDatabase
    private let clock: any EngineClock
    private let defaultTenant: String
    private let seen = Mutex<[String: Snapshot]>([:])
    private let tracing: RunTracer?

    /// The statuses last recorded for a run.
    struct Snapshot {
        var run: RunStatus
        var steps: [String: StepStatus]

        init(_ state: RunState) {
            run = state.status
            steps = state.steps.mapValues(\.status)
        }
    }

    init(
        inner: SQLiteRunStore,
        database: HostDatabase,
        clock: any EngineClock,
        defaultTenant: String,
        tracing: RunTracer? = nil
    ) {
        self.inner = inner
        self.tracing = tracing
        self.database = database
        self.clock = clock
        self.defaultTenant = defaultTenant
    }

    func saveDefinition(_ workflow: Workflow) throws(EngineError) { try inner.saveDefinition(workflow) }

    func loadDefinition(digest: String) throws(EngineError) -> Workflow { try inner.loadDefinition(digest: digest) }

    func createRun(_ state: RunState, actions: [EngineAction], idempotency: IdempotencyClaim?) throws(EngineError)
        -> RunCreation
    {
        let creation = try inner.createRun(state, actions: actions, idempotency: idempotency)
        if case .created = creation {
            // The host records `run.started` once the run exists; the steps it started with are running from then.
            seen.withLock { $0[state.id] = Snapshot(state) }
            trace(state)
        }
        return creation
    }

    func commit(_ state: RunState, actions: [EngineAction]) throws(EngineError) -> [OutboxEntry] {
        let known = seen.withLock { $0[state.id] }
        let before = known ?? (try? inner.loadRun(state.id)).flatMap { $0.map(Snapshot.init) }
        let entries = try inner.commit(state, actions: actions)
        seen.withLock { $0[state.id] = state.status.isTerminal ? nil : Snapshot(state) }
        record(state, before: before)
        trace(state)
        return entries
    }

    /// Hands the committed state to the run tracer, with the approval a waiting step waited on.
    private func trace(_ state: RunState) {
        guard let tracing else { return }
        let database = database
        tracing.observe(state, tenant: state.orgID ?? defaultTenant, now: clock.now()) { step in
            try? database.read { db in try ApprovalStore.latest(runID: state.id, stepID: step, in: db) }
        }
    }

    func loadRun(_ id: String) throws(EngineError) -> RunState? { try inner.loadRun(id) }

    func pendingOutbox() throws(EngineError) -> [OutboxEntry] { try inner.pendingOutbox() }

    func completeOutbox(_ id: Int64) throws(EngineError) { try inner.completeOutbox(id) }

    func dueRuns(at time: Timestamp, limit: Int) throws(EngineError) -> [String] {
        try inner.dueRuns(at: time, limit: limit)
    }

    func earliestWakeup() throws(EngineError) -> Timestamp? { try inner.earliestWakeup() }

    /// Appends the status changes between `before` and `state`, steps in id order, then the run's end.
    private func record(_ state: RunState, before: Snapshot?) {
        let tenant = state.orgID ?? defaultTenant
        var events: [AuditEvent] = []
        for id in state.steps.keys.sorted() {
            guard let step = state.steps[id], step.status != .pending, before?.steps[id] != step.status else {
                continue
            }
            var data: [String: JSONValue] = [
                "run_id": .string(state.id), "workflow_id": .string(state.workflowID), "step_id": .string(id),
                "status": .string(step.status.rawValue), "attempts": .integer(step.attempts),
            ]
            data["job_id"] = step.jobID.map(JSONValue.string)
            data["error"] = step.error.map { ["code": .string($0.code), "message": .string($0.message)] }
            events.append(
                AuditEvent(
                    kind: HostEvent.stepStatusKind,
                    tenantID: tenant,
                    subject: "\(state.id):\(id)",
                    data: .object(data)
                )
            )
        }
        if state.status.isTerminal, before?.run != state.status {
            var data: [String: JSONValue] = [
                "run_id": .string(state.id), "workflow_id": .string(state.workflowID),
                "status": .string(state.status.rawValue),
            ]
            data["error"] = state.error.map { ["code": .string($0.code), "message": .string($0.message)] }
            events.append(
                AuditEvent(kind: HostEvent.runFinishedKind, tenantID: tenant, subject: state.id, data: .object(data))
            )
        }
        guard !events.isEmpty else { return }
        let now = clock.now()
        try? database.write { db in
            for event in events { try AuditLog.append(event, at: now, in: db) }
        }
    }
}
