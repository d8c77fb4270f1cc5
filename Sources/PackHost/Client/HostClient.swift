public import AsyncHTTPClient
import Foundation
import NIOCore
public import NIOHTTP1
public import StructuredData

/// A client of a running host's HTTP API (`/api/v1`, docs/host-api.md): what `packctl --host URL` uses.
///
/// Every request carries `X-API-Key` and `X-Tenant-ID`. A refused request throws the ``HostError`` the server
/// answered (its code and message from the JSON error body); a host that cannot be reached throws
/// `unavailable`. The API key is never part of an error, a log line or a description of the client.
public struct HostClient: Sendable, CustomStringConvertible {
    /// The API root, `<scheme>://<host>:<port>/api/v1` (no trailing slash).
    public let apiRoot: String
    /// The tenant every request acts for.
    public let tenant: String
    /// How long one request may take.
    public let timeout: Duration
    let apiKey: String
    let http: HTTPClient
    private let ownsHTTPClient: Bool

    /// The largest answer the client reads (bytes).
    static let maximumResponseBytes = 64 << 20

    /// Creates a client.
    /// - Parameters:
    ///   - baseURL: `http://HOST:PORT` (with or without `/api/v1`).
    ///   - apiKey: the key sent as `X-API-Key`.
    ///   - tenant: sent as `X-Tenant-ID`.
    ///   - timeout: the limit for one request.
    ///   - httpClient: the HTTP client to use; by default the client makes its own (a refused connection fails at
    ///     once instead of being retried until the timeout), which ``close()`` shuts down.
    /// - Throws: `invalidArgument` when the URL is not an http(s) URL with a host, or the key or tenant is empty.
    public init(
        baseURL: String,
        apiKey: String,
        tenant: String = "default",
        timeout: Duration = .seconds(60),
        httpClient: HTTPClient? = nil
    ) throws(HostError) {
        var root = baseURL.trimmingCharacters(in: .whitespaces)
        while root.hasSuffix("/") { root.removeLast() }
        guard let url = URL(string: root), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = url.host, !host.isEmpty
        else {
            throw HostError(
                .invalidArgument,
                "--host \(baseURL): not a host URL; expected http://HOST:PORT (for example http://127.0.0.1:8080)"
            )
        }
        guard url.query == nil, url.fragment == nil, url.user == nil else {
            throw HostError(.invalidArgument, "--host \(baseURL): a host URL has no user, query or fragment")
        }
        if !root.hasSuffix("/api/v1") { root += "/api/v1" }
        guard !apiKey.isEmpty else {
            throw HostError(
                .unauthenticated,
                "no API key: pass --api-key KEY or set CORDUM_API_KEY (the host printed its admin key when it first started)"
            )
        }
        guard !tenant.isEmpty else { throw HostError(.invalidArgument, "--tenant must not be empty") }
        self.apiRoot = root
        self.apiKey = apiKey
        self.tenant = tenant
        self.timeout = timeout
        if let httpClient {
            self.http = httpClient
            self.ownsHTTPClient = false
        } else {
            var configuration = HTTPClient.Configuration()
            configuration.connectionPool.retryConnectionEstablishment = false
            configuration.timeout.connect = .seconds(10)
            configuration.redirectConfiguration = .disallow
            self.http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            self.ownsHTTPClient = true
        }
    }

    /// Shuts down the HTTP client the client made for itself; call it once, when done.
    public func close() async {
        guard ownsHTTPClient else { return }
        try? await http.shutdown()
    }

    /// The client without its key.
    public var description: String { "HostClient(\(apiRoot), tenant: \(tenant))" }

    /// A request body.
    public enum Body: Sendable {
        /// A JSON document (`application/json`).
        case json(JSONValue)
        /// Raw bytes with their content type.
        case bytes([UInt8], contentType: String)
    }

