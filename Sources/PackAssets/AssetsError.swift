public import StructuredData

/// A problem with a topics table or with the files generated from it: where, what is wrong, what would be valid.
public struct AssetsError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code; tests match on it, never on message text.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The pack has no topics table.
        public static let noTable = Code(rawValue: "no_topics_table")
        /// A file is not valid YAML or JSON.
        public static let invalidDocument = Code(rawValue: "invalid_document")
        /// A field of the table is missing, of the wrong type, or has an invalid value.
        public static let invalidField = Code(rawValue: "invalid_field")
        /// The table has a field it does not know (a typo).
        public static let unknownField = Code(rawValue: "unknown_field")
        /// A file the generator reads is missing (pack.yaml, an input schema, the policy fragment).
        public static let missingFile = Code(rawValue: "missing_file")
        /// A file lacks the marked region the generator rewrites.
        public static let missingRegion = Code(rawValue: "missing_region")
    }

    /// What went wrong.
    public var code: Code
    /// Where.
    public var location: SourceLocation
    /// One sentence.
    public var message: String
    /// What to do.
    public var hint: String?

    /// Creates an error.
    public init(_ code: Code, at location: SourceLocation, _ message: String, hint: String? = nil) {
        self.code = code
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// `location: message (hint)`.
    public var description: String {
        "\(location): \(message)" + (hint.map { " (\($0))" } ?? "")
    }
}
