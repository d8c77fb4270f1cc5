import JSONSchema
import StructuredData

extension RunStateMachine {
    /// Advances every step until nothing changes (a fixed point), visiting steps in ``Workflow/order``.
    mutating func schedule() {
        var progressed = true
        while progressed && !state.status.isTerminal {
            progressed = false
            for id in workflow.order where !state.status.isTerminal {
                if advance(id) { progressed = true }
                updateRunStatus()
            }
            if !progressed && !state.status.isTerminal { progressed = skipIdleHandlers() }
        }
        updateRunStatus()
    }

    /// When everything still active is an un-activated `on_error` handler or waits on one, no failure can reach
    /// those handlers any more: skip them (their dependents are then skipped in turn).
    private mutating func skipIdleHandlers() -> Bool {
        let active = workflow.order.filter { !state.steps[$0]!.status.isTerminal }
        let idle = Set(active.filter { workflow.handlers.contains($0) && !state.steps[$0]!.activated })
        guard !idle.isEmpty else { return false }
        let blocked = active.allSatisfy { id in
            idle.contains(id)
                || (state.steps[id]!.status == .pending && !(workflow.ancestors[id] ?? []).isDisjoint(with: idle))
        }
        guard blocked else { return false }
        for id in workflow.order where idle.contains(id) { skip(id, reason: "no failure was routed to this handler") }
        return true
    }

    private enum Readiness {
        case wait
        case ready
        case skip(String)
    }

    private func readiness(of step: Step) -> Readiness {
        var allSkipped = true
        for dependency in step.dependsOn {
            let status = state.steps[dependency]!.status
            guard status.isTerminal else { return .wait }
            if status.isFailure { return .skip("dependency \(dependency) \(status.rawValue)") }
            if status != .skipped { allSkipped = false }
        }
        if !step.dependsOn.isEmpty && allSkipped && step.condition == nil {
            return .skip("every dependency was skipped")
        }
        return .ready
    }

    /// Moves one step forward if it can; returns whether anything changed.
    private mutating func advance(_ id: String) -> Bool {
        let step = workflow.steps[id]!
        let current = state.steps[id]!
        switch current.status {
        case .pending:
            if workflow.handlers.contains(id) && !current.activated { return false }
            if let due = current.nextAttemptAt {
                guard due <= now else { return false }
                dispatchJob(step, stateID: id, item: nil, index: nil)
                return true
            }
            switch readiness(of: step) {
            case .wait: return false
            case .skip(let reason):
                skip(id, reason: reason)
                return true
            case .ready: start(step)
            }
            return true
        case .running:
            switch step.kind {
            case .delay:
                guard let due = current.nextAttemptAt, due <= now else { return false }
                succeed(id, output: nil)
                record("step_delay_completed", step: id, status: StepStatus.succeeded.rawValue)
                return true
            case .worker where step.forEach != nil:
                return advanceForEach(step)
            default:
                return checkAttemptDeadline(step, stateID: id)
            }
        case .waiting:
            guard let deadline = current.deadline, deadline <= now else { return false }
            fail(
                id,
                status: .timedOut,
                error: StepError(
                    code: "approval_timed_out",
                    message: "no decision within \(step.timeoutSeconds ?? 0) seconds"
                )
            )
            return true
        default:
            return false
        }
    }

