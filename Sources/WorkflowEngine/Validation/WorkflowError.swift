public import StructuredData

/// A problem in a workflow definition, found before the workflow is accepted.
public struct WorkflowError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes; tests and tools match on these, never on message text.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code as written in JSON and logs.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The document or a field has the wrong JSON type.
        public static let wrongType = Code("wrong_type")
        /// A required field is missing or empty (`condition` of a condition step, `workflow_id` of a subworkflow step).
        public static let missingField = Code("missing_field")
        /// A step id is empty or holds a character that job ids reserve (`:`, `@`, `[`, `]`, `.`).
        public static let invalidStepID = Code("invalid_step_id")
        /// `type` is not a step type the engine knows.
        public static let unknownStepType = Code("unknown_step_type")
        /// `type` names an upstream type with no behaviour of its own here (`switch`, `parallel`, `loop`, `input`).
        public static let unsupportedStepType = Code("unsupported_step_type")
        /// A `depends_on` entry names no step.
        public static let unknownDependency = Code("unknown_dependency")
        /// The dependencies form a cycle (including a step depending on itself).
        public static let dependencyCycle = Code("dependency_cycle")
        /// An expression or template does not parse.
        public static let invalidExpression = Code("invalid_expression")
        /// An expression reads `steps.<id>` for a step that does not exist.
        public static let unknownStepReference = Code("unknown_step_reference")
        /// An expression reads `steps.<id>` for a step that is not guaranteed to have finished first.
        public static let referenceNotDependency = Code("reference_not_dependency")
        /// `item` is read outside the `input` of a `for_each` step.
        public static let itemOutsideForEach = Code("item_outside_for_each")
        /// `on_error` names no step, the step itself, or a step before or after it in the graph.
        public static let invalidErrorHandler = Code("invalid_error_handler")
        /// `retry` has a negative count or backoff, or a multiplier of 1 or less.
        public static let invalidRetry = Code("invalid_retry")
        /// A delay step has no usable `delay_sec` or `delay_until`.
        public static let invalidDelay = Code("invalid_delay")
        /// A negative `timeout_sec` or `max_parallel`.
        public static let invalidNumber = Code("invalid_number")
        /// An inline schema does not compile.
        public static let invalidSchema = Code("invalid_schema")
        /// A `*_schema_id` is not in the schema catalog given to the loader.
        public static let unknownSchema = Code("unknown_schema")
        /// A field that this step type does not use (`for_each` on an approval step, ...).
        public static let fieldNotAllowed = Code("field_not_allowed")
        /// A `meta.lock` with an unknown mode or a TTL that is not positive.
        public static let invalidLock = Code("invalid_lock")
        /// A step `priority` other than `batch`, `interactive` or `critical`.
        public static let invalidPriority = Code("invalid_priority")
    }

    /// What is wrong.
    public var code: Code
    /// The step, when the problem is inside one.
    public var stepID: String?
    /// The field as a dotted path from the document root (`steps.fetch.depends_on[1]`).
    public var field: String
    /// Where the field is in the source file (the file alone when unknown).
    public var location: SourceLocation
    /// One sentence saying what is wrong.
    public var message: String
    /// What would be valid, when that helps.
    public var hint: String?

    /// Creates an error.
    public init(
        code: Code,
        stepID: String?,
        field: String,
        location: SourceLocation,
        message: String,
        hint: String? = nil
    ) {
        self.code = code
        self.stepID = stepID
        self.field = field
        self.location = location
        self.message = message
        self.hint = hint
    }

    public var description: String {
        "\(location): \(field): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}

/// A workflow that was not accepted, with every problem found.
public struct WorkflowValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The problems, in document order.
    public var errors: [WorkflowError]

    /// Creates the error.
    public init(errors: [WorkflowError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
