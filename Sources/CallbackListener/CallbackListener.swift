import Foundation
public import Hummingbird
public import Logging
import NIOCore
public import StructuredData

/// One HTTP endpoint a vendor calls back on — a chat platform's button presses, a bot's activities — that hands
/// the request's headers (names lowercased) and raw body to a handler and answers with the handler's status and
/// JSON. The Slack interactivity listener and the Teams activity listener are this with their own path, server
/// name and handler; the handler verifies the caller (signatures, tokens), the listener only carries bytes.
///
/// Hummingbird (already serving the host's API) rather than a hand-written server; a module of its own because
/// WorkerKit, which every worker links, does not depend on Hummingbird.
public struct CallbackListener: Sendable {
    /// What the handler answers: the HTTP status and a JSON body.
    public struct Answer: Sendable, Hashable {
        /// The status code.
        public var status: Int
        /// The body, sent as `application/json`.
        public var body: JSONValue

        /// An answer.
        public init(status: Int, body: JSONValue) {
            self.status = status
            self.body = body
        }
    }

    /// Handles one call: the headers (names lowercased) and the body.
    public typealias Handler = @Sendable (_ headers: [String: String], _ body: [UInt8]) async -> Answer

    /// The path the vendor posts to.
    public let path: String
    /// The `Server` name the listener gives.
    public let serverName: String
    /// The largest body read; a larger one is refused before the handler sees it.
    public let maximumBodyBytes: Int
    let host: String
    let port: Int
    let logger: Logger
    let handle: Handler

    /// A listener.
    /// - Parameters:
    ///   - path: The path of the one `POST` endpoint.
    ///   - serverName: The `Server` name.
    ///   - maximumBodyBytes: The largest body read.
    ///   - host: The address to bind.
    ///   - port: The port (0: any free port).
    ///   - logger: The server's logger.
    ///   - handle: Checks and answers a call.
    public init(
        path: String,
        serverName: String,
        maximumBodyBytes: Int,
        host: String,
        port: Int,
        logger: Logger,
        handle: @escaping Handler
    ) {
        self.path = path
        self.serverName = serverName
        self.maximumBodyBytes = maximumBodyBytes
        self.host = host
        self.port = port
        self.logger = logger
        self.handle = handle
    }

    /// Parses a listen address: `HOST:PORT`, or `:PORT` for every interface.
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
        let handle = handle
        let limit = maximumBodyBytes
        router.post(RouterPath(stringLiteral: path)) { request, _ -> Response in
            let buffer = try await request.body.collect(upTo: limit)
            var headers: [String: String] = [:]
            for field in request.headers { headers[field.name.canonicalName] = field.value }
            let answer = await handle(headers, Array(buffer: buffer))
            return Response(
                status: HTTPResponse.Status(code: answer.status),
                headers: [.contentType: "application/json"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: JSONEncoding.compact(answer.body)))
            )
        }
        return Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: serverName),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) },
            logger: logger
        )
    }
}
