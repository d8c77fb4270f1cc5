import CAP
import HTTPTypes
import Hummingbird
import HummingbirdWebSocket
import NIOWebSocket
import ServiceLifecycle
import SwiftProtobuf

extension HostAPI {
    /// `GET /stream`: a WebSocket of protojson CAP `BusPacket`s, as Cordum's gateway streams its bus taps to its
    /// dashboard (docs/events.md). Admin keys only, as upstream; the key comes in `X-API-Key` or, from a browser,
    /// in the `cordum-api-key` subprotocol, and the tenant in `X-Tenant-ID` or `?tenant=`. Events are the caller
    /// tenant's; a client that falls more than the event buffer behind is closed (1008, `slow_consumer`).
    func addStreamRoute(to api: RouterGroup<HostRequestContext>) {
        api.ws(
            "stream",
            shouldUpgrade: { request, context in
                try context.caller().requireAdmin("streaming bus packets (GET /api/v1/stream)")
                var headers = HTTPFields()
                if APIAuthMiddleware.webSocketKey(request.headers) != nil {
                    headers[.secWebSocketProtocol] = APIAuthMiddleware.webSocketKeyProtocol
                }
                return .upgrade(headers)
            },
            onUpgrade: { inbound, outbound, context in
                let caller = try context.requestContext.caller()
                let feed = try await services.events.subscribe(
                    try EventFilter(tenantID: caller.tenant),
                    after: nil,
                    capacity: limits.eventBuffer
                )
                try await withGracefulShutdownHandler {
                    try await withThrowingTaskGroup(of: Void.self) { group in
                        // The client's frames are read (and dropped) so a close from it ends the stream.
                        group.addTask {
                            for try await _ in inbound {}
                            feed.cancel()
                        }
                        group.addTask {
                            while let event = try await feed.next() {
                                guard let packet = event.busPacket else { continue }
                                try await outbound.write(.text(try packet.jsonString()))
                            }
                            if let reason = feed.closeReason {
                                try await outbound.close(.policyViolation, reason: reason.rawValue)
                            }
                        }
                        try await group.next()
                        group.cancelAll()
                    }
                } onGracefulShutdown: {
                    feed.cancel()
                }
            }
        )
    }
}
