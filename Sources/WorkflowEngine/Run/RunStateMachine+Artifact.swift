import StructuredData

extension RunStateMachine {
    /// Renders an artifact step's input and asks the host to store it; a dry run records the plan instead.
    mutating func startArtifact(_ step: Step) {
        let id = step.id
        guard let input = renderInput(step, stateID: id, item: nil) else { return }
        var current = state.steps[id]!
        current.attempts += 1
        current.input = input
        state.steps[id] = current
        let request: ArtifactRequest
        do {
            request = try ArtifactRequest.from(
                input: input,
                runID: state.id,
                workflowID: workflow.id,
                stepID: id,
                attempt: current.attempts,
                tenantID: state.orgID
            )
        } catch {
            fail(id, status: .failed, error: StepError(code: "input_invalid", message: error.message))
            return
        }
        if state.dryRun {
            var plan: [String: JSONValue] = [
                "content_type": .string(request.contentType), "size_bytes": .integer(request.content.count),
                "retention": .string(request.retention),
            ]
            if let name = request.name { plan["name"] = .string(name) }
            self.plan(id, ["artifact": .object(plan)])
            return
        }
        state.steps[id]!.status = .running
        actions.append(.storeArtifact(request))
        record(
            "step_artifact_requested",
            step: id,
            status: StepStatus.running.rawValue,
            data: ["size_bytes": .integer(request.content.count), "content_type": .string(request.contentType)]
        )
    }

    /// Completes the artifact step the outcome belongs to; an outcome for another attempt is ignored.
    mutating func applyArtifactOutcome(_ outcome: ArtifactOutcome) {
        guard let step = workflow.steps[outcome.stepID], step.kind == .artifact,
            let current = state.steps[outcome.stepID], current.status == .running,
            current.attempts == outcome.attempt
        else { return }
        guard let stored = outcome.stored else {
            fail(
                outcome.stepID,
                status: .failed,
                error: StepError(
                    code: "artifact_failed",
                    message: "the artifact was not stored: \(outcome.errorMessage ?? "no reason given")"
                )
            )
            return
        }
        var output: [String: JSONValue] = [
            "pointer": .string(stored.pointer), "size_bytes": .integer(stored.sizeBytes),
            "content_type": .string(stored.contentType), "sha256": .string(stored.sha256),
        ]
        if let name = current.input?["name"]?.stringValue { output["name"] = .string(name) }
        guard checkOutput(step, .object(output), stateID: outcome.stepID) else { return }
        succeed(outcome.stepID, output: .object(output))
    }
}
