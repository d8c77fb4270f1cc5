public import StructuredData

/// Everything about one run; what the store persists after every transition.
public struct RunState: Sendable, Hashable {
    /// The run id.
    public var id: String
    /// The workflow id.
    public var workflowID: String
    /// The workflow `version` the run is pinned to.
    public var workflowVersion: String?
    /// The digest of the definition the run is pinned to (``Workflow/digest``).
    public var definitionDigest: String
    /// The tenant.
    public var orgID: String?
    /// The run input.
    public var input: JSONValue
    /// Values written by `output_path`.
    public var context: [String: JSONValue]
    /// The status.
    public var status: RunStatus
    /// When the run was created.
    public var createdAt: Timestamp
    /// When the run started.
    public var startedAt: Timestamp?
    /// When the run finished.
    public var completedAt: Timestamp?
    /// When the run times out (from the workflow's `timeout_sec`).
    public var deadline: Timestamp?
    /// Whether this is a dry run.
    public var dryRun: Bool
    /// The run this one re-runs.
    public var rerunOf: String?
    /// The step the rerun starts from.
    public var rerunStep: String?
    /// Why the run failed, timed out or was cancelled.
    public var error: StepError?
    /// Step and child states by id (`fetch`, `fan[0]`).
    public var steps: [String: StepState]
    /// Every transition, oldest first.
    public var timeline: [TimelineEntry]
    /// The earliest time at which a timer (retry, delay, timeout) is due; the runner wakes the run then.
    public var nextWakeup: Timestamp?
    /// For a subworkflow's run: the run and step waiting for it.
    public var parent: SubworkflowParent?

    /// Creates a run record.
    public init(
        id: String,
        workflowID: String,
        workflowVersion: String?,
        definitionDigest: String,
        orgID: String?,
        input: JSONValue,
        createdAt: Timestamp,
        dryRun: Bool
    ) {
        self.id = id
        self.workflowID = workflowID
        self.workflowVersion = workflowVersion
        self.definitionDigest = definitionDigest
        self.orgID = orgID
        self.input = input
        self.context = [:]
        self.status = .pending
        self.createdAt = createdAt
        self.dryRun = dryRun
        self.steps = [:]
        self.timeline = []
    }
}
