public import StructuredData

/// A problem with a pack: what is wrong (a stable code), where (file, line, field), and what would be valid.
public struct PackFormatError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code. Tests and tools match on codes, never on message text.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// No `pack.yaml`/`pack.yml` where one was expected.
        public static let manifestNotFound = Code(rawValue: "manifest_not_found")
        /// A file is not valid YAML or JSON.
        public static let invalidDocument = Code(rawValue: "invalid_document")
        /// A field has the wrong JSON/YAML type.
        public static let wrongType = Code(rawValue: "wrong_type")
        /// A required field is missing or blank.
        public static let missingField = Code(rawValue: "missing_field")
        /// `metadata.id` does not match `^[a-z0-9-]+$`.
        public static let invalidPackID = Code(rawValue: "invalid_pack_id")
        /// `compatibility.minCoreVersion`/`maxCoreVersion` is not semver.
        public static let invalidCoreVersion = Code(rawValue: "invalid_core_version")
        /// `compatibility.protocolVersion` is missing or not 1.
        public static let unsupportedProtocolVersion = Code(rawValue: "unsupported_protocol_version")
        /// A topic, schema, workflow, pool or timeout key is outside the pack's namespace.
        public static let notNamespaced = Code(rawValue: "not_namespaced")
        /// An overlay's strategy is not one Cordum supports.
        public static let unsupportedStrategy = Code(rawValue: "unsupported_overlay_strategy")
        /// A config overlay's key is not `pools` or `timeouts`, or a patch has an unsupported top-level key.
        public static let unsupportedOverlayKey = Code(rawValue: "unsupported_overlay_key")
        /// A file named by the manifest does not exist in the pack.
        public static let missingFile = Code(rawValue: "missing_file")
        /// A path is absolute, escapes the pack, or is a link that leaves it.
        public static let unsafePath = Code(rawValue: "unsafe_path")
        /// A bundle archive is refused (limits, hostile entries, corrupt data, wrong format).
        public static let invalidArchive = Code(rawValue: "invalid_archive")
        /// A file is over the size limit.
        public static let fileTooLarge = Code(rawValue: "file_too_large")
        /// A folder holds no pack.
        public static let notAPack = Code(rawValue: "not_a_pack")
        /// Two packs with the same id were loaded together.
        public static let duplicatePack = Code(rawValue: "duplicate_pack")
    }

    /// What is wrong.
    public var code: Code
    /// Where: file and, when known, line and column.
    public var location: SourceLocation
    /// The field, as a dotted path (`topics[2].name`); empty for whole-file problems.
    public var field: String
    /// One sentence saying what is wrong.
    public var message: String
    /// What would be valid, when that helps.
    public var hint: String?

    /// Creates an error.
    public init(code: Code, location: SourceLocation, field: String = "", message: String, hint: String? = nil) {
        self.code = code
        self.location = location
        self.field = field
        self.message = message
        self.hint = hint
    }

    /// `file:line:col: field: message (hint)`.
    public var description: String {
        var text = "\(location): "
        if !field.isEmpty { text += "\(field): " }
        text += message
        if let hint { text += " (\(hint))" }
        return text
    }

    /// The error as JSON, for `--format json` output.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "code": .string(code.rawValue),
            "file": .string(location.file),
            "line": .integer(location.line),
            "column": .integer(location.column),
            "field": .string(field),
            "message": .string(message),
        ]
        if let hint { object["hint"] = .string(hint) }
        return .object(object)
    }
}

/// Loading a pack failed; every problem found is listed, in file order.
public struct PackLoadError: Error, Sendable, CustomStringConvertible {
    /// The problems found.
    public var errors: [PackFormatError]

    /// Creates the error.
    public init(_ errors: [PackFormatError]) { self.errors = errors }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
