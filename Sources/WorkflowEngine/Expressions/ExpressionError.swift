/// Why an expression or template could not be parsed or evaluated.
public struct ExpressionError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes; tests and callers match on these, never on message text.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        /// The code as written in JSON and logs (`missing_value`, ...).
        public let rawValue: String
        private init(_ rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The text is not a valid expression.
        public static let syntax = Code("expression_syntax")
        /// `${}` or a blank expression.
        public static let empty = Code("expression_empty")
        /// A `${` without its closing `}`.
        public static let unterminatedTemplate = Code("unterminated_template")
        /// A path names no value and no `??` default was given.
        public static let missingValue = Code("missing_value")
        /// An operator or function got a value of the wrong JSON type.
        public static let typeMismatch = Code("type_mismatch")
        /// A path starts with a name that is not a scope root.
        public static let unknownRoot = Code("unknown_root")
    }

    /// What went wrong.
    public var code: Code
    /// The expression (or template) text as written.
    public var expression: String
    /// One sentence saying what is wrong.
    public var message: String
    /// For ``Code-swift.struct/missingValue``: the path that has no value (`input.author`).
    public var path: String?

    /// Creates an error.
    public init(code: Code, expression: String, message: String, path: String? = nil) {
        self.code = code
        self.expression = expression
        self.message = message
        self.path = path
    }

    public var description: String { "\(message) (in \"\(expression)\")" }
}
