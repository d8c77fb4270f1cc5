import StructuredData

extension RunStateMachine {
    /// The deepest nesting of subworkflow runs; deeper calls fail (they are almost always a recursive definition).
    static let maximumSubworkflowDepth = 8

    /// Starts the workflow named by `workflow_id` as a child run, with the step's rendered input.
    mutating func startSubworkflow(_ step: Step) {
        let id = step.id
        let depth = (state.parent?.depth ?? 0) + 1
        guard depth <= Self.maximumSubworkflowDepth else {
            fail(
                id,
                status: .failed,
                error: StepError(
                    code: "subworkflow_depth",
                    message: "subworkflows are nested more than \(Self.maximumSubworkflowDepth) deep"
                )
            )
            return
        }
        guard let input = renderInput(step, stateID: id, item: nil) else { return }
        var current = state.steps[id]!
        current.attempts += 1
        current.jobID = "\(state.id).\(id).\(current.attempts)"
        current.status = .running
        current.input = input
        current.deadline = step.timeoutSeconds.map { now.adding(seconds: Int64($0)) }
        state.steps[id] = current
        actions.append(
            .startSubworkflow(
                SubworkflowRequest(
                    runID: current.jobID!,
                    workflowID: step.subworkflowID!,
                    input: input,
                    parent: SubworkflowParent(runID: state.id, stepID: id, depth: depth),
                    dryRun: state.dryRun,
                    orgID: state.orgID
                )
            )
        )
        record(
            "step_subworkflow_started",
            step: id,
            job: current.jobID,
            status: StepStatus.running.rawValue,
            data: ["workflow_id": .string(step.subworkflowID!)]
        )
    }

    /// Applies the end of a child run to the step that waits for it; anything else is ignored.
    mutating func applySubworkflowResult(_ result: SubworkflowResult) {
        guard
            let id = workflow.order.first(where: {
                state.steps[$0]?.jobID == result.runID && state.steps[$0]?.status == .running
            }),
            let step = workflow.steps[id]
        else { return }
        let output: JSONValue = [
            "run_id": .string(result.runID), "status": .string(result.status.rawValue),
            "outputs": .object(result.outputs),
        ]
        let message =
            "subworkflow run \(result.runID) \(result.status.rawValue)"
            + (result.error.map { ": \($0.message)" } ?? "")
        switch result.status {
        case .succeeded:
            guard checkOutput(step, output, stateID: id) else { return }
            succeed(id, output: output)
        case .timedOut:
            fail(id, status: .timedOut, error: StepError(code: "subworkflow_timed_out", message: message))
        case .cancelled:
            fail(id, status: .cancelled, error: StepError(code: "subworkflow_cancelled", message: message))
        default:
            state.steps[id]!.output = output
            fail(id, status: .failed, error: StepError(code: "subworkflow_failed", message: message))
        }
    }
}
