public import StructuredData
public import WorkflowEngine

extension RunState {
    /// The run in Cordum's WorkflowRun JSON: `id, workflow_id, org_id, input, context, status, started_at,
    /// completed_at, output, error, steps, created_at, updated_at, dry_run, rerun_of, rerun_step` (unset times,
    /// output and error are `null`).
    public var apiJSON: JSONValue {
        var steps: [String: JSONValue] = [:]
        for (id, step) in self.steps { steps[id] = step.apiJSON }
        let updated = timeline.last?.time ?? completedAt ?? startedAt ?? createdAt
        var fields: [String: JSONValue] = [
            "id": .string(id),
            "workflow_id": .string(workflowID),
            "org_id": orgID.map(JSONValue.string) ?? .null,
            "input": input,
            "context": .object(context),
            "status": .string(status.rawValue),
            "started_at": startedAt.map { .string($0.description) } ?? .null,
            "completed_at": completedAt.map { .string($0.description) } ?? .null,
            "output": status == .succeeded ? .object(context) : .null,
            "error": error?.apiJSON ?? .null,
            "steps": .object(steps),
            "created_at": .string(createdAt.description),
            "updated_at": .string(updated.description),
            "dry_run": .bool(dryRun),
        ]
        fields["workflow_version"] = workflowVersion.map(JSONValue.string)
        fields["rerun_of"] = rerunOf.map(JSONValue.string)
        fields["rerun_step"] = rerunStep.map(JSONValue.string)
        return .object(fields)
    }

    /// The run's timeline as Cordum's event array, oldest first, at most `limit` events.
    public func timelineJSON(limit: Int) -> JSONValue {
        .array(
            timeline.prefix(limit).map { entry in
                var fields: [String: JSONValue] = [
                    "time": .string(entry.time.description),
                    "type": .string(entry.type),
                    "run_id": .string(id),
                    "workflow_id": .string(workflowID),
                ]
                fields["step_id"] = entry.stepID.map(JSONValue.string)
                fields["job_id"] = entry.jobID.map(JSONValue.string)
                fields["status"] = entry.status.map(JSONValue.string)
                fields["message"] = entry.message.map(JSONValue.string)
                fields["data"] = entry.data
                return .object(fields)
            }
        )
    }
}

extension StepState {
    /// The step in Cordum's StepRun JSON (absent fields omitted).
    public var apiJSON: JSONValue {
        var fields: [String: JSONValue] = [
            "step_id": .string(id),
            "status": .string(status.rawValue),
            "attempts": .integer(attempts),
        ]
        fields["started_at"] = startedAt.map { .string($0.description) }
        fields["completed_at"] = completedAt.map { .string($0.description) }
        fields["next_attempt_at"] = nextAttemptAt.map { .string($0.description) }
        fields["input"] = input
        fields["output"] = output
        fields["error"] = error?.apiJSON
        fields["job_id"] = jobID.map(JSONValue.string)
        fields["item"] = item
        return .object(fields)
    }
}

extension StepError {
    /// `{code, message, details?}`.
    public var apiJSON: JSONValue {
        var fields: [String: JSONValue] = ["code": .string(code), "message": .string(message)]
        fields["details"] = details
        return .object(fields)
    }
}
