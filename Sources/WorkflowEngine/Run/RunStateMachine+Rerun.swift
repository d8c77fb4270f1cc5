import StructuredData

extension RunStateMachine {
    /// Creates a run that re-executes `stepID` and everything downstream of it (dependents and `on_error`
    /// handlers, transitively), reusing the recorded state of every other step that succeeded or was skipped
    /// and whose dependencies are all reused; everything else runs again.
    /// Without a step, everything runs again. Start the new run with ``EngineEvent/start(at:)``.
    /// - Parameters:
    ///   - source: the finished run to re-run.
    ///   - workflow: its definition (must be the one it is pinned to).
    ///   - stepID: the step to start from; nil re-runs everything.
    ///   - id: the new run's id.
    ///   - dryRun: nil keeps the source run's setting.
    ///   - time: the creation time.
    public static func rerun(
        of source: RunState,
        workflow: Workflow,
        from stepID: String?,
        id: String,
        dryRun: Bool? = nil,
        at time: Timestamp
    ) throws(EngineError) -> RunStateMachine {
        guard source.status.isTerminal else {
            throw EngineError(
                code: .runNotTerminal,
                message: "run \(source.id) is \(source.status.rawValue); rerun needs a finished run"
            )
        }
        if let stepID, workflow.steps[stepID] == nil {
            throw EngineError(code: .stepNotFound, message: "workflow \(workflow.id) has no step \"\(stepID)\"")
        }
        var machine = try RunStateMachine(workflow: workflow, state: source)
        var state = RunState(
            id: id,
            workflowID: source.workflowID,
            workflowVersion: source.workflowVersion,
            definitionDigest: source.definitionDigest,
            orgID: source.orgID,
            input: source.input,
            createdAt: time,
            dryRun: dryRun ?? source.dryRun
        )
        state.rerunOf = source.id
        state.rerunStep = stepID
        let rerun = stepID.map { workflow.descendants(of: $0) } ?? Set(workflow.order)
        var reused: [String] = []
        for step in workflow.order {
            let old = source.steps[step]!
            let dependenciesReused = workflow.steps[step]!.dependsOn.allSatisfy { reused.contains($0) }
            guard !rerun.contains(step), old.status == .succeeded || old.status == .skipped, dependenciesReused else {
                state.steps[step] = StepState(id: step)
                continue
            }
            reused.append(step)
            state.steps[step] = old
            state.steps[step]?.reused = true
            for index in 0..<(old.childCount ?? 0) {
                let child = "\(step)[\(index)]"
                state.steps[child] = source.steps[child]
                state.steps[child]?.reused = true
            }
            if let path = workflow.steps[step]!.outputPath, old.status == .succeeded, let output = old.output {
                machine.state = state
                machine.writeContextValue(path, output)
                state = machine.state
            }
        }
        machine.state = state
        machine.now = time
        machine.record(
            "run_created",
            status: RunStatus.pending.rawValue,
            data: [
                "rerun_of": .string(source.id), "rerun_step": stepID.map { .string($0) } ?? .null,
                "reused_steps": .array(reused.map { .string($0) }),
            ]
        )
        return machine
    }
}
