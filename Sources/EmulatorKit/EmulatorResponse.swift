public import StructuredData

/// An answer from an emulator: status, headers (names lowercased) and body.
public struct EmulatorResponse: Sendable {
    /// The HTTP status code.
    public var status: Int
    /// Header values by lowercased name.
    public var headers: [String: String]
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: [String: String] = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = Dictionary(
            headers.map { ($0.key.lowercased(), $0.value) },
            uniquingKeysWith: { _, last in last }
        )
        self.body = body
    }

    /// A JSON answer (compact, sorted keys) with `content-type: application/json; charset=utf-8`.
    public static func json(_ value: JSONValue, status: Int = 200, headers: [String: String] = [:]) -> Self {
        var response = EmulatorResponse(status: status, headers: headers, body: Array(JSONEncoding.compact(value).utf8))
        response.headers["content-type"] = "application/json; charset=utf-8"
        return response
    }

    /// A plain-text answer.
    public static func text(_ text: String, status: Int = 200, headers: [String: String] = [:]) -> Self {
        var response = EmulatorResponse(status: status, headers: headers, body: Array(text.utf8))
        response.headers["content-type"] = "text/plain; charset=utf-8"
        return response
    }

    /// An answer without a body (`204 No Content` by default).
    public static func empty(status: Int = 204, headers: [String: String] = [:]) -> Self {
        EmulatorResponse(status: status, headers: headers)
    }

    /// The body parsed as JSON (`nil` when empty or not JSON).
    public var jsonBody: JSONValue? {
        guard !body.isEmpty else { return nil }
        return try? JSONParser.parse(String(decoding: body, as: UTF8.self))
    }
}

/// An error a handler can throw that carries the answer to send (e.g. a vendor's 404 or 422).
public protocol EmulatorResponseError: Error {
    /// The answer for this error.
    var response: EmulatorResponse { get }
}
