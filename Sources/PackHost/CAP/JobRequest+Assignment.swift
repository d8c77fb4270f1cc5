import CAP
import StructuredData
import WorkflowEngine

extension Cordum_Agent_V1_JobRequest {
    /// The CAP request for a job the host dispatches (`cap-protocol.md` §1.3): what WorkerKit's `JobContext`
    /// reads — tenant, principal, labels (with `run_id`, `step_id` and `dry_run`), the metadata (capability, the
    /// effective risk tags and requires, pack id, idempotency key, actor type, the step's `meta.labels`), the
    /// constraints as `env["CORDUM_POLICY_CONSTRAINTS"]`, and the time left before the deadline as
    /// `budget.deadline_ms` — and what upstream's engine adds for a workflow step (``JobEnvelope``): priority
    /// (`INTERACTIVE` for API jobs), `memory_id`, `adapter_id` and the `env` entries.
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
        let envelope = job.envelope
        priority = envelope.priority.map(Self.priority) ?? .interactive
        memoryID = envelope.memoryID ?? ""
        adapterID = envelope.adapterID ?? ""
        env = assignment.environment
        var meta = Cordum_Agent_V1_JobMetadata()
        meta.tenantID = job.tenantID
        meta.actorID = job.principal
        meta.idempotencyKey = job.idempotencyKey ?? ""
        meta.capability = job.capability ?? ""
        meta.riskTags = assignment.riskTags
        meta.requires = assignment.requires
        meta.packID = job.packID ?? ""
        meta.actorType = Self.actorType(envelope.actorType)
        meta.labels = envelope.metaLabels
        self.meta = meta
        if let deadline = assignment.deadline {
            var budget = Cordum_Agent_V1_Budget()
            budget.deadlineMs = max(1, deadline.milliseconds - now.milliseconds)
            self.budget = budget
        }
    }
}

extension Cordum_Agent_V1_JobRequest {
    /// The CAP priority of a job priority.
    static func priority(_ priority: JobPriority) -> Cordum_Agent_V1_JobPriority {
        switch priority {
        case .batch: .batch
        case .interactive: .interactive
        case .critical: .critical
        }
    }

    /// `human` or `service` (trimmed, any case), else unspecified, as upstream reads `meta.actor_type`.
    static func actorType(_ text: String?) -> Cordum_Agent_V1_ActorType {
        switch text.map({ String($0.filter { !$0.isWhitespace }).lowercased() }) {
        case "human": .human
        case "service": .service
        default: .unspecified
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
