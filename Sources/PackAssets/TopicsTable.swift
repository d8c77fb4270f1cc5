/// The topics table of a pack (`topics.yaml` beside `pack.yaml`): what the author writes once, per action, and
/// from which ``AssetGenerator`` writes the mechanical files.
public struct TopicsTable: Sendable, Hashable {
    /// The file name, relative to the pack root.
    public static let fileName = "topics.yaml"

    /// `pool`: the worker pool every topic is routed to (the pack id when absent).
    public var pool: String
    /// `requires`: what every action requires unless it names its own.
    public var requires: [String]
    /// `timeouts.read`: the timeout of read actions.
    public var readTimeout: Timeout
    /// `timeouts.write`: the timeout of write actions.
    public var writeTimeout: Timeout
    /// `output.envelope`: whether the worker answers in WorkerKit's normalized envelope (true) or with the result
    /// fields themselves at the top level (false).
    public var envelope: Bool
    /// `output.extras`: top-level fields the pack adds to every envelope (github: `repo`, `rate_limit`).
    public var extras: [ResultField]
    /// `actions`: one per topic, in the order the generated files list them.
    public var actions: [Action]

    /// A job timeout: how long a job may run and how often the scheduler retries it.
    public struct Timeout: Sendable, Hashable {
        /// `timeout_seconds`.
        public var seconds: Int
        /// `max_retries`.
        public var maxRetries: Int

        /// Creates a timeout.
        public init(seconds: Int, maxRetries: Int) {
            self.seconds = seconds
            self.maxRetries = maxRetries
        }
    }

    /// One action: one topic of the pack.
    public struct Action: Sendable, Hashable {
        /// `action`, e.g. `issues.comments.list`.
        public var action: String
        /// `topic` (default `job.<pack>.<action>`).
        public var topic: String
        /// `capability` (default `<pack>.<action>`).
        public var capability: String
        /// `schema`: the base name of its schemas (default the action in PascalCase: `IssuesCommentsList`).
        public var schemaName: String
        /// `summary`: one sentence saying what it does.
        public var summary: String
        /// `risk`: its risk tags.
        public var riskTags: [String]
        /// `requires` (default the table's).
        public var requires: [String]
        /// `policy`: its baseline decision class (default from its risk tags).
        public var policy: PolicyClass
        /// `call`: the vendor request, for docs and plans (`GET /repos/{owner}/{repo}`), when it has one.
        public var call: Call?
        /// `input`: the hand-written input schema, relative to the pack root (default `schemas/<schema>Input.json`).
        public var inputSchemaPath: String
        /// `result`: the fields of its result that workflows read (of `result` in an envelope; of the whole output
        /// without one).
        public var result: [ResultField]
        /// `items`: the fields of each item of a list action; nil for single-object actions.
        public var items: [ResultField]?
        /// `extras`: top-level fields this action adds to its envelope (github search: `total_count`).
        public var extras: [ResultField]
        /// `timeout`: its own timeout (default the table's read or write timeout).
        public var timeout: Timeout

        /// Whether the action writes (its risk tags include `write`).
        public var writes: Bool { riskTags.contains("write") }
        /// The id of its input schema.
        public func inputSchemaID(pack: String) -> String { "\(pack)/\(schemaName)Input" }
        /// The id of its output schema.
        public func outputSchemaID(pack: String) -> String { "\(pack)/\(schemaName)Output" }
        /// The generated output schema's path.
        public var outputSchemaPath: String { "schemas/\(schemaName)Output.json" }
    }

    /// A vendor request.
    public struct Call: Sendable, Hashable {
        /// The HTTP method.
        public var method: String
        /// The path template (`/repos/{owner}/{repo}/pulls/{pull_number}`).
        public var path: String

        /// `METHOD path`.
        public var text: String { "\(method) \(path)" }
    }

    /// A field of a result: name, JSON type, description; objects and arrays of objects nest.
    public struct ResultField: Sendable, Hashable {
        /// The field name.
        public var name: String
        /// The JSON type: `string`, `integer`, `number`, `boolean`, `object`, `array` or `any`.
        public var type: String
        /// What it holds.
        public var description: String?
        /// Whether `null` is valid too.
        public var nullable: Bool
        /// Whether the field is always present.
        public var required: Bool
        /// A JSON Schema `format` (`date-time`, `uri`).
        public var format: String?
        /// The valid values, when there are few.
        public var enumValues: [String]
        /// The fields of an object, or of each object of an array.
        public var fields: [ResultField]
        /// The type of each item of an array of non-objects.
        public var itemType: String?

        /// The valid types.
        public static let types = ["string", "integer", "number", "boolean", "object", "array", "any"]
    }

    /// The baseline decision class of an action: which policy decisions the pack's fragment must give its topic.
    public enum PolicyClass: String, Sendable, Hashable, CaseIterable {
        /// Reads: ALLOW.
        case allow
        /// Writes a workflow approval step gates: ALLOW_WITH_CONSTRAINTS when the job carries the host's
        /// `cordum.workflow_approval: approved` label, REQUIRE_APPROVAL otherwise.
        case workflowApproval = "workflow-approval"
        /// Writes every workflow using them gates with an approval step: ALLOW_WITH_CONSTRAINTS.
        case workflowGated = "workflow-gated"
        /// Always held for a job approval: REQUIRE_APPROVAL, whatever the workflow approved.
        case jobApproval = "job-approval"
        /// Off: DENY.
        case deny

        /// The class an action gets when the table names none: reads allow, writes need a job approval,
        /// destructive and secrets deny.
        static func `default`(for tags: [String]) -> PolicyClass {
            if tags.contains("destructive") || tags.contains("secrets") { return .deny }
            if tags.contains("write") || tags.contains("prod") { return .jobApproval }
            return .allow
        }

        /// Whether the Standard Pack Pattern's baseline allows this class for `tags`.
        func fits(_ tags: [String]) -> Bool {
            let sensitive = tags.contains("prod") || tags.contains("destructive") || tags.contains("secrets")
            switch self {
            case .allow: return tags.contains("read") && !sensitive
            case .workflowApproval, .workflowGated: return tags.contains("write") && !sensitive
            case .jobApproval, .deny: return true
            }
        }
    }
}

extension TopicsTable {
    /// `issues.comments.list` → `IssuesCommentsList`.
    static func pascalCase(_ action: String) -> String {
        action.split(whereSeparator: { $0 == "." || $0 == "-" || $0 == "_" })
            .map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// `issues.comments.list` → `issues_comments_list`.
    static func snakeCase(_ action: String) -> String {
        action.split(whereSeparator: { $0 == "." || $0 == "-" }).joined(separator: "_")
    }
}
