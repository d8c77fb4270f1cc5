/// A place in a source file: the file as the user named it, and a 1-based line and column.
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    /// The file, as given by the caller (relative paths stay relative).
    public var file: String
    /// The line, starting at 1; 0 when unknown.
    public var line: Int
    /// The column, starting at 1; 0 when unknown.
    public var column: Int

    /// Creates a location.
    public init(file: String, line: Int = 0, column: Int = 0) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`, or just `file` when the position is unknown.
    public var description: String {
        guard line > 0 else { return file }
        return column > 0 ? "\(file):\(line):\(column)" : "\(file):\(line)"
    }
}

/// A syntax or structure error in a JSON or YAML document, with where it happened.
public struct DocumentError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Stable error codes; tests assert these rather than message text.
    public enum Code: String, Sendable, Hashable {
        case invalidJSON = "invalid_json"
        case invalidYAML = "invalid_yaml"
        case duplicateKey = "duplicate_key"
        case unsupportedYAML = "unsupported_yaml"
        case tooLarge = "document_too_large"
        case tooDeep = "document_too_deep"
        case notUTF8 = "not_utf8"
    }

    /// What went wrong, as a stable code.
    public var code: Code
    /// Where it went wrong.
    public var location: SourceLocation
    /// One sentence saying what is wrong.
    public var message: String

    /// Creates an error.
    public init(code: Code, location: SourceLocation, message: String) {
        self.code = code
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): \(message)" }
}
