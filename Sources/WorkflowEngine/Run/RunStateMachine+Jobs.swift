import JSONSchema
import StructuredData

extension RunStateMachine {
    /// The job id of an attempt: `<run>:<step>@<attempt>` (`<run>:<step>[<i>]@<attempt>` for a child).
    static func jobID(run: String, stateID: String, attempt: Int) -> String { "\(run):\(stateID)@\(attempt)" }

    /// Renders a step's input. On failure the step (or child) is failed — or, in a dry run where the input
    /// needs the output of a step that was only planned, planned too — and nil is returned.
    mutating func renderInput(_ step: Step, stateID: String, item: JSONValue?) -> JSONValue? {
        var value: JSONValue
        var omitted: [String] = []
        if let template = step.inputTemplate, !template.isEmptyObject {
            do {
                let rendered = try template.render(in: scope(item: item))
                value = rendered.value
                omitted = rendered.omitted
            } catch {
                if state.dryRun, error.code == .missingValue, error.path?.hasPrefix("steps.") == true {
                    plan(
                        stateID,
                        ["unresolved": .string(error.path ?? ""), "reason": "needs the output of a planned step"]
                    )
                    return nil
                }
                fail(stateID, status: .failed, error: StepError(code: "input_invalid", message: error.message))
                return nil
            }
        } else {
            value = state.input
        }
        if let item, case .object(var members) = value, members["item"] == nil {
            members["item"] = item
            value = .object(members)
        }
        if let schema = step.compiledInputSchema {
            let errors = schema.validate(value)
            if !errors.isEmpty {
                var message =
                    "the input does not match the input schema: " + errors.map(\.description).joined(separator: "; ")
                if !omitted.isEmpty {
                    message += " (left out because their value was missing: \(omitted.joined(separator: ", ")))"
                }
                fail(stateID, status: .failed, error: StepError(code: "input_invalid", message: message))
                return nil
            }
        }
        return value
    }

    /// Dispatches the next attempt of a job step or child — or, in a dry run, plans a step with side effects.
    mutating func dispatchJob(_ step: Step, stateID: String, item: JSONValue?, index: Int?) {
        guard let payload = renderInput(step, stateID: stateID, item: item) else { return }
        let topic = step.topic ?? "job.workflow.\(workflow.id)"
        if state.dryRun && step.meta.hasSideEffects && !dispatchesDryRunWrites {
            var plan: [String: JSONValue] = ["topic": .string(topic), "input": payload]
            if let capability = step.meta.capability { plan["capability"] = .string(capability) }
            plan["risk_tags"] = .array(step.meta.riskTags.map(JSONValue.string))
            self.plan(stateID, plan)
            return
        }
        let idempotencyKey: String?
        let lock: JobLock?
        do {
            idempotencyKey = try renderMeta(step.idempotencyKeyTemplate, item: item)
            lock = try renderMeta(step.lockTemplate, item: item).map {
                JobLock(resource: $0, mode: step.meta.lock?.mode ?? .exclusive, ttlSeconds: step.meta.lock?.ttlSeconds)
            }
        } catch {
            fail(stateID, status: .failed, error: StepError(code: "input_invalid", message: error.message))
            return
        }
        var current = state.steps[stateID]!
        current.attempts += 1
        let jobID = Self.jobID(run: state.id, stateID: stateID, attempt: current.attempts)
        current.jobID = jobID
        current.status = .running
        current.startedAt = current.startedAt ?? now
        current.input = payload
        current.nextAttemptAt = nil
        current.deadline = step.timeoutSeconds.map { now.adding(seconds: Int64($0)) }
        state.steps[stateID] = current
        var labels = ["workflow_id": workflow.id, "run_id": state.id, "step_id": stateID]
        if let worker = step.workerID { labels["worker_id"] = worker }
        // `cordum.*` labels are the platform's: a workflow cannot set them, in its route labels or its meta.
        labels.merge(step.routeLabels.filter { !Self.isPlatformLabel($0.key) }) { _, new in new }
        var meta = step.meta
        meta.labels = meta.labels.filter { !Self.isPlatformLabel($0.key) }
        if state.dryRun { labels["dry_run"] = "true" }
        if earnsWorkflowApprovalLabel(step, attempt: current.attempts) {
            labels[Self.workflowApprovalLabel] = "approved"
        }
        let memoryID = runMemoryID
        actions.append(
            .dispatch(
                JobRequest(
                    jobID: jobID,
                    runID: state.id,
                    workflowID: workflow.id,
                    stepID: stateID,
                    attempt: current.attempts,
                    topic: topic,
                    workerID: step.workerID,
                    payload: payload,
                    meta: meta,
                    idempotencyKey: idempotencyKey,
                    lock: lock,
                    labels: labels,
                    deadline: current.deadline,
                    dryRun: state.dryRun,
                    tenantID: state.orgID,
                    forEachIndex: index,
                    priority: jobPriority(step),
                    memoryID: memoryID,
                    env: jobEnvironment(stateID: stateID, memoryID: memoryID, item: item, index: index)
                )
            )
        )
        var data: [String: JSONValue] = ["attempt": .integer(current.attempts)]
        if let index { data["foreach_index"] = .integer(index) }
        record("step_dispatched", step: stateID, job: jobID, status: "running", data: .object(data))
    }

