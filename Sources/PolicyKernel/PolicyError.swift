public import StructuredData

/// A policy document or request that cannot be used, with where and why.
public struct PolicyError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code; tests and tools match on it, never on the message.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case invalidSyntax = "invalid_syntax"
            case invalidField = "invalid_field"
            case unknownField = "unknown_field"
            case invalidDecision = "invalid_decision"
            case outOfRange = "out_of_range"
            case conflictingFields = "conflicting_fields"
        }

        private let base: Base

        private init(_ base: Base) { self.base = base }

        /// The text is not well-formed YAML or JSON (including duplicate keys and non-UTF-8 bytes).
        public static let invalidSyntax = Code(.invalidSyntax)
        /// A value has the wrong type (for example `version: 1`, a non-string label, `rules:` left null).
        public static let invalidField = Code(.invalidField)
        /// An object holds a key its schema does not allow.
        public static let unknownField = Code(.unknownField)
        /// A rule's `decision` is not one of the accepted spellings (they are case-sensitive).
        public static let invalidDecision = Code(.invalidDecision)
        /// A number is negative, not whole, or too large for its field.
        public static let outOfRange = Code(.outOfRange)
        /// A request gives the same field twice, in two spellings, with different values.
        public static let conflictingFields = Code(.conflictingFields)

        /// The code as a stable snake_case string (`unknown_field`, …).
        public var description: String { base.rawValue }
    }

    /// What went wrong.
    public var code: Code
    /// Where: the file and, when known, line and column.
    public var location: SourceLocation
    /// The field path, such as `rules[2].match.risk_tags`; empty for the whole document.
    public var field: String
    /// One sentence saying what is wrong.
    public var message: String
    /// What would be valid, when there is something useful to say.
    public var hint: String?

    /// Creates an error.
    public init(code: Code, location: SourceLocation, field: String, message: String, hint: String? = nil) {
        self.code = code
        self.location = location
        self.field = field
        self.message = message
        self.hint = hint
    }

    /// `file:line:column: field: message (hint)`.
    public var description: String {
        var text = "\(location): "
        if !field.isEmpty { text += "\(field): " }
        text += message
        if let hint { text += " (\(hint))" }
        return text
    }
}

extension PolicyError {
    /// The error as JSON: `code`, `file`, `line`, `column`, `field`, `message` and, when there is one, `hint`.
    public var json: JSONValue {
        var members: [String: JSONValue] = [
            "code": .string(code.description),
            "file": .string(location.file),
            "line": .integer(location.line),
            "column": .integer(location.column),
            "field": .string(field),
            "message": .string(message),
        ]
        if let hint { members["hint"] = .string(hint) }
        return .object(members)
    }
}
