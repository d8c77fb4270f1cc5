public import CallbackListener
import Foundation
public import Hummingbird
public import Logging

/// The HTTP listener Slack's Interactivity request URL points at: `POST /slack/interactivity` hands the raw body and
/// the headers (names lowercased) to ``SlackApprovalReceiver/handle(headers:body:now:)`` and answers with its status
/// and JSON. Slack waits 3 seconds for an answer, so the host call it makes is limited to
/// ``HostApprovalDecider``'s timeout (2.5 s in the executable); the message is updated from the event stream anyway.
///
/// A ``CallbackListener`` with this path and receiver.
public struct SlackInteractivityServer: Sendable {
    /// The path Slack posts to.
    public static let path = "/slack/interactivity"
    /// The largest body read (Slack's payloads are a few KiB).
    public static let maximumBodyBytes = 256 * 1024

    /// The listener.
    public let listener: CallbackListener

    /// A listener.
    /// - Parameters:
    ///   - receiver: Checks and decides the button presses.
    ///   - host: The address to bind.
    ///   - port: The port (0: any free port).
    ///   - logger: The server's logger.
    public init(receiver: SlackApprovalReceiver, host: String, port: Int, logger: Logger) {
        listener = CallbackListener(
            path: Self.path,
            serverName: "cordum-slack",
            maximumBodyBytes: Self.maximumBodyBytes,
            host: host,
            port: port,
            logger: logger
        ) { headers, body in
            let answer = await receiver.handle(headers: headers, body: body, now: Date())
            return CallbackListener.Answer(status: answer.status, body: answer.body)
        }
    }

    /// Parses `CORDUM_SLACK_INTERACTIVITY_ADDR` (`HOST:PORT`, or `:PORT` for every interface).
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
