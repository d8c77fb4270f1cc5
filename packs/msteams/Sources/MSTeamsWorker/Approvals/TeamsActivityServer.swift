public import CallbackListener
import Foundation
public import Hummingbird
public import Logging

/// The HTTP listener the bot's messaging endpoint points at (Azure Bot resource → Configuration → Messaging
/// endpoint): `POST /api/messages` hands the `Authorization` header and the raw activity to
/// ``TeamsApprovalReceiver/handle(authorization:body:)`` and answers with its status and invoke response. Teams waits
/// about 5 seconds for an invoke response, so the host call is limited to ``HostApprovalDecider``'s timeout.
///
/// A ``CallbackListener`` with this path and receiver.
public struct TeamsActivityServer: Sendable {
    /// The path the Bot Framework posts activities to.
    public static let path = "/api/messages"
    /// The largest body read (activities are a few KiB).
    public static let maximumBodyBytes = 256 * 1024

    /// The listener.
    public let listener: CallbackListener

    /// A listener.
    /// - Parameters:
    ///   - receiver: Checks and decides the card actions.
    ///   - host: The address to bind.
    ///   - port: The port (0: any free port).
    ///   - logger: The server's logger.
    public init(receiver: TeamsApprovalReceiver, host: String, port: Int, logger: Logger) {
        listener = CallbackListener(
            path: Self.path,
            serverName: "cordum-msteams",
            maximumBodyBytes: Self.maximumBodyBytes,
            host: host,
            port: port,
            logger: logger
        ) { headers, body in
            let answer = await receiver.handle(authorization: headers["authorization"], body: body)
            return CallbackListener.Answer(status: answer.status, body: answer.body)
        }
    }

    /// Parses `CORDUM_MSTEAMS_BOT_ADDR` (`HOST:PORT`, or `:PORT` for every interface).
    /// - Returns: nil when `text` is not `HOST:PORT` with a port from 0 to 65535.
    public static func address(_ text: String) -> (host: String, port: Int)? { CallbackListener.address(text) }

    /// The Hummingbird application.
    /// - Parameter onServerRunning: called with the bound port once the listener accepts connections.
    public func makeApplication(
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        listener.makeApplication(onServerRunning: onServerRunning)
    }
}