    /// Sends one request and returns the decoded JSON answer (`nil` for an empty answer such as 204).
    /// - Parameters:
    ///   - method: the HTTP method.
    ///   - path: the route under `/api/v1`, starting with `/`; segments must already be percent-encoded.
    ///   - query: query parameters (encoded here).
    ///   - body: the request body.
    ///   - headers: extra headers.
    /// - Throws: the server's ``HostError`` for an error answer; `unavailable` when the host cannot be reached.
    @discardableResult
    public func send(
        _ method: HTTPMethod,
        _ path: String,
        query: [(String, String)] = [],
        body: Body? = nil,
        headers extraHeaders: [(String, String)] = []
    ) async throws(HostError) -> JSONValue? {
        var url = apiRoot + path
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.encodeQuery($0.0))=\(Self.encodeQuery($0.1))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.method = method
        request.headers.add(name: "X-API-Key", value: apiKey)
        request.headers.add(name: "X-Tenant-ID", value: tenant)
        request.headers.add(name: "Accept", value: "application/json")
        for (name, value) in extraHeaders { request.headers.add(name: name, value: value) }
        switch body {
        case .json(let value)?:
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: JSONEncoding.compact(value)))
        case .bytes(let bytes, let contentType)?:
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: bytes))
        case nil:
            break
        }
        let status: HTTPResponseStatus
        let bytes: [UInt8]
        do {
            let response = try await http.execute(request, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
            status = response.status
            var buffer = try await response.body.collect(upTo: Self.maximumResponseBytes)
            bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch {
            throw HostError(
                .unavailable,
                "the host at \(apiRoot) did not answer \(method.rawValue) \(path): \(Self.describe(error))"
            )
        }
        return try Self.decode(status: status, bytes: bytes, method: method, path: path)
    }

    /// Turns an answer into JSON, or into the ``HostError`` its error body names.
    static func decode(status: HTTPResponseStatus, bytes: [UInt8], method: HTTPMethod, path: String)
        throws(HostError) -> JSONValue?
    {
        let parsed: JSONValue?
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) {
            parsed = nil
        } else {
            parsed = try? JSONParser.parse(bytes, file: "response").value
        }
        if (200..<300).contains(status.code) {
            if parsed == nil && !bytes.isEmpty && status != .noContent {
                throw HostError(
                    .internal,
                    "\(method.rawValue) \(path): the host answered \(status.code) with a body that is not JSON"
                )
            }
            return parsed
        }
        if let error = parsed?["error"], let codeText = error["code"]?.stringValue,
            let message = error["message"]?.stringValue
        {
            throw HostError(Self.code(named: codeText) ?? Self.code(for: status), message)
        }
        throw HostError(
            Self.code(for: status),
            "\(method.rawValue) \(path): the host answered \(status.code) \(status.reasonPhrase)"
        )
    }

    /// The error code an HTTP status stands for when the body names none.
    static func code(for status: HTTPResponseStatus) -> HostError.Code {
        switch status.code {
        case 400, 422: return .invalidArgument
        case 401: return .unauthenticated
        case 403: return .forbidden
        case 404: return .notFound
        case 409, 412: return .conflict
        case 413: return .tooLarge
        case 429: return .tooManyRequests
        case 503, 502, 504: return .unavailable
        default: return .internal
        }
    }

    /// The error code written as `name` in an error body.
    static func code(named name: String) -> HostError.Code? {
        let codes: [HostError.Code] = [
            .invalidArgument, .unauthenticated, .forbidden, .notFound, .conflict, .tooLarge, .tooManyRequests,
            .storage, .unavailable, .internal,
        ]
        return codes.first { $0.rawValue == name }
    }

    /// Percent-encodes one query name or value.
    static func encodeQuery(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// Percent-encodes one path segment (a `/` inside an id becomes `%2F`).
    public static func pathSegment(_ text: String) -> String { encodeQuery(text) }

    /// A transport error without anything that could carry the key (AsyncHTTPClient never includes headers).
    static func describe(_ error: any Error) -> String {
        let text = String(describing: error)
        return text.count > 300 ? String(text.prefix(300)) + "..." : text
    }
}

extension Duration {
    /// The duration in whole nanoseconds.
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000_000_000 + attoseconds / 1_000_000_000
    }
}
