import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import StructuredData
import WorkerKit

/// An MCP server over Streamable HTTP (MCP 2025-03-26 and later): every message is a POST to the endpoint, answered
/// with JSON or with a server-sent-event stream that carries the answer; `Mcp-Session-Id` from the `initialize`
/// answer and the negotiated `MCP-Protocol-Version` go with every later request.
///
/// Written on AsyncHTTPClient rather than the Swift SDK's `HTTPClientTransport`: on Linux that transport reads an
/// event-stream answer as one opaque message (its own log says SSE "isn't fully supported on Linux"), and servers
/// such as the Python SDK's answer POSTs with event streams; it also runs on URLSession, outside the worker's shared
/// HTTP client, timeouts and size limits.
actor StreamableHTTPChannel: MCPChannel {
    private let url: String
    private let headers: [String: String]
    private let token: String?
    private let maxBytes: Int
    private let http: HTTPClient
    private var sessionID: String?
    private var protocolVersion: String?
    private var epoch = 0
    private var live = false
    private var nextID = 1

    init(url: String, headers: [String: String], token: String?, maxBytes: Int, http: HTTPClient) {
        self.url = url
        self.headers = headers
        self.token = token
        self.maxBytes = maxBytes
        self.http = http
    }

    func call(_ method: String, params: JSONValue, timeout: Duration) async throws(WorkerError) -> JSONValue {
        let id = nextID
        nextID += 1
        let message: JSONValue = ["jsonrpc": "2.0", "id": .integer(id), "method": .string(method), "params": params]
        let answer = try await post(message, expecting: id, timeout: timeout)
        if method == "initialize" { live = true }
        guard let answer else {
            throw WorkerError(code: .vendorError, message: "The MCP server at \(url) sent no answer to \(method).")
        }
        if let error = answer["error"] {
            throw Self.error(error, method: method)
        }
        return answer["result"] ?? .null
    }

    func notify(_ method: String, params: JSONValue?) async throws(WorkerError) {
        var message: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method)]
        message["params"] = params
        _ = try await post(.object(message), expecting: nil, timeout: .seconds(30))
    }

    func connection() -> Int? { live ? epoch : nil }

    func negotiated(protocolVersion: String) { self.protocolVersion = protocolVersion }

    func plan(_ method: String, params: JSONValue) -> JSONValue {
        [
            "method": "POST", "url": .string(url),
            // Neither the credentials nor the session id (a bearer of the session) go into a plan.
            "headers": .object(
                requestHeaders(includeAuth: false).filter { $0.key != "Mcp-Session-Id" }.mapValues(JSONValue.string)
            ),
            "body": ["jsonrpc": "2.0", "id": .integer(nextID), "method": .string(method), "params": params],
            "auth": token == nil ? "none" : "bearer",
        ]
    }

    func close() async {
        guard let sessionID else { return }
        var request = HTTPClientRequest(url: url)
        request.method = .DELETE
        for (name, value) in requestHeaders(includeAuth: true) { request.headers.add(name: name, value: value) }
        request.headers.replaceOrAdd(name: "Mcp-Session-Id", value: sessionID)
        _ = try? await http.execute(request, timeout: .seconds(5))
        self.sessionID = nil
        live = false
    }

    // MARK: - Exchanges

    private func requestHeaders(includeAuth: Bool) -> [String: String] {
        var result: [String: String] = [:]
        for (name, value) in headers where includeAuth || name.lowercased() != "authorization" {
            result[name] = value
        }
        result["Content-Type"] = "application/json"
        result["Accept"] = "application/json, text/event-stream"
        if let protocolVersion { result["MCP-Protocol-Version"] = protocolVersion }
        if let sessionID { result["Mcp-Session-Id"] = sessionID }
        if includeAuth, let token { result["Authorization"] = "Bearer \(token)" }
        return result
    }

    private func post(_ message: JSONValue, expecting id: Int?, timeout: Duration) async throws(WorkerError)
        -> JSONValue?
    {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        for (name, value) in requestHeaders(includeAuth: true) { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(string: JSONEncoding.compact(message)))
        let sentSession = sessionID
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await http.execute(request, timeout: .nanoseconds(timeout.nanosecondCount))
            body = try await response.body.collect(upTo: maxBytes)
        } catch let error as NIOTooManyBytesError {
            _ = error
            throw WorkerError(
                code: .vendorError,
                message: "The MCP server at \(url) answered more than \(maxBytes) bytes (max_output_bytes)."
            )
        } catch let error as HTTPClientError
            where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout
        {
            throw WorkerError(
                code: .timeout,
                message: "The MCP server at \(url) did not answer within \(timeout).",
                retryable: true
            )
        } catch is CancellationError {
            throw WorkerError(code: .cancelled, message: "The job was cancelled.")
        } catch {
            throw WorkerError(
                code: .unavailable,
                message: "The MCP server at \(url) could not be reached: \(error)",
                retryable: true
            )
        }
        if let newSession = response.headers.first(name: "mcp-session-id") { sessionID = newSession }
        let status = Int(response.status.code)
        if status == 404, sentSession != nil {
            sessionID = nil
            live = false
            epoch += 1
            throw WorkerError(
                code: MCPChannelError.sessionExpired,
                message: "The MCP session expired.",
                retryable: true
            )
        }
        guard status < 300 else {
            let (code, retryable) = WorkerError.code(forStatus: status)
            let text = String(buffer: body).prefix(300)
            var message = "The MCP server at \(url) answered HTTP \(status)"
            if let retryAfter = response.headers.first(name: "retry-after") {
                message += " (Retry-After \(retryAfter))"
            }
            throw WorkerError(code: code, message: message + (text.isEmpty ? "." : ": \(text)"), retryable: retryable)
        }
        guard let id else { return nil }
        let contentType = response.headers.first(name: "content-type")?.lowercased() ?? ""
        let text = String(buffer: body)
        let messages: [JSONValue]
        if contentType.hasPrefix("text/event-stream") {
            messages = Self.events(text).compactMap { try? JSONParser.parse($0) }
        } else {
            guard let parsed = try? JSONParser.parse(text) else {
                throw WorkerError(
                    code: .vendorError,
                    message: "The MCP server at \(url) answered HTTP \(status) with a body that is not JSON."
                )
            }
            messages = parsed.arrayValue ?? [parsed]
        }
        return messages.first { $0["id"]?.intValue == id && $0["method"] == nil }
    }

    /// The `data` of each event of a server-sent-event stream (lines joined by newlines).
    static func events(_ text: String) -> [String] {
        var events: [String] = []
        var data: [String] = []
        // Lines end with CRLF, LF or CR; "\r\n" is one Character in Swift, so split on all three.
        let lines = text.split(omittingEmptySubsequences: false) { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }
        for line in lines {
            if line.isEmpty {
                if !data.isEmpty { events.append(data.joined(separator: "\n")) }
                data = []
            } else if line.hasPrefix("data:") {
                var value = line.dropFirst(5)
                if value.hasPrefix(" ") { value = value.dropFirst() }
                data.append(String(value))
            }
        }
        if !data.isEmpty { events.append(data.joined(separator: "\n")) }
        return events
    }

    /// A JSON-RPC error answer as a shared error code (``MCPErrors``).
    static func error(_ error: JSONValue, method: String) -> WorkerError {
        MCPErrors.jsonRPC.error(error, peer: "The MCP server", method: method)
    }
}

extension Duration {
    /// The duration in nanoseconds, for NIO's `TimeAmount`.
    var nanosecondCount: Int64 {
        components.seconds * 1_000_000_000 + components.attoseconds / 1_000_000_000
    }
}