    private mutating func start(_ step: Step) {
        let id = step.id
        if step.kind != .condition, let gate = step.condition {
            do {
                guard try gate.isTrue(in: scope(item: nil)) else {
                    skip(id, reason: "condition \"\(gate.source)\" is false")
                    return
                }
            } catch {
                fail(id, status: .failed, error: StepError(code: "expression_error", message: error.message))
                return
            }
        }
        state.steps[id]!.startedAt = now
        switch step.kind {
        case .condition:
            let value: Bool
            do {
                value = try step.condition!.isTrue(in: scope(item: nil))
            } catch {
                record("step_condition_failed", step: id, message: error.message)
                fail(id, status: .failed, error: StepError(code: "expression_error", message: error.message))
                return
            }
            guard checkOutput(step, .bool(value), stateID: id) else { return }
            record("step_condition_evaluated", step: id, data: ["value": .bool(value)])
            if value {
                succeed(id, output: .bool(true))
            } else {
                state.steps[id]!.output = .bool(false)
                skip(id, reason: "condition \"\(step.condition!.source)\" is false")
            }
        case .approval:
            // The rendered input is what the approver is shown (and what the host binds the approval to).
            if let template = step.inputTemplate, !template.isEmptyObject {
                do {
                    state.steps[id]!.input = try template.render(in: scope(item: nil)).value
                } catch {
                    if state.dryRun, error.code == .missingValue, error.path?.hasPrefix("steps.") == true {
                        let unresolved: JSONValue = [
                            "unresolved": .string(error.path ?? ""), "reason": "needs the output of a planned step",
                        ]
                        plan(id, ["approval": unresolved])
                        return
                    }
                    fail(id, status: .failed, error: StepError(code: "input_invalid", message: error.message))
                    return
                }
            }
            // A dry run never waits for a human: it records what would be asked (the host adds the digest).
            if state.dryRun {
                plan(id, ["approval": state.steps[id]!.input ?? .object([:])])
                return
            }
            state.steps[id]!.status = .waiting
            if let timeout = step.timeoutSeconds { state.steps[id]!.deadline = now.adding(seconds: Int64(timeout)) }
            record("step_waiting", step: id, status: StepStatus.waiting.rawValue, message: "approval requested")
        case .delay:
            var milliseconds: Int64 = 0
            if let seconds = step.delaySeconds {
                milliseconds = Int64(seconds) * 1000
            } else if let until = step.delayUntil {
                milliseconds = max(0, until.milliseconds - now.milliseconds)
            }
            if milliseconds == 0 {
                succeed(id, output: nil)
                record("step_delay_completed", step: id, status: StepStatus.succeeded.rawValue)
            } else {
                state.steps[id]!.status = .running
                state.steps[id]!.nextAttemptAt = now.adding(milliseconds: milliseconds)
                record(
                    "step_delay_started",
                    step: id,
                    status: "running",
                    data: ["delay_ms": .integer(Int(milliseconds))]
                )
            }
        case .notify:
            guard let rendered = renderInput(step, stateID: id, item: nil) else { return }
            let payload = rendered.objectValue ?? [:]
            let notification = WorkflowNotification(
                runID: state.id,
                tenantID: state.orgID,
                stepID: id,
                level: (payload["level"]?.stringValue ?? "INFO").uppercased(),
                message: payload["message"]?.stringValue ?? step.name ?? id,
                code: payload["code"]?.stringValue,
                component: payload["component"]?.stringValue ?? "workflow-engine",
                payload: rendered
            )
            state.steps[id]!.input = rendered
            if state.dryRun {
                plan(id, ["notify": rendered])
            } else {
                actions.append(.notify(notification))
                succeed(id, output: nil)
                record("step_event_emitted", step: id, status: "succeeded", message: notification.message)
            }
        case .transform:
            guard let rendered = renderInput(step, stateID: id, item: nil) else { return }
            guard checkOutput(step, rendered, stateID: id) else { return }
            succeed(id, output: rendered)
        case .subworkflow:
            startSubworkflow(step)
        case .artifact:
            startArtifact(step)
        case .worker:
            if let forEach = step.forEach {
                startForEach(step, expression: forEach)
            } else {
                dispatchJob(step, stateID: id, item: nil, index: nil)
            }
        }
    }

    // MARK: - Step transitions

    mutating func succeed(_ id: String, output: JSONValue?) {
        var step = state.steps[id]!
        step.status = .succeeded
        step.completedAt = now
        step.nextAttemptAt = nil
        step.deadline = nil
        if let output { step.output = output }
        state.steps[id] = step
        if let path = workflow.steps[id]?.outputPath, let output { writeContextValue(path, output) }
        if workflow.steps[id]?.kind != .delay && workflow.steps[id]?.kind != .notify {
            record("step_completed", step: id, job: step.jobID, status: StepStatus.succeeded.rawValue)
        }
    }

    mutating func skip(_ id: String, reason: String) {
        state.steps[id]!.status = .skipped
        state.steps[id]!.completedAt = now
        record("step_skipped", step: id, status: StepStatus.skipped.rawValue, message: reason)
    }

    /// Records a dry-run plan as the step's output instead of performing it.
    mutating func plan(_ id: String, _ plan: [String: JSONValue]) {
        state.steps[id]!.planned = true
        state.steps[id]!.status = .succeeded
        state.steps[id]!.completedAt = now
        state.steps[id]!.output = ["plan": .object(plan)]
        record("step_planned", step: id, status: StepStatus.succeeded.rawValue, data: .object(plan))
    }

