/// A parsed JSON or YAML document: its value, and where each value came from.
public struct Document: Sendable {
    /// The document's value.
    public var value: JSONValue
    /// The file the document was read from, as the caller named it.
    public var file: String
    /// The source position of every value, by JSON Pointer (`""` is the root).
    public var locations: [String: SourceLocation]
    /// The literal text of unquoted YAML scalars that resolved to a non-string (`version: 1.10` keeps "1.10"),
    /// by JSON Pointer. Go's yaml.v3 decodes such a scalar into a string field as its literal text.
    public var literals: [String: String]

    /// Creates a document from parts.
    public init(
        value: JSONValue,
        file: String,
        locations: [String: SourceLocation] = [:],
        literals: [String: String] = [:]
    ) {
        self.value = value
        self.file = file
        self.locations = locations
        self.literals = literals
    }

    /// The location of the value at `pointer`, or of its nearest ancestor that has one.
    public func location(of pointer: String) -> SourceLocation {
        var tokens = JSONPointer.tokens(pointer)
        while true {
            let candidate = tokens.isEmpty ? "" : "/" + tokens.map(JSONPointer.escape).joined(separator: "/")
            if let found = locations[candidate] { return found }
            if tokens.isEmpty { return SourceLocation(file: file) }
            tokens.removeLast()
        }
    }

    /// Limits that keep hostile input from exhausting memory or the stack.
    public struct Limits: Sendable {
        /// The most nested arrays and objects.
        public var maxDepth: Int
        /// The most values in one document, counted after YAML aliases are expanded.
        public var maxNodes: Int

        /// Creates limits.
        public init(maxDepth: Int = 256, maxNodes: Int = 1_000_000) {
            self.maxDepth = maxDepth
            self.maxNodes = maxNodes
        }

        /// The defaults: depth 256, one million values.
        public static let `default` = Limits()
    }

    /// Parses `bytes` the way Cordum's installer does for data files: as JSON when the text starts
    /// like JSON, otherwise as YAML (YAML is a superset, so this only changes which error you see).
    public static func parse(
        _ bytes: [UInt8],
        file: String,
        limits: Limits = .default
    ) throws(DocumentError) -> Document {
        let first = bytes.first { !($0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09) }
        let lower = file.lowercased()
        if lower.hasSuffix(".json") {
            return try JSONParser.parse(bytes, file: file, limits: limits)
        }
        if first == UInt8(ascii: "{") || first == UInt8(ascii: "["),
            let json = try? JSONParser.parse(bytes, file: file, limits: limits)
        {
            return json
        }
        return try YAMLLoader.load(bytes, file: file, limits: limits)
    }
}
