import JSONSchema
public import StructuredData

/// The pure state machine of one run: feed it events, get back the actions to perform.
///
/// It does no I/O and never reads a clock: every event carries its time. After each event it
/// schedules to a fixed point, visiting steps in ``Workflow/order``, so the same events always give
/// the same state and actions. The runner persists ``state`` before it performs the actions.
public struct RunStateMachine: Sendable {
    /// The definition the run is pinned to.
    public let workflow: Workflow
    /// The run.
    public internal(set) var state: RunState

    var now = Timestamp(milliseconds: 0)
    /// Whether a dry run's steps with side effects are dispatched (with `dryRun` set) to a dispatcher that
    /// guarantees only planning workers run them (``JobDispatcher/plansDryRunWrites``), instead of being planned
    /// here. Not part of the run's state: the runner sets it from its dispatcher.
    public var dispatchesDryRunWrites = false
    var actions: [EngineAction] = []

    /// Resumes a run from its stored state.
    /// - Throws: ``EngineError/Code-swift.struct/definitionMismatch`` when `workflow` is not the definition the run is pinned to.
    public init(workflow: Workflow, state: RunState) throws(EngineError) {
        guard workflow.digest == state.definitionDigest else {
            throw EngineError(
                code: .definitionMismatch,
                message:
                    "run \(state.id) is pinned to definition \(state.definitionDigest.prefix(12)), not \(workflow.digest.prefix(12))"
            )
        }
        self.workflow = workflow
        self.state = state
    }

    /// Creates a pending run after checking its input against the workflow's `input_schema`.
    /// - Parameters:
    ///   - id: the run id (must not contain `:`).
    ///   - workflow: the definition; the run is pinned to its version and digest.
    ///   - input: the run input.
    ///   - orgID: the tenant.
    ///   - dryRun: whether steps with side effects produce plans instead of jobs.
    ///   - parent: for a subworkflow's run, the run and step waiting for it.
    ///   - time: the creation time.
    public static func newRun(
        id: String,
        workflow: Workflow,
        input: JSONValue,
        orgID: String? = nil,
        dryRun: Bool = false,
        parent: SubworkflowParent? = nil,
        at time: Timestamp
    ) throws(EngineError) -> RunStateMachine {
        if let schema = workflow.compiledInputSchema {
            let errors = schema.validate(input)
            if !errors.isEmpty {
                throw EngineError(
                    code: .invalidInput,
                    message: "the run input does not match the workflow's input_schema: "
                        + errors.map(\.description).joined(separator: "; ")
                )
            }
        }
        var state = RunState(
            id: id,
            workflowID: workflow.id,
            workflowVersion: workflow.version,
            definitionDigest: workflow.digest,
            orgID: orgID ?? workflow.orgID,
            input: input,
            createdAt: time,
            dryRun: dryRun
        )
        state.parent = parent
        for stepID in workflow.order { state.steps[stepID] = StepState(id: stepID) }
        var machine = try RunStateMachine(workflow: workflow, state: state)
        machine.now = time
        machine.record("run_created", status: RunStatus.pending.rawValue, data: dryRun ? ["dry_run": true] : nil)
        return machine
    }

    /// Applies one event.
    /// - Returns: the actions to perform, in order, once the new ``state`` is committed.
    /// - Throws: ``EngineError`` when the event is a command the run refuses (cancel or approve a finished run,
    ///   approve a step that is not waiting, start twice). Stale or duplicate job results are ignored, not refused.
    public mutating func handle(_ event: EngineEvent) throws(EngineError) -> [EngineAction] {
        now = max(event.time, state.startedAt ?? state.createdAt)
        actions = []
        switch event {
        case .start:
            guard state.status == .pending else {
                throw EngineError(code: .alreadyStarted, message: "run \(state.id) has already started")
            }
            state.status = .running
            state.startedAt = now
            if let timeout = workflow.timeoutSeconds { state.deadline = now.adding(seconds: Int64(timeout)) }
            record("run_status", status: RunStatus.running.rawValue)
        case .jobResult(let result, _):
            guard state.status != .pending, !state.status.isTerminal else { return [] }
            applyResult(result)
        case .approval(let stepID, let approved, let actor, _):
            try decideApproval(stepID, approved: approved, actor: actor)
        case .wakeUp:
            guard state.status != .pending, !state.status.isTerminal else { return [] }
        case .cancel(let reason, _):
            guard !state.status.isTerminal else {
                throw EngineError(
                    code: .runTerminal,
                    message: "run \(state.id) is already \(state.status.rawValue) and cannot be cancelled"
                )
            }
            finishRun(.cancelled, error: StepError(code: "cancelled", message: reason ?? "run cancelled"))
        case .subworkflowFinished(let result, _):
            guard state.status != .pending, !state.status.isTerminal else { return [] }
            applySubworkflowResult(result)
        case .artifactStored(let outcome, _):
            guard state.status != .pending, !state.status.isTerminal else { return [] }
            applyArtifactOutcome(outcome)
        }
        if !state.status.isTerminal {
            if let deadline = state.deadline, deadline <= now {
                finishRun(
                    .timedOut,
                    error: StepError(
                        code: "run_timed_out",
                        message: "the run did not finish within \(workflow.timeoutSeconds ?? 0) seconds"
                    )
                )
            } else {
                schedule()
            }
        }
        updateWakeup()
        return actions
    }

