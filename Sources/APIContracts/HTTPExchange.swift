import Foundation
public import StructuredData

/// One request and its answer, as an exchange log records it.
///
/// The log format is JSON lines, one exchange per line:
/// `{"request": {"method": "GET", "url": "/repos/acme/widgets?per_page=2", "headers": {"accept": "..."},
/// "body": ""}, "response": {"status": 200, "headers": {"content-type": "application/json"}, "body": "{...}"}}`.
/// `url` is a path with its query, or an absolute URL (only its path and query are used). Header names are
/// compared case-insensitively; several values of one header are joined with `, `. Bodies are UTF-8 text
/// (`""` for none). `response` may be absent when no answer came back.
public struct HTTPExchange: Sendable, Hashable {
    /// What the client sent.
    public struct Request: Sendable, Hashable {
        /// The method (`GET`).
        public var method: String
        /// The path and query (or an absolute URL).
        public var url: String
        /// Headers by lowercased name.
        public var headers: [String: String]
        /// The body as text.
        public var body: String

        /// Creates a request.
        public init(method: String, url: String, headers: [String: String] = [:], body: String = "") {
            self.method = method.uppercased()
            self.url = url
            self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
            self.body = body
        }

        /// The path of ``url`` (percent-encoded, as sent).
        public var path: String { URLParts(url).path }
        /// The query items of ``url``, decoded, in order.
        public var query: [(name: String, value: String)] { URLParts(url).query }
    }

    /// What the server answered.
    public struct Response: Sendable, Hashable {
        /// The status code.
        public var status: Int
        /// Headers by lowercased name.
        public var headers: [String: String]
        /// The body as text.
        public var body: String

        /// Creates a response.
        public init(status: Int, headers: [String: String] = [:], body: String = "") {
            self.status = status
            self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
            self.body = body
        }
    }

    /// The request.
    public var request: Request
    /// The answer, if one came.
    public var response: Response?

    /// Creates an exchange.
    public init(request: Request, response: Response?) {
        self.request = request
        self.response = response
    }

    /// The exchange as one JSON object (a log line).
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "request": [
                "method": .string(request.method), "url": .string(request.url),
                "headers": .object(request.headers.mapValues { .string($0) }), "body": .string(request.body),
            ]
        ]
        if let response {
            object["response"] = [
                "status": .integer(response.status), "headers": .object(response.headers.mapValues { .string($0) }),
                "body": .string(response.body),
            ]
        }
        return .object(object)
    }

    /// Reads one exchange from a log line's JSON value.
    /// - Throws: ``APIContractsError`` (`.invalidExchange`) naming the member that is missing or wrong.
    public init(json: JSONValue, location: String = "<input>") throws(APIContractsError) {
        func fail(_ message: String) -> APIContractsError {
            APIContractsError(code: .invalidExchange, location: location, message: message)
        }
        guard let request = json["request"], request.objectValue != nil else {
            throw fail("an exchange needs a `request` object")
        }
        guard let method = request["method"]?.stringValue, !method.isEmpty else {
            throw fail("`request.method` must be a non-empty string")
        }
        guard let url = request["url"]?.stringValue, !url.isEmpty else {
            throw fail("`request.url` must be a non-empty string (a path, or an absolute URL)")
        }
        self.request = Request(
            method: method,
            url: url,
            headers: try Self.headers(request["headers"], "request.headers", fail),
            body: request["body"]?.stringValue ?? ""
        )
        guard let response = json["response"], !response.isNull else {
            self.response = nil
            return
        }
        guard let status = response["status"]?.intValue, (100...599).contains(status) else {
            throw fail("`response.status` must be an HTTP status code from 100 to 599")
        }
        self.response = Response(
            status: status,
            headers: try Self.headers(response["headers"], "response.headers", fail),
            body: response["body"]?.stringValue ?? ""
        )
    }

    private static func headers(
        _ value: JSONValue?,
        _ member: String,
        _ fail: (String) -> APIContractsError
    ) throws(APIContractsError) -> [String: String] {
        guard let value, !value.isNull else { return [:] }
        guard let object = value.objectValue else { throw fail("`\(member)` must be an object of strings") }
        var headers: [String: String] = [:]
        for (name, entry) in object {
            if let text = entry.stringValue {
                headers[name.lowercased()] = text
            } else if let list = entry.arrayValue?.compactMap(\.stringValue) {
                headers[name.lowercased()] = list.joined(separator: ", ")
            } else {
                throw fail("`\(member).\(name)` must be a string")
            }
        }
        return headers
    }

    /// Reads a JSON-lines exchange log (blank lines are skipped).
    /// - Throws: ``APIContractsError`` naming the line that is not an exchange.
    public static func readLog(_ text: String, file: String = "<input>") throws(APIContractsError) -> [HTTPExchange] {
        var exchanges: [HTTPExchange] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !trimmed.isEmpty else { continue }
            let location = "\(file):\(index + 1)"
            let value: JSONValue
            do {
                value = try JSONParser.parse(trimmed, file: location)
            } catch {
                throw APIContractsError(
                    code: .invalidExchange,
                    location: location,
                    message: "not JSON: \(error.message)"
                )
            }
            exchanges.append(try HTTPExchange(json: value, location: location))
        }
        return exchanges
    }

    /// A JSON-lines log of `exchanges` (one compact JSON object per line, each line ending in a newline).
    public static func log(_ exchanges: [HTTPExchange]) -> String {
        exchanges.map { JSONEncoding.compact($0.json) + "\n" }.joined()
    }
}

/// The path and query of a URL or of a path with a query.
struct URLParts {
    var path: String
    var query: [(name: String, value: String)]

    init(_ url: String) {
        var rest = Substring(url)
        if let scheme = rest.range(of: "://") {
            let afterHost = rest[scheme.upperBound...]
            rest = afterHost.firstIndex { $0 == "/" || $0 == "?" }.map { afterHost[$0...] } ?? ""
        }
        if let hash = rest.firstIndex(of: "#") { rest = rest[..<hash] }
        let queryText: Substring
        if let mark = rest.firstIndex(of: "?") {
            queryText = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        } else {
            queryText = ""
        }
        path = rest.isEmpty ? "/" : String(rest)
        query = FormDecoding.pairs(String(queryText))
    }
}

/// `application/x-www-form-urlencoded` decoding (`+` is a space).
enum FormDecoding {
    static func pairs(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (decode(parts[0]), parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
