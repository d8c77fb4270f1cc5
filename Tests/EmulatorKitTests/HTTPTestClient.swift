import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import StructuredData

/// Real HTTP requests to a started emulator.
struct HTTPTestClient {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var body: String

        var json: JSONValue? { body.isEmpty ? nil : try? JSONParser.parse(body) }
    }

    let baseURL: String

    func send(
        _ method: String,
        _ target: String,
        headers: [String: String] = [:],
        body: String? = nil,
        timeout: TimeAmount = .seconds(30)
    ) async throws -> Answer {
        var request = HTTPClientRequest(url: baseURL + target)
        request.method = HTTPMethod(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let bytes = try await response.body.collect(upTo: 10 * 1024 * 1024)
        var fields: [String: String] = [:]
        for header in response.headers { fields[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: fields, body: String(buffer: bytes))
    }
}
