import Foundation
import GRDB
public import Logging
import StructuredData
public import WorkflowEngine

/// The embedded control plane: it runs workflows with the safety kernel in front of every job.
///
/// Every job passes the ``SafetyGate`` (strict mode) when it is accepted and again when it is handed to a
/// worker. ALLOW and ALLOW_WITH_CONSTRAINTS queue it for its pool; DENY fails it with the rule, reason and
/// remediations; REQUIRE_APPROVAL holds it behind an ``Approval`` bound to its action digest. The scheduler
/// routes queued jobs by the pools overlay to the least-loaded worker with room, holding the step's lock
/// and honouring its idempotency key. Every decision, approval, dispatch and result is appended to the audit
/// log in the transaction that makes it true.
///
/// Time moves by ``tick()``: the background loop of ``start()`` calls it, tests call it with a `ManualClock`.
public actor PackHost {
    let database: HostDatabase
    let runStore: SQLiteRunStore
    let catalog: any HostCatalog
    let clock: any EngineClock
    let configuration: HostConfiguration
    let logger: Logger
    let makeID: @Sendable () -> String
    var runner: WorkflowRunner!
    /// Workers by id.
    var workers: [String: WorkerSlot] = [:]
    /// Queued job ids, oldest first.
    var queue: [String] = []
    /// The topic of each queued job the scheduler has tried once: while no worker has room for that topic, later
    /// passes skip the job without touching the store (``tick()`` still tries every job, for its deadlines).
    var waitingTopics: [String: String] = [:]
    /// The job the last placement attempt ended with (what ``submitJob(_:tenant:principal:)`` returns).
    var lastPlacement: (id: String, job: HostJob)?
    /// Tasks still delivering work (worker runs, results), by a serial number.
    var inFlight: [Int: Task<Void, Never>] = [:]
    /// Workers' reports not recorded yet; they are recorded together, in one transaction (``recordReports()``).
    var pendingReports: [PendingReport] = []
    /// Whether a task to record ``pendingReports`` is scheduled.
    var reportsScheduled = false
    var nextTaskNumber = 0
    /// Who else hears notify steps' events (the CAP bridge publishes them on `sys.workflow.event`).
    var notificationListener: (@Sendable (WorkflowNotification) async -> Void)?
    /// Exports runs, steps and jobs as spans when the configuration has a tracer.
    let tracing: RunTracer?
    private var loop: Task<Void, Never>?

    /// Opens a host on its stores.
    /// - Parameters:
    ///   - database: the host store (``HostMigration/all`` applied).
    ///   - runStore: the workflow run store.
    ///   - catalog: where installed governance and workflows are read.
    ///   - configuration: limits and defaults.
    ///   - clock: the time source (`ManualClock` in tests).
    public init(
        database: HostDatabase,
        runStore: SQLiteRunStore,
        catalog: any HostCatalog,
        configuration: HostConfiguration = HostConfiguration(),
        clock: any EngineClock = SystemClock(),
        logger: Logger = Logger(label: "cordum.host"),
        makeID: (@Sendable () -> String)? = nil
    ) {
        let makeID = makeID ?? { UUID().uuidString.lowercased() }
        self.database = database
        self.runStore = runStore
        self.catalog = catalog
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.makeID = makeID
        let link = HostLink()
        let defaultTenant = configuration.defaultTenant
        let tracing = configuration.tracer.map(RunTracer.init(tracer:))
        self.tracing = tracing
        self.runner = WorkflowRunner(
            store: RunEventRecorder(
                inner: runStore,
                database: database,
                clock: clock,
                defaultTenant: configuration.defaultTenant,
                tracing: tracing
            ),
            dispatcher: HostDispatcher(link: link),
            clock: clock,
            makeID: { makeID().replacingOccurrences(of: ":", with: "-") },
            // A subworkflow step runs a workflow its run's tenant can see: its own, or a pack's.
            resolveWorkflow: { id, tenant in try? catalog.workflow(id: id, tenant: tenant ?? defaultTenant).workflow }
        )
        link.host = self
    }

    /// After a restart: performs the engine's unfinished actions, puts jobs that were running back in the
    /// queue (at least once: workers dedupe by idempotency key), delivers results the engine has not seen,
    /// and schedules. Call once before use.
    public func recover() async throws(HostError) {
        let now = clock.now()
        let (interrupted, undelivered, queued) = try database.write { db in
            let running = try JobStore.load(states: [.running], in: db)
            var requeued: [HostJob] = []
            for var job in running {
                job.state = .queued
                job.workerID = nil
                job.waitReason = "host_restarted"
                job.updatedAt = now
                try JobStore.update(job, in: db)
                if let lock = job.lock {
                    _ = try? LockStore.release(
                        tenant: job.tenantID,
                        resource: lock.resource,
                        owner: job.id,
                        holder: .job,
                        now: now,
                        in: db
                    )
                }
                try AuditLog.appendJobEvent(
                    "job.requeued",
                    of: job,
                    data: ["reason": "host_restarted"],
                    at: now,
                    in: db
                )
                requeued.append(job)
            }
            let undelivered = try JobStore.undelivered(in: db)
            let queued = try JobStore.load(states: [.queued], in: db).map(\.id)
            return (requeued, undelivered, queued)
        }
        logger.info(
            "recovering",
            metadata: ["requeued": "\(interrupted.count)", "undelivered": "\(undelivered.count)"]
        )
        queue = queued
        do {
            try await runner.recover()
        } catch {
            throw HostError(.storage, "the run store could not recover: \(error.message)")
        }
        for job in undelivered { await deliverToRun(job) }
        try await syncWaitingSteps()
        try pump()
    }

    /// Starts the background loop that calls ``tick()`` every `interval`.
    public func startTicking(every interval: Duration = .milliseconds(200)) {
        guard loop == nil else { return }
        loop = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard let self else { return }
                do {
                    try await self.tick()
                } catch {
                    self.logger.error("tick failed", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    /// Stops the background loop and waits for in-flight work.
    public func shutdown() async {
        loop?.cancel()
        loop = nil
        await settle()
    }

    /// Moves time-driven work forward: due workflow timers, lapsed approvals, job deadlines, jobs that waited
    /// too long for a worker, then schedules.
    public func tick() async throws(HostError) {
        let now = clock.now()
        let woken: [String]
        do {
            woken = try await runner.wakeDue()
        } catch {
            throw HostError(.storage, "waking due runs failed: \(error.message)")
        }
        try await expireApprovals(at: now)
        try await enforceDeadlines(at: now)
        // Only a woken run can have started (or stopped) waiting for an approval without a host call on it.
        for runID in woken { try await syncWaitingSteps(runID: runID) }
        try pump(everyJob: true)
    }

    /// Waits until every worker run and result delivery started so far has finished (tests, shutdown).
    public func settle() async {
        while let (number, task) = inFlight.first {
            await task.value
            inFlight[number] = nil
        }
    }

    /// Runs `body` as tracked in-flight work.
    func spawn(_ body: @escaping @Sendable () async -> Void) {
        let number = nextTaskNumber
        nextTaskNumber += 1
        inFlight[number] = Task {
            await body()
            self.finishedTask(number)
        }
    }

    private func finishedTask(_ number: Int) { inFlight[number] = nil }

    // MARK: - Workers

    /// Registers a worker (replacing one with the same id) and schedules queued jobs onto it.
    public func register(_ worker: any HostWorker) async throws(HostError) {
        workers[worker.id] = WorkerSlot(worker: worker, lastSeen: clock.now())
        try pump()
    }

    /// Removes a worker; its running jobs are put back in the queue.
    public func unregister(workerID: String) async throws(HostError) {
        guard let slot = workers.removeValue(forKey: workerID) else { return }
        let now = clock.now()
        try database.write { db in
            for jobID in slot.active {
                guard var job = try JobStore.load(jobID, in: db), job.state == .running else { continue }
                job.state = .queued
                job.workerID = nil
                job.waitReason = "worker_lost"
                job.updatedAt = now
                try JobStore.update(job, in: db)
                try releaseLock(of: job, now: now, in: db)
                try AuditLog.appendJobEvent("job.requeued", of: job, data: ["reason": "worker_lost"], at: now, in: db)
            }
        }
        queue.append(contentsOf: slot.active.sorted())
        try pump()
    }

    /// The registered workers.
    public func workerStatus() -> [WorkerStatus] {
        workers.values.map {
            WorkerStatus(
                id: $0.worker.id,
                pool: $0.worker.pool,
                capacity: $0.worker.capacity,
                active: $0.active.count,
                topics: $0.worker.topics
            )
        }.sorted { $0.id < $1.id }
    }

    /// The current governance view.
    public func governance() throws(HostError) -> Governance { try catalog.governance() }
}

/// A registered worker and the jobs it is running.
struct WorkerSlot {
    var worker: any HostWorker
    var active: Set<String> = []
    var lastSeen: Timestamp
}

/// A worker as the status API shows it.
public struct WorkerStatus: Sendable, Hashable {
    /// The id.
    public var id: String
    /// Its pool.
    public var pool: String
    /// How many jobs it runs at once.
    public var capacity: Int
    /// How many it is running.
    public var active: Int
    /// Its topics.
    public var topics: [String]
}

/// Lets the dispatcher reach the host without a reference cycle.
final class HostLink: @unchecked Sendable {
    private let lock = NSLock()
    private weak var stored: PackHost?
    var host: PackHost? {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// The engine's ``JobDispatcher``: every job the engine emits goes through the host's gate.
struct HostDispatcher: JobDispatcher {
    let link: HostLink

    func dispatch(_ job: JobRequest) async throws {
        guard let host = link.host else { throw HostError(.unavailable, "the host is shut down") }
        try await host.accept(job)
    }

    func cancel(jobID: String, reason: String) async throws {
        guard let host = link.host else { return }
        try await host.cancelFromEngine(jobID: jobID, reason: reason)
    }

    func notify(_ notification: WorkflowNotification) async throws {
        guard let host = link.host else { return }
        try await host.recordNotification(notification)
    }

    func storeArtifact(_ request: ArtifactRequest) async throws -> StoredArtifact {
        guard let host = link.host else { throw HostError(.unavailable, "the host is shut down") }
        return try await host.storeStepArtifact(request)
    }

    /// The host sends a dry run's writes only to workers that declare dry-run support, and plans them otherwise.
    var plansDryRunWrites: Bool { true }
}

extension PackHost {
    /// Re-checks every queued job against the current governance (after an install or a config change).
    public func reschedule() throws(HostError) { try pump() }
}
