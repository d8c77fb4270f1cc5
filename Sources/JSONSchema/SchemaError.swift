/// Why a schema could not be compiled: a stable code, where in the schema it happened, and a message.
///
/// Tests and callers should match on ``code``; the message is for people.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of failure. Codes are stable; new ones may be added.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Value: String, Sendable, Hashable {
            case invalidSchema
            case invalidPattern
            case unresolvableRef
            case unsupportedDraft
            case remoteLoadFailed
            case tooDeep
        }

        private let value: Value

        private init(_ value: Value) { self.value = value }

        /// A keyword has a value that draft-07 does not allow (wrong type, negative length, ...).
        public static let invalidSchema = Code(.invalidSchema)
        /// A `pattern` or `patternProperties` key is not a valid ECMA-262 regular expression.
        public static let invalidPattern = Code(.invalidPattern)
        /// A `$ref` points at a schema or location that does not exist.
        public static let unresolvableRef = Code(.unresolvableRef)
        /// The schema declares a `$schema` draft this validator does not implement.
        public static let unsupportedDraft = Code(.unsupportedDraft)
        /// The loader failed to fetch a remote schema.
        public static let remoteLoadFailed = Code(.remoteLoadFailed)
        /// The schema is nested more deeply than the compiler allows.
        public static let tooDeep = Code(.tooDeep)

        /// The code's name, such as `unresolvableRef`.
        public var description: String { value.rawValue }
    }

    /// The kind of failure.
    public var code: Code
    /// JSON Pointer to the offending keyword inside the schema document that contains it (`""` is the root).
    public var schemaPath: String
    /// One sentence saying what is wrong, with the offending value quoted.
    public var message: String

    /// Creates a schema error.
    /// - Parameters:
    ///   - code: the kind of failure.
    ///   - schemaPath: JSON Pointer to the offending keyword.
    ///   - message: one sentence describing the problem.
    public init(code: Code, schemaPath: String, message: String) {
        self.code = code
        self.schemaPath = schemaPath
        self.message = message
    }

    /// `code at path: message`, for logs.
    public var description: String {
        let location = schemaPath.isEmpty ? "schema root" : schemaPath
        return "\(code) at \(location): \(message)"
    }
}
