public import StructuredData

/// One request as an emulator sees it: method, path, decoded query, headers (names lowercased) and body.
public struct EmulatorRequest: Sendable {
    /// The method in upper case (`GET`, `POST`, ...).
    public var method: String
    /// The path as sent, without the query (still percent-encoded).
    public var path: String
    /// The decoded query items in the order sent.
    public var query: [QueryItem]
    /// Header values by lowercased name; repeated headers are joined with `, `.
    public var headers: [String: String]
    /// The body bytes (empty when there is none).
    public var body: [UInt8]
    /// The scheme, host and port the client used (from its `Host` header), e.g. `http://127.0.0.1:8080`; the
    /// base for absolute URLs in answers (links, `url` fields).
    public var baseURL: String

    /// Creates a request.
    public init(
        method: String,
        path: String,
        query: [QueryItem] = [],
        headers: [String: String] = [:],
        body: [UInt8] = [],
        baseURL: String = "http://127.0.0.1"
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.baseURL = baseURL
    }

    /// Creates a request from a target as sent on the wire (`/path?query`).
    public init(
        method: String,
        target: String,
        headers: [String: String] = [:],
        body: [UInt8] = [],
        baseURL: String = "http://127.0.0.1"
    ) {
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        self.init(
            method: method,
            path: parts.first.map(String.init) ?? "/",
            query: parts.count > 1 ? QueryItem.parse(String(parts[1])) : [],
            headers: headers,
            body: body,
            baseURL: baseURL
        )
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    /// A header value by name (any case).
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The decoded path segments (`/a/b%2Fc` → `["a", "b/c"]`).
    public var pathSegments: [String] {
        path.split(separator: "/", omittingEmptySubsequences: true).map { PercentDecoding.decode(String($0)) }
    }

    /// The body as UTF-8 text (invalid bytes replaced).
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }

    /// The body parsed as JSON, or `nil` when the body is empty.
    /// - Throws: `EmulatorError.invalidJSON` naming the parse error.
    public func jsonBody() throws(EmulatorError) -> JSONValue? {
        let text = bodyText
        guard !text.allSatisfy(\.isWhitespace) else { return nil }
        do {
            return try JSONParser.parse(text, file: "request body")
        } catch {
            throw .invalidJSON(String(describing: error))
        }
    }
}
