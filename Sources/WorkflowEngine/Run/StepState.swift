public import StructuredData

/// What a run knows about one step (or one `for_each` child, whose id is `<step>[<index>]`).
public struct StepState: Sendable, Hashable {
    /// The step id, or `<step>[<index>]` for a child.
    public var id: String
    /// The status.
    public var status: StepStatus
    /// Dispatches so far (job steps); the current job id ends in `@<attempts>`.
    public var attempts: Int
    /// The job of the current attempt.
    public var jobID: String?
    /// When the step started.
    public var startedAt: Timestamp?
    /// When the step finished.
    public var completedAt: Timestamp?
    /// When the next attempt is due (retry backoff) or a delay ends.
    public var nextAttemptAt: Timestamp?
    /// When the current attempt (or approval) times out.
    public var deadline: Timestamp?
    /// The payload sent with the current attempt (jobs), or the rendered input.
    public var input: JSONValue?
    /// The output: job result, condition value, transform result, approval decision, for-each outputs, or a dry-run plan.
    public var output: JSONValue?
    /// The worker's result pointer, when it gave one.
    public var resultPointer: String?
    /// The last error.
    public var error: StepError?
    /// The element of a `for_each` child.
    public var item: JSONValue?
    /// For a `for_each` step: how many children it has.
    public var childCount: Int?
    /// Whether this step's failure was routed to its `on_error` handler (so it does not fail the run).
    public var handled: Bool
    /// For an `on_error` handler: whether a failure has been routed to it.
    public var activated: Bool
    /// Whether the output is a dry-run plan rather than a real result.
    public var planned: Bool
    /// Whether the step was carried over from the run this one reruns. A carried-over approval step granted
    /// nothing in this run: its jobs do not earn the workflow approval label.
    public var reused: Bool = false

    /// Creates a pending step.
    public init(id: String) {
        self.id = id
        self.status = .pending
        self.attempts = 0
        self.handled = false
        self.activated = false
        self.planned = false
    }
}

/// One entry of a run's timeline: a transition, with its time.
public struct TimelineEntry: Sendable, Hashable {
    /// 1, 2, 3, ... within the run.
    public var sequence: Int
    /// When it happened.
    public var time: Timestamp
    /// `run_status`, `step_dispatched`, `step_completed`, ... (`docs/engine.md` lists them).
    public var type: String
    /// The step or child concerned.
    public var stepID: String?
    /// The job concerned.
    public var jobID: String?
    /// The new status.
    public var status: String?
    /// A message (error text, reason).
    public var message: String?
    /// Details.
    public var data: JSONValue?

    /// Creates an entry.
    public init(
        sequence: Int,
        time: Timestamp,
        type: String,
        stepID: String? = nil,
        jobID: String? = nil,
        status: String? = nil,
        message: String? = nil,
        data: JSONValue? = nil
    ) {
        self.sequence = sequence
        self.time = time
        self.type = type
        self.stepID = stepID
        self.jobID = jobID
        self.status = status
        self.message = message
        self.data = data
    }
}
