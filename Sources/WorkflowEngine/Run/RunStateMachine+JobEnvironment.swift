import StructuredData

extension RunStateMachine {
    /// The run's memory id: the run input's `memory_id` when it is a non-empty string (trimmed), else
    /// `run:<run id>` (upstream's `buildJobRequest`).
    var runMemoryID: String {
        if let text = state.input["memory_id"]?.stringValue {
            let trimmed = String(text.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
            if !trimmed.isEmpty { return trimmed }
        }
        return "run:\(state.id)"
    }

    /// A job's priority: the step's `priority`, else the run input's `priority` when it names one, else `batch`.
    func jobPriority(_ step: Step) -> JobPriority {
        step.priority ?? state.input["priority"]?.stringValue.flatMap(JobPriority.init(name:)) ?? .batch
    }

    /// Upstream's `JobRequest.env` for one attempt: `workflow_id`, `run_id`, `step_id` (`<step>[<i>]` for a
    /// child), `tenant_id` (when the run has one), `memory_id`, `context_mode` (`raw`), then `foreach_index` and
    /// `foreach_item` (the item as Go encodes JSON: `JSONEncoding.canonical`) for a child, and `dry_run: "true"` in a dry run.
    func jobEnvironment(stateID: String, memoryID: String, item: JSONValue?, index: Int?) -> [String: String] {
        var env = [
            "workflow_id": workflow.id,
            "run_id": state.id,
            "step_id": stateID,
            "memory_id": memoryID,
            "context_mode": "raw",
        ]
        if let tenant = state.orgID { env["tenant_id"] = tenant }
        if let index { env["foreach_index"] = String(index) }
        if let item { env["foreach_item"] = JSONEncoding.canonical(item) }
        if state.dryRun { env["dry_run"] = "true" }
        return env
    }
}
