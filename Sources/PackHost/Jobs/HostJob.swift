public import StructuredData
public import WorkflowEngine

/// A job the host has accepted: what it asks for, what the safety gate decided, where it ran and how it ended.
/// The store keeps one row per job id; a retry of a workflow step is a new job (`<run>:<step>@<attempt>`).
public struct HostJob: Sendable, Hashable {
    /// The job id.
    public var id: String
    /// The tenant.
    public var tenantID: String
    /// Who submitted it: the API principal, or whoever started the run (never a step's `meta.actor_id`).
    public var principal: String
    /// `human` or `service`: the actor type the policy sees (`match.actor_types`), from the submitting key or the
    /// run's starter.
    public var actorType: String?
    /// The topic.
    public var topic: String
    /// The resolved input.
    public var input: JSONValue
    /// `meta.pack_id`.
    public var packID: String?
    /// `meta.capability`.
    public var capability: String?
    /// `meta.risk_tags` as submitted (the gate adds the topic's declared tags).
    public var riskTags: [String]
    /// `meta.requires` as submitted (the gate adds the topic's declared requires).
    public var requires: [String]
    /// Labels.
    public var labels: [String: String]
    /// `meta.idempotency_key`, rendered.
    public var idempotencyKey: String?
    /// The lock the job must hold while it runs.
    public var lock: JobLock?
    /// The run, for a workflow step's job.
    public var runID: String?
    /// The step (`<step>` or `<step>[i]`), for a workflow step's job.
    public var stepID: String?
    /// The workflow, for a workflow step's job.
    public var workflowID: String?
    /// Whether the job belongs to a dry run.
    public var dryRun: Bool
    /// When the job must be finished (the step's `timeout_sec`, else the topic's `timeout_seconds`).
    public var deadline: Timestamp?
    /// Where it is.
    public var state: JobState
    /// The safety gate's last decision.
    public var decision: GateDecision?
    /// The digest of the job's canonical action (see ``ActionDigest``).
    public var actionDigest: String?
    /// The approval that let it through, or that it waits for.
    public var approvalID: String?
    /// The pool it was routed to.
    public var pool: String?
    /// The worker that ran it.
    public var workerID: String?
    /// How many times the scheduler handed it to a worker.
    public var dispatches: Int
    /// Why it is still queued (`waiting_for_worker`, `waiting_for_lock`), when queued.
    public var waitReason: String?
    /// When a queued job gives up waiting for a worker.
    public var waitDeadline: Timestamp?
    /// The job whose result this one reuses (same idempotency key).
    public var deduplicatedFrom: String?
    /// The output of a succeeded job.
    public var result: JSONValue?
    /// Why it failed, was denied, cancelled or timed out.
    public var error: JobFailure?
    /// When it was accepted.
    public var createdAt: Timestamp
    /// When it last changed.
    public var updatedAt: Timestamp
    /// What a workflow step's job carries for its worker besides the job (priority, memory id, `env`, ...).
    public var envelope = JobEnvelope()
    /// A dry run's job with side effects (its effective risk tags include `write` or `destructive`): only a worker
    /// that declares dry-run support may run it, and whatever it answers is a plan.
    public var dryRunWrite = false
    /// For a ``dryRunWrite`` the policy would hold: the approval a real run would need (`digest`, `rule_id`,
    /// `reason`), added to the worker's plan as `approval`.
    public var dryRunApproval: JSONValue?

    /// Creates a job in `pending`.
    public init(
        id: String,
        tenantID: String,
        principal: String,
        topic: String,
        input: JSONValue,
        packID: String? = nil,
        capability: String? = nil,
        riskTags: [String] = [],
        requires: [String] = [],
        labels: [String: String] = [:],
        idempotencyKey: String? = nil,
        lock: JobLock? = nil,
        runID: String? = nil,
        stepID: String? = nil,
        workflowID: String? = nil,
        dryRun: Bool = false,
        deadline: Timestamp? = nil,
        createdAt: Timestamp
    ) {
        self.id = id
        self.tenantID = tenantID
        self.principal = principal
        self.topic = topic
        self.input = input
        self.packID = packID
        self.capability = capability
        self.riskTags = riskTags
        self.requires = requires
        self.labels = labels
        self.idempotencyKey = idempotencyKey
        self.lock = lock
        self.runID = runID
        self.stepID = stepID
        self.workflowID = workflowID
        self.dryRun = dryRun
        self.deadline = deadline
        self.state = .pending
        self.dispatches = 0
        self.createdAt = createdAt
        self.updatedAt = createdAt
    }
}

/// Where a job is.
public enum JobState: String, Sendable, Hashable, CaseIterable {
    /// Accepted, not yet judged.
    case pending
    /// The policy asks for a human; the job waits for an approval bound to its action digest.
    case approvalRequired = "approval_required"
    /// Allowed; waiting for a worker, or for its lock.
    case queued
    /// Handed to a worker.
    case running
    /// The worker returned a result.
    case succeeded
    /// The worker failed, or the host gave up (no pool, no worker, retries exhausted).
    case failed
    /// The policy denied it, or its approval was rejected or expired.
    case denied
    /// Cancelled by a user or with its run.
    case cancelled
    /// It did not finish by its deadline.
    case timedOut = "timed_out"

    /// Whether the job is finished.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .denied, .cancelled, .timedOut: true
        case .pending, .approvalRequired, .queued, .running: false
        }
    }
}

/// Why a job did not succeed.
public struct JobFailure: Sendable, Hashable {
    /// A stable code: `policy_denied`, `approval_rejected`, `approval_expired`, `no_pool_mapping`,
    /// `no_workers`, `lock_unavailable`, `timed_out`, `cancelled`, or the worker's own code.
    public var code: String
    /// What happened.
    public var message: String
    /// Whether a retry could succeed.
    public var retryable: Bool
    /// Structured facts (the rule, its reason and remediations for a denial).
    public var details: JSONValue?

    /// Creates a failure.
    public init(code: String, message: String, retryable: Bool = false, details: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.retryable = retryable
        self.details = details
    }
}

/// What the safety gate decided for a job, as recorded on it.
public struct GateDecision: Sendable, Hashable {
    /// `ALLOW`, `DENY`, `REQUIRE_APPROVAL`, `ALLOW_WITH_CONSTRAINTS` (or `THROTTLE`).
    public var decision: String
    /// The matching rule (empty when none matched).
    public var ruleID: String
    /// The rule's reason.
    public var reason: String
    /// The constraints, as the kernel's JSON.
    public var constraints: JSONValue?
    /// The remediations, as the kernel's JSON.
    public var remediations: JSONValue?
    /// The policy snapshot the decision was made against.
    public var policySnapshot: String

    /// Creates a decision record.
    public init(
        decision: String,
        ruleID: String,
        reason: String,
        constraints: JSONValue? = nil,
        remediations: JSONValue? = nil,
        policySnapshot: String
    ) {
        self.decision = decision
        self.ruleID = ruleID
        self.reason = reason
        self.constraints = constraints
        self.remediations = remediations
        self.policySnapshot = policySnapshot
    }
}
