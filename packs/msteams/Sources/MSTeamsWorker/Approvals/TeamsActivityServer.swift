import Foundation
public import Hummingbird
public import Logging
import NIOCore
import StructuredData

/// The HTTP listener the bot's messaging endpoint points at (Azure Bot resource → Configuration → Messaging
/// endpoint): `POST /api/messages` hands the `Authorization` header and the raw activity to
/// ``TeamsApprovalReceiver/handle(authorization:body:)`` and answers with its status and invoke response. Teams waits
/// about 5 seconds for an invoke response, so the host call is limited to ``HostApprovalDecider``'s timeout.
///
/// Hummingbird (already serving the host's API) rather than a hand-written server.
public struct TeamsActivityServer: Sendable {
    /// The path the Bot Framework posts activities to.
    public static let path = "/api/messages"
    /// The largest body read (activities are a few KiB).
    public static let maximumBodyBytes = 256 * 1024

    let receiver: TeamsApprovalReceiver
    let host: String
    let port: Int
    let logger: Logger

    /// A listener.
    /// - Parameters:
    ///   - receiver: Checks and decides the card actions.
    ///   - host: The address to bind.
    ///   - port: The port (0: any free port).
    ///   - logger: The server's logger.
    public init(receiver: TeamsApprovalReceiver, host: String, port: Int, logger: Logger) {
        self.receiver = receiver
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// Parses `CORDUM_MSTEAMS_BOT_ADDR` (`HOST:PORT`, or `:PORT` for every interface).
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
            let answer = await receiver.handle(
                authorization: request.headers[.authorization],
                body: Array(buffer: buffer)
            )
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
                serverName: "cordum-msteams"
            ),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
