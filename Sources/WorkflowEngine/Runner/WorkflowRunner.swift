public import StructuredData

/// Runs workflows durably: each event is applied by a ``RunStateMachine``, the new state and the resulting
/// actions are committed to the ``RunStore`` in one transaction, and only then are the actions performed
/// through the ``JobDispatcher``. After a crash, ``recover()`` performs whatever was committed but not done.
public actor WorkflowRunner {
    /// How a run is started.
    public struct StartOptions: Sendable {
        /// The run id; a fresh one is generated when nil.
        public var runID: String?
        /// The tenant.
        public var orgID: String?
        /// Steps with side effects produce plans instead of jobs.
        public var dryRun: Bool
        /// A run idempotency key, scoped to tenant and workflow.
        public var idempotencyKey: String?
        /// How long the key names the run.
        public var idempotencyTTLSeconds: Int64

        /// Creates options.
        public init(
            runID: String? = nil,
            orgID: String? = nil,
            dryRun: Bool = false,
            idempotencyKey: String? = nil,
            idempotencyTTLSeconds: Int64 = 86_400
        ) {
            self.runID = runID
            self.orgID = orgID
            self.dryRun = dryRun
            self.idempotencyKey = idempotencyKey
            self.idempotencyTTLSeconds = idempotencyTTLSeconds
        }
    }

    private let store: any RunStore
    private let dispatcher: any JobDispatcher
    private let clock: any EngineClock
    private let makeID: @Sendable () -> String
    private let resolveWorkflow: (@Sendable (_ id: String, _ orgID: String?) -> Workflow?)?
    private var definitions: [String: Workflow] = [:]
    /// The workflows subworkflow steps can run, by id (the newest registered definition wins).
    private var workflows: [String: Workflow] = [:]
    /// Active runs as last committed. The store stays the source of truth: an entry is dropped whenever a
    /// commit fails, and a runner must be the only writer of its store.
    private var machines: [String: RunStateMachine] = [:]

    /// Creates a runner.
    /// - Parameters:
    ///   - store: where runs are kept.
    ///   - dispatcher: performs the actions.
    ///   - clock: the time source.
    ///   - makeID: generates run ids (must not contain `:`).
    ///   - resolveWorkflow: finds the workflow a subworkflow step names, for the tenant of the run (`orgID`), when
    ///     it was not ``register(_:)``ed; nil when the tenant cannot see it. A host that keeps workflows in a
    ///     registry passes its lookup here.
    public init(
        store: any RunStore,
        dispatcher: any JobDispatcher,
        clock: any EngineClock = SystemClock(),
        makeID: @escaping @Sendable () -> String,
        resolveWorkflow: (@Sendable (_ id: String, _ orgID: String?) -> Workflow?)? = nil
    ) {
        self.store = store
        self.dispatcher = dispatcher
        self.clock = clock
        self.makeID = makeID
        self.resolveWorkflow = resolveWorkflow
    }

    /// Makes a workflow available to subworkflow steps (and stores its definition).
    public func register(_ workflow: Workflow) throws(EngineError) {
        try store.saveDefinition(workflow)
        definitions[workflow.digest] = workflow
        workflows[workflow.id] = workflow
    }

    /// Starts a run of `workflow` (storing the definition it is pinned to).
    /// - Returns: the run after its first transition, or the existing run when the idempotency key names one.
    @discardableResult
    public func start(_ workflow: Workflow, input: JSONValue, options: StartOptions = StartOptions())
        async throws(EngineError) -> RunState
    {
        try store.saveDefinition(workflow)
        definitions[workflow.digest] = workflow
        return try await start(workflow, input: input, options: options, parent: nil)
    }

    private func start(_ workflow: Workflow, input: JSONValue, options: StartOptions, parent: SubworkflowParent?)
        async throws(EngineError) -> RunState
    {
        let now = clock.now()
        var machine = try RunStateMachine.newRun(
            id: options.runID ?? makeID(),
            workflow: workflow,
            input: input,
            orgID: options.orgID,
            dryRun: options.dryRun,
            parent: parent,
            at: now
        )
        machine.dispatchesDryRunWrites = dispatcher.plansDryRunWrites
        let actions = try machine.handle(.start(at: now))
        let claim = options.idempotencyKey.map {
            IdempotencyClaim(
                orgID: machine.state.orgID ?? "",
                workflowID: workflow.id,
                key: $0,
                expiresAt: now.adding(seconds: options.idempotencyTTLSeconds),
                now: now
            )
        }
        switch try store.createRun(machine.state, actions: actions, idempotency: claim) {
        case .existing(let runID):
            guard let existing = try store.loadRun(runID) else {
                throw EngineError(code: .runNotFound, message: "no run has id \(runID)")
            }
            return existing
        case .created(let entries):
            remember(machine)
            await perform(entries)
            return try latest(machine.state.id) ?? machine.state
        }
    }

    /// Re-runs a finished run from a step (see ``RunStateMachine/rerun(of:workflow:from:id:dryRun:at:)``).
    @discardableResult
    /// - Parameter newRunID: the new run's id (a fresh one when nil), so a caller can record who started it before
    ///   its first job is dispatched.
    public func rerun(_ runID: String, from stepID: String?, dryRun: Bool? = nil, newRunID: String? = nil)
        async throws(EngineError) -> RunState
    {
        let source = try loadState(runID)
        let workflow = try definition(source.definitionDigest)
        let now = clock.now()
        var machine = try RunStateMachine.rerun(
            of: source,
            workflow: workflow,
            from: stepID,
            id: newRunID ?? makeID(),
            dryRun: dryRun,
            at: now
        )
        machine.dispatchesDryRunWrites = dispatcher.plansDryRunWrites
        let actions = try machine.handle(.start(at: now))
        guard case .created(let entries) = try store.createRun(machine.state, actions: actions, idempotency: nil) else {
            return machine.state
        }
        remember(machine)
        await perform(entries)
        return try latest(machine.state.id) ?? machine.state
    }

    /// Delivers a job result; results for unknown runs or stale attempts are ignored.
    public func deliver(_ result: JobResult) async throws(EngineError) {
        guard let separator = result.jobID.lastIndex(of: ":") else { return }
        let runID = String(result.jobID[..<separator])
        if machines[runID] == nil, try store.loadRun(runID) == nil { return }
        try await apply(.jobResult(result, at: clock.now()), to: runID)
    }

    /// Approves or rejects an approval step.
    public func decide(runID: String, stepID: String, approved: Bool, actor: String?) async throws(EngineError) {
        try await apply(.approval(stepID: stepID, approved: approved, actor: actor, at: clock.now()), to: runID)
    }

    /// Cancels an active run.
    public func cancel(runID: String, reason: String?) async throws(EngineError) {
        try await apply(.cancel(reason: reason, at: clock.now()), to: runID)
    }

    /// Wakes every run whose timer is due; returns how many were woken. Call it when ``nextWakeup()`` arrives.
    @discardableResult
    public func wakeDueRuns(limit: Int = 500) async throws(EngineError) -> Int {
        try await wakeDue(limit: limit).count
    }

    /// Wakes every run whose timer is due.
    /// - Returns: the ids of the runs woken (a host re-checks just these, not every run).
    @discardableResult
    public func wakeDue(limit: Int = 500) async throws(EngineError) -> [String] {
        let now = clock.now()
        let due = try store.dueRuns(at: now, limit: limit)
        for runID in due { try await apply(.wakeUp(at: now), to: runID) }
        return due
    }

    /// When the next timer of any active run is due.
    public func nextWakeup() throws(EngineError) -> Timestamp? { try store.earliestWakeup() }

    /// After a restart: performs every committed action not yet done, then wakes due runs.
    public func recover() async throws(EngineError) {
        await perform(try store.pendingOutbox())
        try await wakeDueRuns()
    }

    /// The stored run.
    public func run(_ runID: String) throws(EngineError) -> RunState? { try latest(runID) }

    // MARK: - Internals

    private func loadState(_ runID: String) throws(EngineError) -> RunState {
        guard let state = try store.loadRun(runID) else {
            throw EngineError(code: .runNotFound, message: "no run has id \(runID)")
        }
        return state
    }

    private func definition(_ digest: String) throws(EngineError) -> Workflow {
        if let cached = definitions[digest] { return cached }
        let workflow = try store.loadDefinition(digest: digest)
        definitions[digest] = workflow
        return workflow
    }

    private func latest(_ runID: String) throws(EngineError) -> RunState? {
        if let machine = machines[runID] { return machine.state }
        return try store.loadRun(runID)
    }

    private func remember(_ machine: RunStateMachine) {
        machines[machine.state.id] = machine.state.status.isTerminal ? nil : machine
    }

    private func apply(_ event: EngineEvent, to runID: String) async throws(EngineError) {
        var machine: RunStateMachine
        if let cached = machines[runID] {
            machine = cached
        } else {
            let state = try loadState(runID)
            machine = try RunStateMachine(workflow: try definition(state.definitionDigest), state: state)
        }
        machine.dispatchesDryRunWrites = dispatcher.plansDryRunWrites
        let before = machine.state
        let actions = try machine.handle(event)
        guard machine.state != before else { return }
        let entries: [OutboxEntry]
        do {
            entries = try store.commit(machine.state, actions: actions)
        } catch {
            machines[runID] = nil
            throw error
        }
        remember(machine)
        await perform(entries)
    }

    /// Performs committed actions in order, marking each done; a failed dispatch becomes a failed attempt.
    private func perform(_ entries: [OutboxEntry]) async {
        for entry in entries {
            var failure: JobResult?
            var followUp: (String, EngineEvent)?
            switch entry.action {
            case .dispatch(let job):
                do {
                    try await dispatcher.dispatch(job)
                } catch {
                    failure = JobResult(jobID: job.jobID, outcome: .failed, errorMessage: "dispatch failed: \(error)")
                }
            case .cancelJob(let jobID, let reason):
                try? await dispatcher.cancel(jobID: jobID, reason: reason)
            case .notify(let notification):
                try? await dispatcher.notify(notification)
            case .startSubworkflow(let request):
                // When the store fails the request stays in the outbox for recover().
                guard let outcome = await startChild(request) else { continue }
                followUp = outcome.event
            case .cancelSubworkflow(let runID, let reason):
                followUp = (runID, .cancel(reason: reason, at: clock.now()))
            case .notifyParent(let parentRunID, let result):
                followUp = (parentRunID, .subworkflowFinished(result, at: clock.now()))
            case .storeArtifact(let request):
                let outcome: ArtifactOutcome
                do {
                    let stored = try await dispatcher.storeArtifact(request)
                    outcome = ArtifactOutcome(
                        runID: request.runID,
                        stepID: request.stepID,
                        attempt: request.attempt,
                        stored: stored
                    )
                } catch {
                    outcome = ArtifactOutcome(
                        runID: request.runID,
                        stepID: request.stepID,
                        attempt: request.attempt,
                        stored: nil,
                        errorMessage: String(describing: error)
                    )
                }
                followUp = (request.runID, .artifactStored(outcome, at: clock.now()))
            case .scheduleWakeup, .finished:
                break
            }
            do {
                try store.completeOutbox(entry.id)
                if let failure { try await apply(.jobResult(failure, at: clock.now()), to: entry.runID) }
                if let (runID, event) = followUp {
                    do {
                        try await apply(event, to: runID)
                    } catch  where error.code == .runTerminal || error.code == .runNotFound {
                        // The child already finished, or the parent is gone: nothing to do.
                    }
                }
            } catch {
                // The entry stays in the outbox; recover() performs it again.
            }
        }
    }

    /// Starts the child run of a subworkflow step (once: after a crash the same request finds the run started).
    /// - Returns: nil when the store failed (the outbox keeps the request); else an event for the parent when the
    ///   child cannot be started.
    private func startChild(_ request: SubworkflowRequest) async -> ChildStart? {
        let failed = { (message: String) -> ChildStart in
            let result = SubworkflowResult(
                runID: request.runID,
                status: .failed,
                error: StepError(code: "subworkflow_not_started", message: message)
            )
            return ChildStart(event: (request.parent.runID, .subworkflowFinished(result, at: self.clock.now())))
        }
        do {
            if try store.loadRun(request.runID) != nil { return ChildStart(event: nil) }
            guard
                let workflow = workflows[request.workflowID]
                    ?? resolveWorkflow?(request.workflowID, request.orgID)
            else {
                return failed("workflow \(request.workflowID) is not registered")
            }
            if definitions[workflow.digest] == nil {
                try store.saveDefinition(workflow)
                definitions[workflow.digest] = workflow
            }
            let options = StartOptions(runID: request.runID, orgID: request.orgID, dryRun: request.dryRun)
            _ = try await start(workflow, input: request.input, options: options, parent: request.parent)
            return ChildStart(event: nil)
        } catch {
            if error.code == .storage { return nil }
            return failed(error.message)
        }
    }

    private struct ChildStart {
        var event: (String, EngineEvent)?
    }
}