    /// The label a job carries when an approval step it depends on (directly or through other steps) was approved
    /// in this run; policies use it to avoid asking a second time for what a workflow approval already gated.
    public static let workflowApprovalLabel = "cordum.workflow_approval"

    /// Labels with this prefix are set by the platform only.
    public static let platformLabelPrefix = "cordum."

    /// Whether `key` is a platform label (``platformLabelPrefix``).
    public static func isPlatformLabel(_ key: String) -> Bool { key.hasPrefix(platformLabelPrefix) }

    /// Whether the job of `step`'s attempt `attempt` earns ``workflowApprovalLabel``: an approval step among its
    /// dependencies (followed transitively) was approved in this run — not carried over by a rerun — and the
    /// job's input, its `for_each` items included, reads only what that approver was shown (the run input, the
    /// run's identity, and the outputs of the approval step and of the steps it depends on). Only the first
    /// attempt earns it: a retry is another dispatch the approver did not see.
    func earnsWorkflowApprovalLabel(_ step: Step, attempt: Int) -> Bool {
        guard attempt == 1 else { return false }
        var reads: [Expression] = step.inputTemplate?.expressions.map(\.1) ?? []
        if let forEach = step.forEach { reads.append(forEach) }
        return approvedApprovalAncestors(of: step).contains { approval in
            let shown = ancestors(of: approval).union([approval])
            return reads.allSatisfy { expression in
                expression.node.paths.allSatisfy { path in
                    switch path.root {
                    case "input", "run", "item": return true
                    case "steps":
                        guard case .key(let id)? = path.segments.first else { return false }
                        return shown.contains(id)
                    default: return false
                    }
                }
            }
        }
    }

    /// The approval steps among `step`'s dependencies, followed transitively, that a person approved in this run
    /// (not carried over by a rerun, not planned by a dry run).
    func approvedApprovalAncestors(of step: Step) -> [String] {
        ancestors(of: step.id).filter { id in
            guard workflow.steps[id]?.kind == .approval, let state = state.steps[id] else { return false }
            // A dry run's approval step is only planned: nobody approved anything.
            return state.status == .succeeded && !state.reused && !state.planned
        }.sorted()
    }

    /// Every step `id` depends on, directly or not.
    func ancestors(of id: String) -> Set<String> {
        var found: Set<String> = []
        var pending = workflow.steps[id]?.dependsOn ?? []
        while let next = pending.popLast() {
            guard found.insert(next).inserted else { continue }
            pending += workflow.steps[next]?.dependsOn ?? []
        }
        return found
    }

    /// Renders `meta.idempotency_key` or `meta.lock` to a non-empty string (scalars are written as text).
    private func renderMeta(_ template: Template?, item: JSONValue?) throws(ExpressionError) -> String? {
        guard let template else { return nil }
        let value = try template.render(in: scope(item: item))
        switch value {
        case .string(let text):
            return text.allSatisfy(\.isWhitespace) ? nil : text
        case .integer, .number, .bool:
            return value.interpolationText
        default:
            throw ExpressionError(
                code: .typeMismatch,
                expression: template.source,
                message: "\"\(template.source)\" must render to a string, not \(value.typeName)"
            )
        }
    }

    /// Applies a job result to the step or child whose current attempt it belongs to; ignores anything else.
    mutating func applyResult(_ result: JobResult) {
        let prefix = state.id + ":"
        guard result.jobID.hasPrefix(prefix), let at = result.jobID.lastIndex(of: "@") else { return }
        let stateID = String(result.jobID[result.jobID.index(result.jobID.startIndex, offsetBy: prefix.count)..<at])
        guard let current = state.steps[stateID], current.jobID == result.jobID, current.status == .running else {
            return
        }
        let baseID = String(stateID.prefix { $0 != "[" })
        guard let step = workflow.steps[baseID] else { return }
        let message = result.errorMessage ?? "job \(result.outcome.rawValue)"
        func error(_ defaultCode: String) -> StepError {
            StepError(code: result.errorCode ?? defaultCode, message: message, details: result.errorDetails)
        }
        switch result.outcome {
        case .succeeded where result.planned:
            state.steps[stateID]!.error = nil
            state.steps[stateID]!.planned = true
            succeed(stateID, output: result.output)
        case .succeeded:
            if let output = result.output, !checkOutput(step, output, stateID: stateID) { return }
            state.steps[stateID]!.resultPointer = result.resultPointer
            state.steps[stateID]!.error = nil
            succeed(stateID, output: Self.keptOutput(of: result))
        case .failed:
            guard result.retryable else {
                fail(stateID, status: .failed, error: error("job_failed"))
                return
            }
            attemptFailed(step, stateID: stateID, status: .failed, error: error("job_failed"))
        case .timeout:
            attemptFailed(step, stateID: stateID, status: .timedOut, error: error("timed_out"))
        case .denied:
            fail(stateID, status: .failed, error: error("denied"))
        case .cancelled:
            fail(stateID, status: .cancelled, error: error("job_cancelled"))
        }
    }

