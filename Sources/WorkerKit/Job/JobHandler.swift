public import JSONSchema
public import StructuredData

/// The code that runs the jobs of one topic.
public struct JobHandler: Sendable {
    /// The handler body: returns the output JSON, or throws (a ``WorkerError`` for a typed failure).
    public typealias Body = @Sendable (_ context: JobContext, _ input: JSONValue) async throws -> JSONValue

    /// The topic (`job.<pack>.<action>`).
    public var topic: String
    /// Validated against every input before the body runs, when set.
    public var inputSchema: JSONSchema?
    /// The body.
    public var body: Body

    /// Creates a handler.
    public init(topic: String, inputSchema: JSONSchema? = nil, body: @escaping Body) {
        self.topic = topic
        self.inputSchema = inputSchema
        self.body = body
    }
}
