import JSONSchema
public import StructuredData

/// One step of a workflow, as declared in the `steps` map, with its expressions and schemas compiled.
public struct Step: Sendable {
    /// What the engine does with a step.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// A job handed to the ``JobDispatcher`` (`worker`, empty, and Cordum's job aliases
        /// `llm`, `http`, `container`, `script`, `storage`).
        case worker
        /// A human gate: waits until approved or rejected.
        case approval
        /// Evaluates `condition`; false skips the step and what depends only on it.
        case condition
        /// Waits `delay_sec` or until `delay_until`.
        case delay
        /// Emits a notification built from `input`.
        case notify
        /// Builds its output from `input` templates; no job.
        case transform
        /// Runs the workflow named by `workflow_id` with `input` as its input, and waits for it.
        case subworkflow
        /// Stores its rendered `input.content` in the host's artifact store; the output is the pointer.
        case artifact
    }

    /// The map key (it overrides any `id` field).
    public internal(set) var id: String
    /// `name`.
    public internal(set) var name: String?
    /// `type` as written.
    public internal(set) var type: String
    /// What the engine does with the step.
    public internal(set) var kind: Kind
    /// `worker_id`.
    public internal(set) var workerID: String?
    /// `topic`.
    public internal(set) var topic: String?
    /// `depends_on`.
    public internal(set) var dependsOn: [String]
    /// `condition`: the expression of a condition step, or a gate on any other step.
    public internal(set) var condition: Expression?
    /// `for_each`: an expression giving the array to fan out over.
    public internal(set) var forEach: Expression?
    /// `max_parallel`: most children running at once; nil = unlimited.
    public internal(set) var maxParallel: Int?
    /// `input`, as written.
    public internal(set) var input: JSONValue?
    /// `input_schema`.
    public internal(set) var inputSchema: JSONValue?
    /// `input_schema_id`.
    public internal(set) var inputSchemaID: String?
    /// `output_path`: a dotted path in the run context that also receives the output.
    public internal(set) var outputPath: String?
    /// `output_schema`.
    public internal(set) var outputSchema: JSONValue?
    /// `output_schema_id`.
    public internal(set) var outputSchemaID: String?
    /// `meta`.
    public internal(set) var meta: StepMeta
    /// `on_error`: the step that handles this step's failure.
    public internal(set) var onError: String?
    /// `retry`.
    public internal(set) var retry: RetryPolicy?
    /// `timeout_sec`: per attempt for jobs; how long an approval may wait.
    public internal(set) var timeoutSeconds: Int?
    /// `delay_sec`.
    public internal(set) var delaySeconds: Int?
    /// `delay_until`, parsed.
    public internal(set) var delayUntil: Timestamp?
    /// `route_labels`.
    public internal(set) var routeLabels: [String: String]
    /// `workflow_id`: the workflow a subworkflow step runs.
    public internal(set) var subworkflowID: String?
    /// `priority` of a worker step's jobs (ours; upstream reads only the run input's `priority`).
    public internal(set) var priority: JobPriority?

    var inputTemplate: ValueTemplate?
    /// `meta.idempotency_key`, compiled.
    var idempotencyKeyTemplate: Template?
    /// `meta.lock.resource`, compiled.
    var lockTemplate: Template?
    var compiledInputSchema: JSONSchema?
    var compiledOutputSchema: JSONSchema?

    /// Whether the step becomes a job (and so can fan out, retry and time out per attempt).
    public var isJob: Bool { kind == .worker }

    init(id: String, type: String, kind: Kind) {
        self.id = id
        self.type = type
        self.kind = kind
        self.dependsOn = []
        self.meta = StepMeta()
        self.routeLabels = [:]
    }

    /// The step kinds by `type` value.
    static let kindsByType: [String: Kind] = [
        "": .worker, "worker": .worker, "llm": .worker, "http": .worker, "container": .worker, "script": .worker,
        "storage": .worker, "approval": .approval, "condition": .condition, "delay": .delay, "notify": .notify,
        "transform": .transform, "subworkflow": .subworkflow, "artifact": .artifact,
    ]

    /// Upstream types that have no behaviour of their own, with what to use instead.
    static let unsupportedTypes: [String: String] = [
        "switch": "use steps with a `condition` gate each",
        "parallel": "steps without a dependency between them already run in parallel",
        "loop": "use `for_each` on a worker step",
        "input": "pass values in the run input",
    ]
}