    // MARK: - Recording

    mutating func record(
        _ type: String,
        step: String? = nil,
        job: String? = nil,
        status: String? = nil,
        message: String? = nil,
        data: JSONValue? = nil
    ) {
        state.timeline.append(
            TimelineEntry(
                sequence: state.timeline.count + 1,
                time: now,
                type: type,
                stepID: step,
                jobID: job,
                status: status,
                message: message,
                data: data
            )
        )
    }

    // MARK: - Run status

    /// Recomputes the run status from the top-level steps; finishes the run when it is decided.
    mutating func updateRunStatus() {
        guard !state.status.isTerminal, state.status != .pending else { return }
        var unhandledFailure: StepState?
        var waiting = false
        var allDone = true
        for id in workflow.order {
            let step = state.steps[id]!
            if step.status.isFailure && !step.handled {
                if unhandledFailure == nil || (unhandledFailure!.status == .timedOut && step.status != .timedOut) {
                    unhandledFailure = step
                }
            }
            if step.status == .waiting { waiting = true }
            if !step.status.isTerminal { allDone = false }
        }
        if let failure = unhandledFailure {
            let status: RunStatus = failure.status == .timedOut ? .timedOut : .failed
            let message = "step \(failure.id) \(failure.status.rawValue): \(failure.error?.message ?? "no message")"
            finishRun(status, error: StepError(code: failure.error?.code ?? "step_failed", message: message))
            return
        }
        let next: RunStatus = waiting ? .waiting : (allDone ? .succeeded : .running)
        if next == .succeeded {
            finishRun(.succeeded, error: nil)
        } else if next != state.status {
            state.status = next
            record("run_status", status: next.rawValue)
        }
    }

    /// Makes the run terminal and cancels everything still active.
    mutating func finishRun(_ status: RunStatus, error: StepError?) {
        state.status = status
        state.completedAt = now
        state.error = error
        state.nextWakeup = nil
        let reason = status == .cancelled ? "workflow run cancelled" : "workflow run \(status.rawValue)"
        for id in state.steps.keys.sorted() where !state.steps[id]!.status.isTerminal {
            var step = state.steps[id]!
            if step.status == .running { cancelWork(of: id, reason: reason) }
            step.status = .cancelled
            step.completedAt = now
            step.nextAttemptAt = nil
            step.deadline = nil
            state.steps[id] = step
            record("step_cancelled", step: id, status: StepStatus.cancelled.rawValue, message: reason)
        }
        record("run_status", status: status.rawValue, message: error?.message)
        if let parent = state.parent {
            var outputs: [String: JSONValue] = [:]
            for id in workflow.order { if let output = state.steps[id]?.output { outputs[id] = output } }
            actions.append(
                .notifyParent(
                    parentRunID: parent.runID,
                    SubworkflowResult(runID: state.id, status: status, outputs: outputs, error: error)
                )
            )
        }
        actions.append(.finished(status))
    }

    /// Cancels what a running step or child has in flight: its job, or its subworkflow run.
    mutating func cancelWork(of stateID: String, reason: String) {
        guard let running = state.steps[stateID]?.jobID else { return }
        if workflow.steps[stateID]?.kind == .subworkflow {
            actions.append(.cancelSubworkflow(runID: running, reason: reason))
        } else {
            actions.append(.cancelJob(jobID: running, reason: reason))
        }
    }

    /// Emits a wake-up action when the earliest due timer changed.
    mutating func updateWakeup() {
        var earliest: Timestamp?
        func consider(_ time: Timestamp?) {
            guard let time else { return }
            earliest = earliest.map { min($0, time) } ?? time
        }
        if !state.status.isTerminal && state.status != .pending {
            consider(state.deadline)
            for step in state.steps.values where !step.status.isTerminal {
                consider(step.nextAttemptAt)
                consider(step.deadline)
            }
        }
        if earliest != state.nextWakeup {
            state.nextWakeup = earliest
            if let earliest { actions.append(.scheduleWakeup(at: earliest)) }
        }
    }
}
