/// A command the engine refuses (cancel a finished run, approve a step that is not waiting, ...).
public struct EngineError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code as written in JSON and logs.
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The run is finished; it cannot be cancelled, approved or advanced.
        public static let runTerminal = Code("run_terminal")
        /// The run was already started.
        public static let alreadyStarted = Code("already_started")
        /// The run is still active (rerun needs a finished run).
        public static let runNotTerminal = Code("run_not_terminal")
        /// No step has this id.
        public static let stepNotFound = Code("step_not_found")
        /// The step is not waiting for an approval.
        public static let stepNotWaiting = Code("step_not_waiting")
        /// The run input does not match the workflow's `input_schema`.
        public static let invalidInput = Code("invalid_input")
        /// The definition is not the one the run is pinned to.
        public static let definitionMismatch = Code("definition_mismatch")
        /// No run has this id.
        public static let runNotFound = Code("run_not_found")
        /// No workflow definition is stored under this digest.
        public static let definitionNotFound = Code("definition_not_found")
        /// The store failed.
        public static let storage = Code("storage_error")
    }

    /// What went wrong.
    public var code: Code
    /// One sentence saying what is wrong.
    public var message: String

    /// Creates an error.
    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
