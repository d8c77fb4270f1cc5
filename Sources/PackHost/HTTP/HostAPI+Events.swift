import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import ServiceLifecycle
import StructuredData

extension HostAPI {
    /// `Last-Event-ID`, which an SSE client sends when it reconnects.
    static let lastEventIDHeader = HTTPField.Name("Last-Event-ID")!

    /// How often an idle event stream is written a comment line, so proxies keep it open and a gone client is
    /// noticed.
    static let keepAliveInterval: Duration = .seconds(15)

    /// `GET /events`: the tenant's host events as Server-Sent Events (docs/events.md).
    func addEventRoutes(to api: RouterGroup<HostRequestContext>) {
        api.get("events") { request, context -> Response in
            let caller = try context.caller()
            let query = QueryParameters(request)
            let types = (query.string("type") ?? query.string("types") ?? "")
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let filter = try EventFilter(
                tenantID: caller.tenant,
                types: types,
                workflowID: query.string("workflow_id"),
                packID: query.string("pack_id")
            )
            let lastID = try Self.lastEventID(request, query: query)
            let feed = try await services.events.subscribe(filter, after: lastID, capacity: limits.eventBuffer)
            var headers = HTTPFields()
            headers[.contentType] = "text/event-stream"
            headers[.cacheControl] = "no-cache"
            return Response(status: .ok, headers: headers, body: Self.eventStreamBody(feed))
        }
    }

    /// The id to resume after: `Last-Event-ID`, else `?last_event_id=`; nil for live events only.
    static func lastEventID(_ request: Request, query: QueryParameters) throws(HostError) -> Int64? {
        guard let text = request.headers[lastEventIDHeader] ?? query.string("last_event_id") else { return nil }
        guard let id = Int64(text.trimmingCharacters(in: .whitespaces)), id >= 0 else {
            throw HostError(
                .invalidArgument,
                "Last-Event-ID must be the id of an event received (a whole number of 0 or more), not \"\(text)\""
            )
        }
        return id
    }

    /// Writes the feed as SSE until the client goes away or is cut off; a cut-off ends with an `event: close`
    /// naming the reason and the last id sent.
    static func eventStreamBody(_ feed: EventFeed) -> ResponseBody {
        ResponseBody { writer in
            let ticker = Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: keepAliveInterval)
                    feed.keepAlive()
                }
            }
            defer {
                ticker.cancel()
                feed.cancel()
            }
            try await writer.write(ByteBuffer(string: ": cordum host events\n\n"))
            var last: Int64 = 0
            // A shutting-down server ends its streams rather than waiting for their clients to leave.
            try await withGracefulShutdownHandler {
                while let event = try await feed.next() {
                    if event.isKeepAlive {
                        try await writer.write(ByteBuffer(string: ": keep-alive\n\n"))
                        continue
                    }
                    try await writer.write(ByteBuffer(string: event.serverSentEvent))
                    last = event.id
                }
            } onGracefulShutdown: {
                feed.cancel()
            }
            if let reason = feed.closeReason {
                let close: JSONValue = [
                    "reason": .string(reason.rawValue),
                    "message": "the consumer fell too far behind and was cut off; reconnect with Last-Event-ID",
                    "last_event_id": .integer(Int(last)),
                ]
                try await writer.write(ByteBuffer(string: "event: close\ndata: \(JSONEncoding.compact(close))\n\n"))
            }
            try await writer.finish(nil)
        }
    }
}