    /// A failed or timed-out attempt: schedule a retry if the policy allows one, else fail.
    private mutating func attemptFailed(_ step: Step, stateID: String, status: StepStatus, error: StepError) {
        var current = state.steps[stateID]!
        guard let retry = step.retry, current.attempts <= retry.maxRetries else {
            fail(stateID, status: status, error: error)
            return
        }
        let delay = retry.backoffMilliseconds(afterAttempt: current.attempts)
        current.status = .pending
        current.error = error
        current.deadline = nil
        current.nextAttemptAt = now.adding(milliseconds: delay)
        state.steps[stateID] = current
        record(
            "step_retry_scheduled",
            step: stateID,
            job: current.jobID,
            status: StepStatus.pending.rawValue,
            message: error.message,
            data: ["attempt": .integer(current.attempts), "delay_ms": .integer(Int(delay))]
        )
    }

    /// Times out the current attempt of a running job step or child whose deadline has passed.
    mutating func checkAttemptDeadline(_ step: Step, stateID: String) -> Bool {
        let current = state.steps[stateID]!
        guard current.status == .running, let deadline = current.deadline, deadline <= now else { return false }
        cancelWork(of: stateID, reason: "step timed out")
        attemptFailed(
            step,
            stateID: stateID,
            status: .timedOut,
            error: StepError(
                code: "timed_out",
                message: "the attempt did not finish within \(step.timeoutSeconds ?? 0) seconds"
            )
        )
        return true
    }

    // MARK: - for_each

    mutating func startForEach(_ step: Step, expression: Expression) {
        let id = step.id
        let items: [JSONValue]
        do {
            switch try expression.evaluate(in: scope(item: nil)) {
            case .null: items = []
            case .array(let elements): items = elements
            case let other:
                fail(
                    id,
                    status: .failed,
                    error: StepError(
                        code: "for_each_not_array",
                        message: "for_each gave \(other.typeName), not an array"
                    )
                )
                return
            }
        } catch {
            fail(id, status: .failed, error: StepError(code: "expression_error", message: error.message))
            return
        }
        state.steps[id]!.status = .running
        state.steps[id]!.childCount = items.count
        for (index, item) in items.enumerated() {
            var child = StepState(id: "\(id)[\(index)]")
            child.item = item
            state.steps[child.id] = child
        }
        record("step_fanned_out", step: id, status: "running", data: ["count": .integer(items.count)])
        _ = advanceForEach(step)
    }

    /// Times out, retries and dispatches children within `max_parallel`, then aggregates them into the parent.
    mutating func advanceForEach(_ step: Step) -> Bool {
        let id = step.id
        let count = state.steps[id]!.childCount ?? 0
        let childIDs = (0..<count).map { "\(id)[\($0)]" }
        var changed = false
        for childID in childIDs where checkAttemptDeadline(step, stateID: childID) { changed = true }
        var running = childIDs.filter { state.steps[$0]!.status == .running }.count
        for (index, childID) in childIDs.enumerated() {
            let child = state.steps[childID]!
            guard child.status == .pending else { continue }
            if let due = child.nextAttemptAt, due > now { continue }
            if let limit = step.maxParallel, running >= limit { break }
            dispatchJob(step, stateID: childID, item: child.item, index: index)
            changed = true
            if state.steps[childID]!.status == .running { running += 1 }
        }
        if let failed = childIDs.first(where: { state.steps[$0]!.status.isFailure }) {
            let reason = "child \(failed) \(state.steps[failed]!.status.rawValue)"
            for childID in childIDs where !state.steps[childID]!.status.isTerminal {
                if state.steps[childID]!.status == .running { cancelWork(of: childID, reason: reason) }
                state.steps[childID]!.status = .cancelled
                state.steps[childID]!.completedAt = now
                state.steps[childID]!.nextAttemptAt = nil
                record("step_cancelled", step: childID, status: StepStatus.cancelled.rawValue, message: reason)
            }
            let message = reason + ": " + (state.steps[failed]!.error?.message ?? "no message")
            fail(id, status: .failed, error: StepError(code: "child_failed", message: message))
            return true
        }
        if childIDs.allSatisfy({ state.steps[$0]!.status.isTerminal }) {
            state.steps[id]!.planned = childIDs.contains { state.steps[$0]!.planned }
            succeed(id, output: .array(childIDs.map { state.steps[$0]!.output ?? .null }))
            return true
        }
        return changed
    }
}
