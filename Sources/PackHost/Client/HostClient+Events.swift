import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
public import StructuredData

extension HostClient {
    /// What the event stream said last.
    public enum StreamEnd: Sendable, Equatable {
        /// The host closed the stream (it stopped, or `close` named a reason such as `slow_consumer`).
        case closed(reason: String?)
        /// The handler asked to stop.
        case stopped
    }

    /// Follows `GET /events` from `lastEventID` (live only when nil), calling `handle` with each event's JSON until
    /// it returns false or the host ends the stream.
    /// - Parameters:
    ///   - query: `type`, `workflow_id`, `pack_id` filters.
    ///   - handle: gets each event; returns whether to go on.
    /// - Returns: how the stream ended, and the id of the last event handled (to resume from).
    public func followEvents(
        query: [(String, String)] = [],
        lastEventID: Int64?,
        handle: (JSONValue) async throws -> Bool
    ) async throws(HostError) -> (end: StreamEnd, lastEventID: Int64?) {
        var url = apiRoot + "/events"
        if !query.isEmpty {
            url += "?" + query.map { "\(Self.encodeQuery($0.0))=\(Self.encodeQuery($0.1))" }.joined(separator: "&")
        }
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "X-API-Key", value: apiKey)
        request.headers.add(name: "X-Tenant-ID", value: tenant)
        request.headers.add(name: "Accept", value: "text/event-stream")
        if let lastEventID { request.headers.add(name: "Last-Event-ID", value: String(lastEventID)) }
        var last = lastEventID
        do {
            let response = try await http.execute(request, deadline: .distantFuture)
            guard response.status == .ok else {
                var buffer = try await response.body.collect(upTo: 1 << 20)
                let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
                _ = try Self.decode(status: response.status, bytes: bytes, method: .GET, path: "/events")
                throw HostError(.unavailable, "GET /events answered \(response.status.code)")
            }
            var pending = ""
            for try await chunk in response.body {
                pending += String(buffer: chunk)
                while let range = pending.range(of: "\n\n") {
                    let block = String(pending[..<range.lowerBound])
                    pending = String(pending[range.upperBound...])
                    var event: String?
                    var data = ""
                    for line in block.split(separator: "\n") where !line.hasPrefix(":") {
                        if line.hasPrefix("event: ") { event = String(line.dropFirst(7)) }
                        if line.hasPrefix("data: ") { data += line.dropFirst(6) }
                    }
                    guard !data.isEmpty, let json = try? JSONParser.parse(data) else { continue }
                    if event == "close" { return (.closed(reason: json["reason"]?.stringValue), last) }
                    if let id = json["id"]?.intValue { last = Int64(id) }
                    guard try await handle(json) else { return (.stopped, last) }
                }
            }
            return (.closed(reason: nil), last)
        } catch let error as HostError {
            throw error
        } catch {
            throw HostError(.unavailable, "the event stream of \(apiRoot) failed: \(Self.describe(error))")
        }
    }
}

extension HostClient {
    /// `GET path` (for commands that do not speak NIO's HTTP types).
    @discardableResult
    public func get(_ path: String, query: [(String, String)] = []) async throws(HostError) -> JSONValue? {
        try await send(.GET, path, query: query)
    }

    /// `POST path` with a JSON body.
    @discardableResult
    public func post(_ path: String, json: JSONValue) async throws(HostError) -> JSONValue? {
        try await send(.POST, path, body: .json(json))
    }

    /// `DELETE path`.
    @discardableResult
    public func delete(_ path: String) async throws(HostError) -> JSONValue? {
        try await send(.DELETE, path)
    }
}
