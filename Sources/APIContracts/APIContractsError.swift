/// Why a description, an exchange log or an exceptions file cannot be used.
public struct APIContractsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private let value: String
        private init(_ value: String) { self.value = value }

        /// The file is not JSON or YAML, or cannot be read.
        public static let unreadable = Code("unreadable")
        /// The document is not Swagger 2.0, OpenAPI 3.0 or OpenAPI 3.1.
        public static let unsupportedVersion = Code("unsupported_version")
        /// A member of the document has the wrong shape (e.g. `paths` is not an object).
        public static let invalidDocument = Code("invalid_document")
        /// A line of an exchange log is not an exchange.
        public static let invalidExchange = Code("invalid_exchange")
        /// An exceptions file entry is malformed.
        public static let invalidException = Code("invalid_exception")

        public var description: String { value }
    }

    /// What went wrong, as a code tests can match.
    public var code: Code
    /// The file (or `<input>`), and where in it: a JSON Pointer, or `line N`.
    public var location: String
    /// One sentence saying what is wrong and what would be valid.
    public var message: String

    /// Creates an error.
    public init(code: Code, location: String, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { location.isEmpty ? message : "\(location): \(message)" }
}
