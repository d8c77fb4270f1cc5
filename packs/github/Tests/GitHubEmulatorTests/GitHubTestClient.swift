import AsyncHTTPClient
import Foundation
import GitHubEmulator
import NIOCore
import NIOHTTP1
import StructuredData
import Synchronization

/// Real HTTP requests to a started GitHub emulator, authenticated with a token by default.
struct GitHubTestClient {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String

        var json: JSONValue? { body.isEmpty ? nil : try? JSONParser.parse(body) }
        var message: String? { json?["message"]?.stringValue }
    }

    let baseURL: String
    var authorization: String? = "Bearer \(GitHubDemo.token)"

    func send(
        _ method: String,
        _ target: String,
        headers: [String: String] = [:],
        json: JSONValue? = nil
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + target)
        request.method = HTTPMethod(rawValue: method)
        request.headers.add(name: "Accept", value: "application/vnd.github+json")
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        for (name, value) in headers { request.headers.replaceOrAdd(name: name, value: value) }
        if let json { request.body = .bytes(ByteBuffer(string: JSONEncoding.compact(json))) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 10 * 1024 * 1024)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: fields, body: String(buffer: bytes))
    }

    func get(_ target: String) async throws -> Answer { try await send("GET", target) }

    /// Sends `body` as it is (not necessarily JSON).
    func sendRaw(_ method: String, _ target: String, body: String) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + target)
        request.method = HTTPMethod(rawValue: method)
        if let authorization { request.headers.add(name: "Authorization", value: authorization) }
        request.body = .bytes(ByteBuffer(string: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 10 * 1024 * 1024)
        return Answer(status: Int(response.status.code), headers: [:], body: String(buffer: bytes))
    }

    static func start(
        _ configuration: GitHubEmulator.Configuration = GitHubEmulator.Configuration()
    ) async throws -> (GitHubEmulator, GitHubTestClient) {
        let emulator = try await GitHubEmulator.start(configuration)
        return (emulator, GitHubTestClient(baseURL: emulator.baseURL))
    }
}

/// A clock tests move by hand.
final class TestClock: Sendable {
    private let now: Mutex<Double>

    init(_ start: Double = Date().timeIntervalSince1970) { now = Mutex(start) }

    var seconds: Double { now.withLock { $0 } }
    func advance(_ seconds: Double) { now.withLock { $0 += seconds } }
    var clock: @Sendable () -> Double { { self.seconds } }
}

extension JSONValue {
    /// An array element, or `nil` when this is not an array or the index is out of range.
    subscript(_ index: Int) -> JSONValue? {
        guard let elements = arrayValue, elements.indices.contains(index) else { return nil }
        return elements[index]
    }
}
