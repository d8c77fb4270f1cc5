import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import StructuredData

/// One Server-Sent Events message.
struct SSEMessage: Sendable {
    var id: Int64?
    var event: String?
    var data: String
    var json: JSONValue { (try? JSONParser.parse(data)) ?? .null }
}

/// A minimal SSE reader over AsyncHTTPClient, for tests: reads messages until it is dropped.
struct SSEConnection {
    let status: Int
    private var iterator: HTTPClientResponse.Body.AsyncIterator
    private var pending = ""

    static func open(
        port: Int,
        path: String = "/api/v1/events",
        key: String,
        tenant: String,
        lastEventID: Int64? = nil
    ) async throws -> SSEConnection {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.headers.add(name: "X-API-Key", value: key)
        request.headers.add(name: "X-Tenant-ID", value: tenant)
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
        let response = try await HTTPClient.shared.execute(request, deadline: .now() + .seconds(300))
        return SSEConnection(status: Int(response.status.code), iterator: response.body.makeAsyncIterator())
    }

    /// The next message (comments skipped), or nil when the stream ended.
    mutating func next() async throws -> SSEMessage? {
        while true {
            if let range = pending.range(of: "\n\n") {
                let block = String(pending[..<range.lowerBound])
                pending = String(pending[range.upperBound...])
                var message = SSEMessage(id: nil, event: nil, data: "")
                var isMessage = false
                for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                    if line.hasPrefix(":") { continue }
                    isMessage = true
                    if line.hasPrefix("id: ") { message.id = Int64(line.dropFirst(4)) }
                    if line.hasPrefix("event: ") { message.event = String(line.dropFirst(7)) }
                    if line.hasPrefix("data: ") { message.data += String(line.dropFirst(6)) }
                }
                if isMessage { return message }
                continue
            }
            guard let buffer = try await iterator.next() else { return nil }
            pending += String(buffer: buffer)
        }
    }

    /// Messages up to and including the first `until` accepts.
    mutating func read(until done: (SSEMessage) -> Bool) async throws -> [SSEMessage] {
        var seen: [SSEMessage] = []
        while let message = try await next() {
            seen.append(message)
            if done(message) { return seen }
        }
        return seen
    }
}
