public import Logging
public import StructuredData

/// What a handler knows about the job it runs: identity, governance metadata, and its hooks back to the worker.
public struct JobContext: Sendable {
    /// The job id (workflow steps: `<run_id>:<step_id>@<attempt>`).
    public var jobID: String
    /// The job's topic (`job.<pack>.<action>`).
    public var topic: String
    /// The tenant (`tenant_id`, then `env.tenant_id`, then `meta.tenant_id`, then `default`).
    public var tenant: String
    /// The principal (`principal_id`, then `meta.actor_id`).
    public var principal: String
    /// Job labels (`JobRequest.labels` over `meta.labels`).
    public var labels: [String: String]
    /// The capability the job exercises (`meta.capability`).
    public var capability: String
    /// Risk tags the platform bound to the topic (`meta.risk_tags`).
    public var riskTags: [String]
    /// Requirements of the job (`meta.requires`).
    public var requires: [String]
    /// The idempotency key (`meta.idempotency_key`); empty when none. Handlers making side effects should pass it on.
    public var idempotencyKey: String
    /// Policy constraints applied by the safety kernel (`env.CORDUM_POLICY_CONSTRAINTS`, protojson), if present.
    public var constraints: JSONValue?
    /// Whether the job must not change anything (label `dry_run` = `true`/`1`/`yes`, or input `"dry_run": true`).
    public var isDryRun: Bool
    /// The trace id of the request packet (the job id when the request had none).
    public var traceID: String
    /// The workflow run (label `run_id`, then `workflow_id`), if the job belongs to one.
    public var runID: String?
    /// The pack id of the worker.
    public var packID: String
    /// The worker id.
    public var workerID: String
    /// The request's `env` map (effective config, constraints, …).
    public var environment: [String: String]
    /// Sends progress for this job.
    public var progress: ProgressReporter
    /// Set when the job is cancelled; Swift task cancellation is triggered as well.
    public var cancellation: CancellationFlag
    /// A logger carrying `job_id`, `trace_id`, `run_id` and `pack_id` metadata.
    public var logger: Logger
    /// The worker's secrets: register run-time tokens here so they are scrubbed too.
    public var secrets: SecretRegistry
    /// Stores artifacts of this job and returns their pointers (``ArtifactWriter/put(_:contentType:retention:labels:)``).
    public var artifacts: ArtifactWriter

    /// Creates a context; the CAP transport builds one from each `JobRequest`.
    public init(
        jobID: String,
        topic: String,
        tenant: String = "default",
        principal: String = "",
        labels: [String: String] = [:],
        capability: String = "",
        riskTags: [String] = [],
        requires: [String] = [],
        idempotencyKey: String = "",
        constraints: JSONValue? = nil,
        isDryRun: Bool = false,
        traceID: String? = nil,
        runID: String? = nil,
        packID: String = "",
        workerID: String = "",
        environment: [String: String] = [:],
        progress: ProgressReporter = .discarding,
        cancellation: CancellationFlag = CancellationFlag(),
        logger: Logger = Logger(label: "cordum.worker"),
        secrets: SecretRegistry = SecretRegistry(),
        artifacts: ArtifactWriter = .unavailable
    ) {
        self.jobID = jobID
        self.topic = topic
        self.tenant = tenant
        self.principal = principal
        self.labels = labels
        self.capability = capability
        self.riskTags = riskTags
        self.requires = requires
        self.idempotencyKey = idempotencyKey
        self.constraints = constraints
        self.isDryRun = isDryRun
        self.traceID = traceID ?? jobID
        self.runID = runID
        self.packID = packID
        self.workerID = workerID
        self.environment = environment
        self.progress = progress
        self.cancellation = cancellation
        self.logger = logger
        self.secrets = secrets
        self.artifacts = artifacts
    }

    /// Whether the job was cancelled (flag or task cancellation).
    public var isCancelled: Bool { cancellation.isCancelled || Task.isCancelled }

    /// Throws a `cancelled` ``WorkerError`` if the job was cancelled.
    public func checkCancellation() throws(WorkerError) {
        if isCancelled {
            throw WorkerError(code: .cancelled, message: cancellation.reason ?? "The job was cancelled.")
        }
    }
}
