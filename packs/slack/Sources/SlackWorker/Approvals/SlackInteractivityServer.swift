import Foundation
public import Hummingbird
public import Logging
import NIOCore
import StructuredData

/// The HTTP listener Slack's Interactivity request URL points at: `POST /slack/interactivity` hands the raw body and
/// the headers (names lowercased) to ``SlackApprovalReceiver/handle(headers:body:now:)`` and answers with its status
/// and JSON. Slack waits 3 seconds for an answer, so the host call it makes is limited to
/// ``HostApprovalDecider``'s timeout (2.5 s in the executable); the message is updated from the event stream anyway.
///
/// Hummingbird (already serving the host's API) rather than a hand-written server.
public struct SlackInteractivityServer: Sendable {
    /// The path Slack posts to.
    public static let path = "/slack/interactivity"
    /// The largest body read (Slack's payloads are a few KiB).
    public static let maximumBodyBytes = 256 * 1024

    let receiver: SlackApprovalReceiver
    let host: String
    let port: Int
    let logger: Logger

    /// A listener.
    /// - Parameters:
    ///   - receiver: Checks and decides the button presses.
    ///   - host: The address to bind.
    ///   - port: The port (0: any free port).
    ///   - logger: The server's logger.
    public init(receiver: SlackApprovalReceiver, host: String, port: Int, logger: Logger) {
        self.receiver = receiver
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Parses `CORDUM_SLACK_INTERACTIVITY_ADDR` (`HOST:PORT`, or `:PORT` for every interface).
    /// - Returns: nil when `text` is not `HOST:PORT` with a port from 0 to 65535.
    public static func address(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":"), let port = Int(text[text.index(after: colon)...]),
            (0...65_535).contains(port)
        else { return nil }
        let host = String(text[..<colon])
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    /// The Hummingbird application.
    /// - Parameter onServerRunning: called with the bound port once the listener accepts connections.
    public func makeApplication(
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let router = Router()
        let receiver = receiver
        router.post(RouterPath(stringLiteral: Self.path)) { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: Self.maximumBodyBytes)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let answer = await receiver.handle(headers: headers, body: Array(buffer: buffer), now: Date())
            return Response(
                status: HTTPResponse.Status(code: answer.status),
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: JSONEncoding.compact(answer.body)))
            )
        }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(
                address: .hostname(host, port: port),
                serverName: "cordum-slack"
            ),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
