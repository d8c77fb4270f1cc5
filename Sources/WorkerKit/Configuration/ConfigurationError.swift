/// A start-up configuration problem: which variable, what was wrong, what would be valid. Never holds a secret.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        /// The code's text.
        public let rawValue: String
        public var description: String { rawValue }
        init(_ rawValue: String) { self.rawValue = rawValue }

        /// A value does not parse (not a number, not a URL, …).
        public static let invalidValue = Code("config.invalid_value")
        /// A required variable is not set.
        public static let missingVariable = Code("config.missing_variable")
        /// A `*_ENV` variable names a variable that is not set.
        public static let missingIndirection = Code("config.missing_indirection")
        /// The pack id cannot form variable names or subjects.
        public static let invalidPackID = Code("config.invalid_pack_id")
    }

    /// The stable code.
    public var code: Code
    /// The environment variable at fault.
    public var variable: String
    /// One sentence naming the variable and what would be valid.
    public var message: String

    /// Creates an error.
    public init(code: Code, variable: String, message: String) {
        self.code = code
        self.variable = variable
        self.message = message
    }

    public var description: String { "\(code): \(message)" }
}
