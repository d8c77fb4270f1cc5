import CAP
import StructuredData
import WorkflowEngine

extension Cordum_Agent_V1_JobRequest {
    /// The CAP request for a job the host dispatches (`cap-protocol.md` §1.3): what WorkerKit's `JobContext`
    /// reads — tenant, principal, labels (with `run_id`, `step_id` and `dry_run`), the metadata (capability, the
    /// effective risk tags and requires, pack id, idempotency key), the constraints as
    /// `env["CORDUM_POLICY_CONSTRAINTS"]`, and the time left before the deadline as `budget.deadline_ms`.
    init(assignment: JobAssignment, now: Timestamp) {
        let job = assignment.job
        self.init()
        jobID = job.id
        topic = job.topic
        contextPtr = "redis://" + CAPKeys.context(jobID: job.id)
        tenantID = job.tenantID
        principalID = job.principal
        var labels = job.labels
        if let runID = job.runID { labels["run_id"] = runID }
        if let stepID = job.stepID { labels["step_id"] = stepID }
        if job.dryRun { labels["dry_run"] = "true" }
        self.labels = labels
        if let workflowID = job.workflowID { self.workflowID = workflowID }
        var env = ["tenant_id": job.tenantID]
        if let constraints = assignment.constraints {
            env["CORDUM_POLICY_CONSTRAINTS"] = JSONEncoding.compact(constraints)
            if let level = constraints["redaction_level"]?.stringValue { env["CORDUM_REDACTION_LEVEL"] = level }
        }
        self.env = env
        var meta = Cordum_Agent_V1_JobMetadata()
        meta.tenantID = job.tenantID
        meta.actorID = job.principal
        meta.idempotencyKey = job.idempotencyKey ?? ""
        meta.capability = job.capability ?? ""
        meta.riskTags = assignment.riskTags
        meta.requires = assignment.requires
        meta.packID = job.packID ?? ""
        self.meta = meta
        if let deadline = assignment.deadline {
            var budget = Cordum_Agent_V1_Budget()
            budget.deadlineMs = max(1, deadline.milliseconds - now.milliseconds)
            self.budget = budget
        }
    }
}

/// The Redis keys of CAP's pointers (`cap-protocol.md` §3.1).
enum CAPKeys {
    /// The job's input: `ctx:<job_id>`.
    static func context(jobID: String) -> String { "ctx:\(jobID)" }

    /// The Redis key a `redis://<key>` pointer names (the CAP docs' `redis://res/<id>` is read the same way);
    /// nil for any other pointer.
    static func key(ofPointer pointer: String) -> String? {
        let scheme = "redis://"
        guard pointer.hasPrefix(scheme), pointer.count > scheme.count else { return nil }
        return String(pointer.dropFirst(scheme.count))
    }
}
