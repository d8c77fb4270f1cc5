public import StructuredData

/// A request the emulator received, as tests read it back: secrets in headers redacted.
public struct RecordedRequest: Sendable, Hashable {
    /// 1 for the first request since the last clear, then increasing.
    public var sequence: Int
    /// The method (`GET`, ...).
    public var method: String
    /// The path as sent, without the query.
    public var path: String
    /// The decoded query items.
    public var query: [QueryItem]
    /// Headers by lowercased name, with credentials redacted (see ``RequestLog/redactedHeaderNames``).
    public var headers: [String: String]
    /// The body as UTF-8 text.
    public var body: String
    /// The status answered (0 while the answer is still being made).
    public var status: Int
    /// The id of the fault rule that answered or delayed the request, if any.
    public var faultID: String?
    /// The request id the answer carried (see ``RequestIDPolicy``), if any.
    public var requestID: String?
    /// The headers answered, by lowercased name (empty while the answer is still being made).
    public var responseHeaders: [String: String] = [:]
    /// The body answered, as UTF-8 text.
    public var responseBody = ""

    /// Creates a record.
    public init(
        sequence: Int,
        method: String,
        path: String,
        query: [QueryItem],
        headers: [String: String],
        body: String,
        status: Int = 0,
        faultID: String? = nil,
        requestID: String? = nil
    ) {
        self.requestID = requestID
        self.sequence = sequence
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.status = status
        self.faultID = faultID
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// The body parsed as JSON (`nil` when empty or not JSON).
    public var jsonBody: JSONValue? {
        body.isEmpty ? nil : try? JSONParser.parse(body)
    }

    /// The header by which an emulator of an RPC-style API (every call a POST: MCP, JSON-RPC, GraphQL) marks an
    /// answer to a request that changed nothing, so the conformance suite does not count it as a write.
    public static let readOnlyHeader = "x-emulator-read-only"

    /// Whether the emulator marked the answer as changing nothing (``readOnlyHeader``: `true`).
    public var isReadOnly: Bool { responseHeaders[Self.readOnlyHeader]?.lowercased() == "true" }

    /// The record as JSON (for `GET /_emulator/requests`; `read_only` when ``isReadOnly``).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "sequence": .integer(sequence),
            "method": .string(method),
            "path": .string(path),
            "query": .object(
                Dictionary(query.map { ($0.name, JSONValue.string($0.value)) }, uniquingKeysWith: { first, _ in first })
            ),
            "headers": .object(headers.mapValues { .string($0) }),
            "body": .string(body),
            "status": .integer(status),
        ]
        if let faultID { object["fault_id"] = .string(faultID) }
        if let requestID { object["request_id"] = .string(requestID) }
        if isReadOnly { object["read_only"] = true }
        return .object(object)
    }
}
