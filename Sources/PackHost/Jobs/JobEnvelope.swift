import StructuredData
public import WorkflowEngine

/// What a workflow step's job carries besides the job itself, as upstream's engine puts it on the CAP
/// `JobRequest`: priority, memory id, adapter id, the actor type and labels of its `meta`, and `env`.
public struct JobEnvelope: Sendable, Hashable {
    /// The job's priority; nil for a job submitted through the API (sent as `JOB_PRIORITY_INTERACTIVE`, the
    /// gateway's default).
    public var priority: JobPriority?
    /// `memory_id`: the run input's `memory_id`, else `run:<run id>`.
    public var memoryID: String?
    /// `adapter_id`: the step's `worker_id`.
    public var adapterID: String?
    /// `meta.actor_type` as written (`human` or `service`, any case).
    public var actorType: String?
    /// `meta.labels` as the step wrote them (without `cordum.*` keys).
    public var metaLabels: [String: String]
    /// `env`: the engine's entries (`workflow_id`, `run_id`, `step_id`, `memory_id`, `context_mode`,
    /// `foreach_index`, `foreach_item`, `dry_run`, ...) and `CORDUM_EFFECTIVE_CONFIG`.
    public var env: [String: String]

    /// Creates an envelope (empty by default: a job submitted through the API).
    public init(
        priority: JobPriority? = nil,
        memoryID: String? = nil,
        adapterID: String? = nil,
        actorType: String? = nil,
        metaLabels: [String: String] = [:],
        env: [String: String] = [:]
    ) {
        self.priority = priority
        self.memoryID = memoryID
        self.adapterID = adapterID
        self.actorType = actorType
        self.metaLabels = metaLabels
        self.env = env
    }

    /// Whether nothing is set.
    var isEmpty: Bool { self == JobEnvelope() }

    /// The stored form (`{priority, memory_id, adapter_id, actor_type, meta_labels, env}`, absent keys omitted).
    var json: JSONValue {
        var fields: [String: JSONValue] = [:]
        fields["priority"] = priority.map { .string($0.rawValue) }
        fields["memory_id"] = memoryID.map(JSONValue.string)
        fields["adapter_id"] = adapterID.map(JSONValue.string)
        fields["actor_type"] = actorType.map(JSONValue.string)
        if !metaLabels.isEmpty { fields["meta_labels"] = .object(metaLabels.mapValues(JSONValue.string)) }
        if !env.isEmpty { fields["env"] = .object(env.mapValues(JSONValue.string)) }
        return .object(fields)
    }

    /// Reads the stored form back (a missing value is an empty envelope).
    init(stored json: JSONValue?) {
        self.init(
            priority: json?["priority"]?.stringValue.flatMap(JobPriority.init(rawValue:)),
            memoryID: json?["memory_id"]?.stringValue,
            adapterID: json?["adapter_id"]?.stringValue,
            actorType: json?["actor_type"]?.stringValue,
            metaLabels: json?["meta_labels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:],
            env: json?["env"]?.objectValue?.compactMapValues(\.stringValue) ?? [:]
        )
    }
}
