public import StructuredData

/// Something that happens to a run; the input of ``RunStateMachine/handle(_:)``.
public enum EngineEvent: Sendable, Hashable {
    /// Start a pending run.
    case start(at: Timestamp)
    /// A job reached a terminal state.
    case jobResult(JobResult, at: Timestamp)
    /// A human decided an approval step.
    case approval(stepID: String, approved: Bool, actor: String?, at: Timestamp)
    /// Time has passed: fire due retries, delays and timeouts.
    case wakeUp(at: Timestamp)
    /// Cancel the run.
    case cancel(reason: String?, at: Timestamp)
    /// A subworkflow run started by one of this run's steps finished.
    case subworkflowFinished(SubworkflowResult, at: Timestamp)
    /// The host stored (or failed to store) an artifact step's content.
    case artifactStored(ArtifactOutcome, at: Timestamp)

    /// When the event happened.
    public var time: Timestamp {
        switch self {
        case .start(let at), .jobResult(_, let at), .approval(_, _, _, let at), .wakeUp(let at), .cancel(_, let at),
            .subworkflowFinished(_, let at), .artifactStored(_, let at):
            return at
        }
    }
}

/// The terminal outcome of a job (CAP `JobStatus`).
public enum JobOutcome: String, Sendable, Hashable {
    case succeeded
    case failed
    case cancelled
    case denied
    case timeout
}

/// What a worker (or the safety gate) reports about a job.
public struct JobResult: Sendable, Hashable {
    /// The job id, `<run>:<step>@<attempt>` or `<run>:<step>[<i>]@<attempt>`.
    public var jobID: String
    /// The outcome.
    public var outcome: JobOutcome
    /// The result JSON (when the host could read it).
    public var output: JSONValue?
    /// Where the result is stored.
    public var resultPointer: String?
    /// The worker's or kernel's error message.
    public var errorMessage: String?
    /// A stable error code (`policy_denied`, `approval_rejected`, a worker's `error_code`); it becomes the
    /// step error's code. Nil: the outcome's default code (`job_failed`, `timed_out`, `denied`, ...).
    public var errorCode: String?
    /// Structured facts about a failure, kept on the step error (rule id, remediations, ...).
    public var errorDetails: JSONValue?
    /// Whether a failed attempt may be retried under the step's `retry` policy. A worker that reports a
    /// non-retryable error (bad input, a refused action) fails the step at once.
    public var retryable: Bool
    /// Whether the output is a dry-run plan the host made instead of running the job (the policy would have held
    /// it): it is not checked against the output schema, and the step counts as planned.
    public var planned: Bool

    /// Creates a result.
    public init(
        jobID: String,
        outcome: JobOutcome,
        output: JSONValue? = nil,
        resultPointer: String? = nil,
        errorMessage: String? = nil,
        errorCode: String? = nil,
        errorDetails: JSONValue? = nil,
        retryable: Bool = true,
        planned: Bool = false
    ) {
        self.jobID = jobID
        self.outcome = outcome
        self.output = output
        self.resultPointer = resultPointer
        self.errorMessage = errorMessage
        self.errorCode = errorCode
        self.errorDetails = errorDetails
        self.retryable = retryable
        self.planned = planned
    }
}
