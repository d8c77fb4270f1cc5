public import StructuredData

/// Something the runner must do after a transition is committed; the output of ``RunStateMachine/handle(_:)``.
public enum EngineAction: Sendable, Hashable {
    /// Hand a job to the dispatcher.
    case dispatch(JobRequest)
    /// Ask the dispatcher to cancel a running job.
    case cancelJob(jobID: String, reason: String)
    /// Emit a notify step's event.
    case notify(WorkflowNotification)
    /// Start a subworkflow run (a no-op if a run with that id exists).
    case startSubworkflow(SubworkflowRequest)
    /// Cancel a subworkflow run that is still active.
    case cancelSubworkflow(runID: String, reason: String)
    /// Tell the parent run that this subworkflow run finished.
    case notifyParent(parentRunID: String, SubworkflowResult)
    /// Store an artifact step's content; the runner answers with ``EngineEvent/artifactStored(_:at:)``.
    case storeArtifact(ArtifactRequest)
    /// Wake the run (``EngineEvent/wakeUp(at:)``) at this time.
    case scheduleWakeup(at: Timestamp)
    /// The run reached a terminal status.
    case finished(RunStatus)
}

/// A job for one attempt of a worker step.
public struct JobRequest: Sendable, Hashable {
    /// `<run>:<step>@<attempt>`; `<run>:<step>[<i>]@<attempt>` for a for-each child. Unique per attempt:
    /// dispatchers must treat a second dispatch of the same id as a no-op.
    public var jobID: String
    /// The run.
    public var runID: String
    /// The workflow.
    public var workflowID: String
    /// The step id, or `<step>[<i>]`.
    public var stepID: String
    /// 1 for the first attempt.
    public var attempt: Int
    /// The bus topic (`topic`, else `job.workflow.<workflow id>`).
    public var topic: String
    /// `worker_id`.
    public var workerID: String?
    /// The resolved input.
    public var payload: JSONValue
    /// The step's `meta` as written.
    public var meta: StepMeta
    /// `meta.idempotency_key`, rendered (upstream sends it verbatim; see docs/compatibility.md).
    public var idempotencyKey: String?
    /// `meta.lock`, with its resource rendered.
    public var lock: JobLock?
    /// Built-in labels (`workflow_id`, `run_id`, `step_id`, `worker_id`), then `route_labels`, then `dry_run`.
    public var labels: [String: String]
    /// When the attempt times out (`timeout_sec`).
    public var deadline: Timestamp?
    /// Whether the run is a dry run (only steps without side effects are dispatched in a dry run).
    public var dryRun: Bool
    /// The tenant.
    public var tenantID: String?
    /// The for-each index of a child.
    public var forEachIndex: Int?
    /// The step's `priority`, else the run input's `priority` (a name, any case), else `batch`, as upstream.
    public var priority: JobPriority = .batch
    /// The run input's `memory_id` (trimmed, when a non-empty string), else `run:<run id>`, as upstream.
    public var memoryID: String = ""
    /// Upstream's `JobRequest.env`: `workflow_id`, `run_id`, `step_id`, `tenant_id`, `memory_id`,
    /// `context_mode` (`raw`), `foreach_index` and `foreach_item` (the item's JSON) for a child, and `dry_run`
    /// (`true`) in a dry run. The host adds the effective config (`CORDUM_EFFECTIVE_CONFIG`).
    public var env: [String: String] = [:]
}

/// The event a notify step emits.
public struct WorkflowNotification: Sendable, Hashable {
    /// The run.
    public var runID: String
    /// The run's tenant.
    public var tenantID: String? = nil
    /// The step.
    public var stepID: String
    /// `input.level`, upper-cased; `INFO` by default.
    public var level: String
    /// `input.message`, else the step name, else its id.
    public var message: String
    /// `input.code`.
    public var code: String?
    /// `input.component`; `workflow-engine` by default.
    public var component: String
    /// The whole rendered input.
    public var payload: JSONValue
}
