public import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import StructuredData

/// Starts a workflow run on the host: `POST /api/v1/workflows/{id}/runs` with the source principal's API key and
/// tenant and the event's idempotency key, so the host records the start durably once and answers the same run id to
/// every redelivery.
public protocol RunStarting: Sendable {
    /// Starts (or finds) the run of `idempotencyKey`.
    /// - Returns: The run id.
    /// - Throws: ``RunStartFailure``.
    func start(
        workflow: String,
        input: JSONValue,
        idempotencyKey: String,
        apiKey: String,
        tenant: String
    ) async throws(RunStartFailure) -> String
}

/// Why the host did not start a run.
public struct RunStartFailure: Error, Sendable, CustomStringConvertible {
    /// The host's status (0: it did not answer).
    public var status: Int
    /// What to tell the sender (never a key).
    public var description: String
}

/// ``RunStarting`` over the host's HTTP API.
public struct HostRunStarter: RunStarting {
    /// The host's base URL (`http://127.0.0.1:8080`), without `/api/v1`.
    public var hostURL: String
    var httpClient: HTTPClient
    var timeout: TimeAmount

    /// A starter.
    /// - Parameters:
    ///   - hostURL: The host's base URL.
    ///   - httpClient: The client.
    ///   - timeout: How long the host may take to answer.
    public init(hostURL: String, httpClient: HTTPClient = .shared, timeout: Duration = .seconds(30)) {
        var base = hostURL
        while base.hasSuffix("/") { base.removeLast() }
        self.hostURL = base
        self.httpClient = httpClient
        self.timeout = .nanoseconds(Int64(timeout.components.seconds) * 1_000_000_000)
    }

    public func start(
        workflow: String,
        input: JSONValue,
        idempotencyKey: String,
        apiKey: String,
        tenant: String
    ) async throws(RunStartFailure) -> String {
        let escaped = workflow.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? workflow
        var request = HTTPClientRequest(url: "\(hostURL)/api/v1/workflows/\(escaped)/runs")
        request.method = .POST
        request.headers.add(name: "X-API-Key", value: apiKey)
        request.headers.add(name: "X-Tenant-ID", value: tenant)
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey)
        request.headers.add(name: "Content-Type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: JSONEncoding.compact(input)))
        let status: Int
        let body: [UInt8]
        do {
            let response = try await httpClient.execute(request, timeout: timeout)
            status = Int(response.status.code)
            body = Array(buffer: try await response.body.collect(upTo: 1 << 20))
        } catch {
            throw RunStartFailure(status: 0, description: "the host at \(hostURL) did not answer")
        }
        let answer = try? JSONParser.parse(body, file: "host answer").value
        guard (200..<300).contains(status), let runID = answer?["run_id"]?.stringValue else {
            let message = answer?["error"]?["message"]?.stringValue ?? answer?["message"]?.stringValue ?? "no message"
            throw RunStartFailure(status: status, description: "the host refused the run start (\(status)): \(message)")
        }
        return runID
    }
}