    /// Fails a step (or child); a top-level step with `on_error` hands its failure to the handler.
    mutating func fail(_ id: String, status: StepStatus, error: StepError) {
        var step = state.steps[id]!
        step.status = status
        step.error = error
        step.completedAt = now
        step.nextAttemptAt = nil
        step.deadline = nil
        if let handler = workflow.steps[id]?.onError {
            step.handled = true
            state.steps[handler]!.activated = true
        }
        state.steps[id] = step
        record("step_completed", step: id, job: step.jobID, status: status.rawValue, message: error.message)
        if let handler = workflow.steps[id]?.onError {
            record(
                "step_error_handled",
                step: id,
                message: "failure routed to \(handler)",
                data: ["handler": .string(handler)]
            )
        }
    }

    /// Validates an output against the step's output schema; fails the step when it does not match.
    mutating func checkOutput(_ step: Step, _ output: JSONValue, stateID: String) -> Bool {
        guard let schema = step.compiledOutputSchema else { return true }
        let errors = schema.validate(output)
        guard !errors.isEmpty else { return true }
        let message =
            "the output does not match the output schema: " + errors.map(\.description).joined(separator: "; ")
        record("step_output_invalid", step: stateID, message: message)
        fail(stateID, status: .failed, error: StepError(code: "output_invalid", message: message))
        return false
    }

    mutating func writeContextValue(_ path: String, _ value: JSONValue) {
        let keys = path.split(separator: ".").map(String.init)
        func set(_ target: JSONValue?, _ keys: ArraySlice<String>) -> JSONValue {
            guard let key = keys.first else { return value }
            var object = target?.objectValue ?? [:]
            object[key] = set(object[key], keys.dropFirst())
            return .object(object)
        }
        state.context = set(.object(state.context), keys[...]).objectValue ?? [:]
    }

    // MARK: - Approvals

    mutating func decideApproval(_ stepID: String, approved: Bool, actor: String?) throws(EngineError) {
        guard !state.status.isTerminal else {
            throw EngineError(code: .runTerminal, message: "run \(state.id) is already \(state.status.rawValue)")
        }
        guard workflow.steps[stepID] != nil else {
            throw EngineError(code: .stepNotFound, message: "workflow \(workflow.id) has no step \"\(stepID)\"")
        }
        guard state.steps[stepID]?.status == .waiting else {
            throw EngineError(
                code: .stepNotWaiting,
                message:
                    "step \(stepID) is \(state.steps[stepID]?.status.rawValue ?? "unknown"), not waiting for approval"
            )
        }
        var data: [String: JSONValue] = ["approved": .bool(approved)]
        if let actor { data["by"] = .string(actor) }
        if approved {
            record("step_approved", step: stepID, status: StepStatus.succeeded.rawValue, data: .object(data))
            succeed(stepID, output: .object(data))
        } else {
            record("step_rejected", step: stepID, status: StepStatus.failed.rawValue, data: .object(data))
            state.steps[stepID]!.output = .object(data)
            fail(stepID, status: .failed, error: StepError(code: "rejected", message: "approval rejected"))
        }
    }

    // MARK: - Scope

    /// The values expressions can read: `input`, `steps`, `ctx`, `run`, and `item` for a for-each child.
    func scope(item: JSONValue?) -> ExpressionScope {
        var steps: [String: JSONValue] = [:]
        for (id, step) in state.steps where step.status != .pending || step.error != nil {
            var entry: [String: JSONValue] = ["status": .string(step.status.rawValue)]
            if let output = step.output { entry["output"] = output }
            if let pointer = step.resultPointer { entry["result_ptr"] = .string(pointer) }
            if let error = step.error {
                entry["error"] = ["code": .string(error.code), "message": .string(error.message)]
            }
            steps[id] = .object(entry)
        }
        var context = state.context
        context["steps"] = .object(steps)
        var run: [String: JSONValue] = [
            "id": .string(state.id), "workflow_id": .string(state.workflowID), "dry_run": .bool(state.dryRun),
        ]
        if let version = state.workflowVersion { run["version"] = .string(version) }
        if let org = state.orgID { run["org_id"] = .string(org) }
        return ExpressionScope(input: state.input, steps: steps, ctx: .object(context), run: .object(run), item: item)
    }
}
