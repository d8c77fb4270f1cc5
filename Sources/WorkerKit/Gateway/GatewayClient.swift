import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import StructuredData

/// The calls a worker makes to Cordum's gateway: reading a pointer (`GET /api/v1/memory?ptr=…`) and storing an
/// artifact (`POST /api/v1/artifacts`), with the API key in `X-API-Key`. The key is never logged or put in an error;
/// errors name the gateway URL and the path only.
struct GatewayClient: Sendable {
    /// The gateway's base URL without a trailing `/`.
    let baseURL: String
    /// The API key, when one is configured.
    let apiKey: String?
    /// Secrets scrubbed from every error message.
    let secrets: SecretRegistry
    var httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient
    var timeout: Duration = .seconds(30)
    /// The largest answer read.
    var maxResponseBytes = 64 * 1024 * 1024

    init(baseURL: String, apiKey: String?, secrets: SecretRegistry) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        self.apiKey = apiKey
        self.secrets = secrets
    }

    /// The JSON a pointer holds, read through the gateway's memory endpoint: its `json` field, else its `text`
    /// parsed as JSON, else its `base64` bytes parsed as JSON.
    /// - Returns: `nil` when the gateway answers 404 (the key does not exist).
    func readJSON(pointer: String) async throws(WorkerError) -> JSONValue? {
        let query = pointer.addingPercentEncoding(withAllowedCharacters: Self.queryValueCharacters) ?? pointer
        let (status, body) = try await send(method: .GET, path: "/api/v1/memory?ptr=\(query)", body: nil)
        if status == 404 { return nil }
        try check(status, body, action: "Reading \(pointer)")
        let answer: JSONValue
        do {
            answer = try JSONParser.parse(body, file: "gateway memory answer").value
        } catch {
            throw WorkerError(code: .gatewayError, message: "The gateway's answer for \(pointer) is not JSON.")
        }
        if let json = answer["json"], json != .null { return json }
        let payload: [UInt8]
        if case .string(let text)? = answer["text"] {
            payload = Array(text.utf8)
        } else if case .string(let encoded)? = answer["base64"], let data = Data(base64Encoded: encoded) {
            payload = Array(data)
        } else {
            throw WorkerError(
                code: .gatewayError,
                message: "The gateway's answer for \(pointer) has none of json, text or base64."
            )
        }
        do {
            return try JSONParser.parse(payload, file: pointer).value
        } catch {
            throw WorkerError(code: .invalidInput, message: "The context \(pointer) is not JSON: \(error)")
        }
    }

    /// Stores an artifact; returns the gateway's `artifact_ptr`.
    func putArtifact(
        _ content: [UInt8],
        contentType: String,
        retention: ArtifactRetention,
        labels: [String: String]
    ) async throws(WorkerError) -> String {
        let request: JSONValue = [
            "content_base64": .string(Data(content).base64EncodedString()),
            "content_type": .string(contentType),
            "retention": .string(retention.rawValue),
            "labels": .object(labels.mapValues { .string($0) }),
        ]
        let (status, body) = try await send(
            method: .POST,
            path: "/api/v1/artifacts",
            body: Array(JSONEncoding.compact(request).utf8)
        )
        try check(status, body, action: "Storing an artifact")
        guard let answer = try? JSONParser.parse(body, file: "gateway artifact answer").value,
            case .string(let pointer)? = answer["artifact_ptr"], !pointer.isEmpty
        else {
            throw WorkerError(code: .gatewayError, message: "The gateway's artifact answer has no artifact_ptr.")
        }
        return pointer
    }

    private func send(method: HTTPMethod, path: String, body: [UInt8]?) async throws(WorkerError) -> (Int, [UInt8]) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        request.headers.add(name: "Accept", value: "application/json")
        if let apiKey, !apiKey.isEmpty { request.headers.add(name: "X-API-Key", value: apiKey) }
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let endpoint = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
        do {
            let response = try await httpClient.execute(request, timeout: .nanoseconds(Int64(timeout.nanoseconds)))
            let bytes = try await response.body.collect(upTo: maxResponseBytes)
            return (Int(response.status.code), Array(buffer: bytes))
        } catch {
            throw WorkerError(
                code: .gatewayError,
                message: secrets.scrub("The gateway at \(baseURL) could not be reached for \(endpoint): \(error)"),
                retryable: true
            )
        }
    }

    private func check(_ status: Int, _ body: [UInt8], action: String) throws(WorkerError) {
        guard !(200..<300).contains(status) else { return }
        let detail = String(decoding: body.prefix(200), as: UTF8.self)
        throw WorkerError(
            code: .gatewayError,
            message: secrets.scrub("\(action) through the gateway at \(baseURL) failed with HTTP \(status): \(detail)"),
            retryable: status == 429 || status >= 500
        )
    }

    /// RFC 3986 unreserved characters: everything else in a query value is percent-encoded.
    private static let queryValueCharacters = CharacterSet(
        charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
    )
}

extension Duration {
    fileprivate var nanoseconds: Double {
        Double(components.seconds) * 1e9 + Double(components.attoseconds) / 1e9
    }
}
