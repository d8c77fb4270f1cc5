import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import StructuredData

/// An emulator's control endpoints (`/_emulator/...`, docs/emulators.md) over HTTP: the same for every pack's
/// emulator, so the suite needs nothing but its base URL.
public struct EmulatorControl: Sendable {
    /// A control request that did not answer as documented.
    public struct Failure: Error, CustomStringConvertible {
        /// What went wrong, with the endpoint.
        public let description: String
    }

    /// One request the emulator received (credentials redacted by the emulator).
    public struct Request: Sendable, Hashable {
        /// The method, upper case.
        public var method: String
        /// The path, without the query.
        public var path: String
        /// The query items (first value per name).
        public var query: [String: String]
        /// The headers, names lower case.
        public var headers: [String: String]
        /// The body as text ("" when none).
        public var body: String
        /// The status it answered.
        public var status: Int
        /// The fault rule that answered it, if any.
        public var faultID: String?

        /// The body as JSON, when it is JSON.
        public var jsonBody: JSONValue? { body.isEmpty ? nil : try? JSONParser.parse(body) }
        /// Whether the emulator marked its answer as changing nothing (`x-emulator-read-only: true`, for RPC-style
        /// APIs whose every call is a POST).
        public var readOnly = false
        /// Whether it may have changed something (every method but GET, HEAD and OPTIONS, unless the emulator marked
        /// it read-only).
        public var isWrite: Bool { !readOnly && !["GET", "HEAD", "OPTIONS"].contains(method) }
    }

    /// The emulator's base URL.
    public let baseURL: String

    /// Controls the emulator at `baseURL`.
    public init(baseURL: String) {
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// Every request received since the last reset or clear, oldest first.
    public func requests() async throws -> [Request] {
        let answer = try await send(.GET, "requests", expect: 200)
        return (answer?["requests"]?.arrayValue ?? []).map { entry in
            Request(
                method: entry["method"]?.stringValue ?? "",
                path: entry["path"]?.stringValue ?? "",
                query: (entry["query"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
                headers: (entry["headers"]?.objectValue ?? [:]).compactMapValues(\.stringValue),
                body: entry["body"]?.stringValue ?? "",
                status: entry["status"]?.intValue ?? 0,
                faultID: entry["fault_id"]?.stringValue,
                readOnly: entry["read_only"]?.boolValue ?? false
            )
        }
    }

    /// Every exchange since the last reset or clear (request and answer), as the emulator's exchange log
    /// (`GET /_emulator/exchanges`: JSON lines, docs/contracts.md).
    public func exchangeLog() async throws -> String {
        var request = HTTPClientRequest(url: "\(baseURL)/_emulator/exchanges")
        request.method = .GET
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let text = String(buffer: try await response.body.collect(upTo: 64 << 20))
        guard response.status.code == 200 else {
            throw Failure(description: "GET \(baseURL)/_emulator/exchanges answered \(response.status.code)")
        }
        return text
    }

    /// The requests that may have changed something.
    public func writes() async throws -> [Request] { try await requests().filter(\.isWrite) }

    /// Clears the request log.
    public func clearRequests() async throws { _ = try await send(.DELETE, "requests", expect: 204) }

    /// Adds fault rules (`{"method","path","status","retry_after","delay_ms","after","count",...}`).
    public func addFaults(_ rules: [JSONValue]) async throws {
        _ = try await send(.POST, "faults", body: ["faults": .array(rules)], expect: 201)
    }

    /// Removes every fault rule.
    public func clearFaults() async throws { _ = try await send(.DELETE, "faults", expect: 204) }

    /// Puts the state back to the demo seed and clears the faults and the request log.
    public func reset() async throws { _ = try await send(.POST, "reset", expect: 204) }

    private func send(_ method: HTTPMethod, _ endpoint: String, body: JSONValue? = nil, expect status: Int)
        async throws -> JSONValue?
    {
        var request = HTTPClientRequest(url: "\(baseURL)/_emulator/\(endpoint)")
        request.method = method
        if let body {
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: JSONEncoding.compact(body)))
        }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 64 << 20)
        let text = String(buffer: bytes)
        guard Int(response.status.code) == status else {
            throw Failure(
                description: "\(method.rawValue) \(baseURL)/_emulator/\(endpoint) answered \(response.status.code), "
                    + "not \(status): \(text.prefix(500))"
            )
        }
        return text.isEmpty ? nil : try JSONParser.parse(text)
    }
}
