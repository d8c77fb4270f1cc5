public import PackFormat
public import StructuredData

/// Why a diff cannot be made: a side that does not load, a catalog entry that cannot be found, a policy that
/// does not parse.
public struct GovernanceDiffError: Error, Sendable, CustomStringConvertible {
    /// A stable error code. Tests and tools match on codes, never on message text.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// A pack folder or bundle did not load; ``GovernanceDiffError/causes`` holds why.
        public static let packDidNotLoad = Code(rawValue: "pack_did_not_load")
        /// A catalog file is missing, not JSON, or has no `packs` list.
        public static let catalogUnreadable = Code(rawValue: "catalog_unreadable")
        /// No catalog entry has the id (and version) asked for.
        public static let catalogEntryNotFound = Code(rawValue: "catalog_entry_not_found")
        /// Several versions of the id are listed and none was named.
        public static let catalogEntryAmbiguous = Code(rawValue: "catalog_entry_ambiguous")
        /// The entry's url does not lead to a bundle beside the catalog.
        public static let catalogURLNotLocal = Code(rawValue: "catalog_url_not_local")
        /// A policy fragment or the base policy does not parse.
        public static let policyInvalid = Code(rawValue: "policy_invalid")
        /// The two sides are different packs and that was not allowed.
        public static let differentPackIDs = Code(rawValue: "different_pack_ids")
    }

    /// What is wrong.
    public var code: Code
    /// Where: the file (and line, when known).
    public var location: SourceLocation
    /// One sentence saying what is wrong.
    public var message: String
    /// What would work, when that helps.
    public var hint: String?
    /// The pack errors behind a ``Code/packDidNotLoad``.
    public var causes: [PackFormatError]

    /// Creates an error.
    public init(
        code: Code,
        location: SourceLocation,
        message: String,
        hint: String? = nil,
        causes: [PackFormatError] = []
    ) {
        self.code = code
        self.location = location
        self.message = message
        self.hint = hint
        self.causes = causes
    }

    /// `file:line:col: message (hint)`, then one line per cause.
    public var description: String {
        var text = "\(location): \(message)"
        if let hint { text += " (\(hint))" }
        for cause in causes { text += "\n" + cause.description }
        return text
    }

    /// The error as entries of a JSON `errors` list: the causes when there are any (as ``PackFormatError/json``),
    /// else this error.
    public var jsonErrors: [JSONValue] {
        if !causes.isEmpty { return causes.map(\.json) }
        var object: [String: JSONValue] = [
            "code": .string(code.rawValue),
            "file": .string(location.file),
            "line": .integer(location.line),
            "column": .integer(location.column),
            "message": .string(message),
        ]
        if let hint { object["hint"] = .string(hint) }
        return [.object(object)]
    }
}
