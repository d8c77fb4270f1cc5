/// One way an instance fails a schema.
public struct ValidationError: Sendable, Hashable, CustomStringConvertible {
    /// JSON Pointer into the instance to the failing value (`""` is the root).
    public var instancePath: String
    /// JSON Pointer through the schema to the failing keyword, following `$ref`s as evaluated
    /// (for example `/properties/a/$ref/type`).
    public var schemaPath: String
    /// The failing keyword, such as `type` or `required`; `false` when a `false` schema rejected the value.
    public var keyword: String
    /// One sentence naming the value or field and what would be valid.
    public var message: String

    /// Creates a validation error.
    /// - Parameters:
    ///   - instancePath: JSON Pointer to the failing value.
    ///   - schemaPath: JSON Pointer to the failing keyword.
    ///   - keyword: the failing keyword.
    ///   - message: one sentence describing the failure.
    public init(instancePath: String, schemaPath: String, keyword: String, message: String) {
        self.instancePath = instancePath
        self.schemaPath = schemaPath
        self.keyword = keyword
        self.message = message
    }

    /// `path: message`, with `(root)` standing for the whole instance.
    public var description: String {
        "\(instancePath.isEmpty ? "(root)" : instancePath): \(message)"
    }
}
