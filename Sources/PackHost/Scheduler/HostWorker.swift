public import StructuredData
public import WorkflowEngine

/// A worker the host can hand jobs to: in-process (a WorkerKit ``InProcessWorker``) or, through a transport,
/// a remote process.
public protocol HostWorker: Sendable {
    /// A stable id, unique among the host's workers.
    var id: String { get }
    /// The pool it serves.
    var pool: String { get }
    /// How many jobs it runs at once.
    var capacity: Int { get }
    /// The topics it handles (empty: every topic routed to its pool).
    var topics: [String] { get }
    /// Whether it answers a dry-run job with its plan and no side effects (WorkerKit's `Worker.supportsDryRun`).
    /// The host sends the write jobs of a dry run only to such workers.
    var supportsDryRun: Bool { get }
    /// Runs one job to its end. Never throws: every way a job ends is a ``WorkerReport``.
    func run(_ assignment: JobAssignment) async -> WorkerReport
    /// Asks a running job to stop.
    func cancel(jobID: String, reason: String) async
}

extension HostWorker {
    /// A worker that does not say otherwise is not trusted with a dry run's writes.
    public var supportsDryRun: Bool { false }
}

/// What a worker is given: the job, with the governance facts the gate settled.
public struct JobAssignment: Sendable {
    /// The job.
    public var job: HostJob
    /// Its risk tags with the topic's declared ones.
    public var riskTags: [String]
    /// Its requires with the topic's declared ones.
    public var requires: [String]
    /// The policy's constraints (ALLOW_WITH_CONSTRAINTS), as the kernel's JSON.
    public var constraints: JSONValue?
    /// When the job must be finished.
    public var deadline: Timestamp?
    /// The W3C trace context of the job's span (`TRACEPARENT`, `TRACESTATE`) when the host exports traces; sent in
    /// the job's `env` so the worker's spans join the run's trace.
    public var traceContext: [String: String] = [:]

    /// Creates an assignment (the scheduler makes one per dispatch).
    public init(
        job: HostJob,
        riskTags: [String],
        requires: [String],
        constraints: JSONValue? = nil,
        deadline: Timestamp? = nil
    ) {
        self.job = job
        self.riskTags = riskTags
        self.requires = requires
        self.constraints = constraints
        self.deadline = deadline
    }
}

/// How a job ended on a worker.
public enum WorkerReport: Sendable, Hashable {
    /// The job's output.
    case succeeded(JSONValue)
    /// The job failed.
    case failed(JobFailure)
    /// The job stopped because it was cancelled.
    case cancelled(String)
    /// The job did not finish in time (a worker's TIMEOUT, or its own deadline); retried like a failure.
    case timedOut(JobFailure)
}
