public import Logging
import NIOCore
import NIOHTTP1
import NIOPosix
public import ServiceLifecycle
import Synchronization

/// A tiny HTTP/1.1 server for Prometheus: `GET /metrics` (or `HEAD`) answers the ``PrometheusExporter``'s text
/// exposition; every other path is 404 and every other method 405. Each answer closes its connection.
///
/// ``Worker/run(configuration:logger:exporter:)`` starts one on `CORDUM_METRICS_ADDR` when it is set. As a
/// swift-service-lifecycle `Service`, ``run()`` serves until graceful shutdown or cancellation.
public final class MetricsHTTPServer: Service, Sendable {
    /// What is served.
    public let exporter: PrometheusExporter
    /// The address to bind.
    public let host: String
    /// The port to bind; 0 picks a free one (see ``start()``).
    public let port: Int
    private let logger: Logger
    private let channel = Mutex<(any Channel)?>(nil)

    /// A server on `host:port`.
    public init(exporter: PrometheusExporter, host: String, port: Int, logger: Logger = Logger(label: "cordum.metrics"))
    {
        self.exporter = exporter
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// A server on `address` (`host:port`, or `:port` for every interface).
    /// - Throws: ``ConfigurationError`` naming `CORDUM_METRICS_ADDR` when the address is not of that form.
    public convenience init(
        exporter: PrometheusExporter,
        address: String,
        logger: Logger = Logger(label: "cordum.metrics")
    ) throws(ConfigurationError) {
        guard let (host, port) = Self.listenAddress(address) else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: "CORDUM_METRICS_ADDR",
                message: "CORDUM_METRICS_ADDR \"\(address)\" must be host:port or :port with a port in 1-65535."
            )
        }
        self.init(exporter: exporter, host: host, port: port, logger: logger)
    }

    /// `host:port` or `:port` (every interface, `0.0.0.0`) as host and port; `nil` when malformed.
    public static func listenAddress(_ text: String) -> (host: String, port: Int)? {
        guard let colon = text.lastIndex(of: ":") else { return nil }
        var host = String(text[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard let port = Int(text[text.index(after: colon)...]), (1...65_535).contains(port),
            !host.contains(where: \.isWhitespace)
        else { return nil }
        return (host.isEmpty ? "0.0.0.0" : host, port)
    }

    /// Binds and starts serving; returns the bound port. Idempotent.
    @discardableResult
    public func start() async throws -> Int {
        if let bound = channel.withLock({ $0 }) { return bound.localAddress?.port ?? port }
        let exporter = self.exporter
        let bound = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsRequestHandler(exporter: exporter))
                }
            }
            .bind(host: host, port: port).get()
        channel.withLock { $0 = bound }
        let boundPort = bound.localAddress?.port ?? port
        logger.info("Serving /metrics.", metadata: ["address": "\(host):\(boundPort)"])
        return boundPort
    }

    /// Stops serving. Idempotent.
    public func stop() async {
        let bound = channel.withLock { channel -> (any Channel)? in
            defer { channel = nil }
            return channel
        }
        try? await bound?.close()
    }

    /// Serves until graceful shutdown or cancellation.
    public func run() async throws {
        try await start()
        try? await gracefulShutdown()
        await stop()
    }
}

/// Answers one request per connection.
private final class MetricsRequestHandler: ChannelInboundHandler, Sendable {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    let exporter: PrometheusExporter
    init(exporter: PrometheusExporter) { self.exporter = exporter }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let path = head.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? head.uri
        let status: HTTPResponseStatus
        var body = ""
        var contentType = "text/plain; charset=utf-8"
        if path != "/metrics" {
            status = .notFound
            body = "Not found: only /metrics is served.\n"
        } else if head.method != .GET && head.method != .HEAD {
            status = .methodNotAllowed
            body = "Only GET and HEAD are allowed.\n"
        } else {
            status = .ok
            body = exporter.render()
            contentType = PrometheusExporter.contentType
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: contentType)
        headers.add(name: "Content-Length", value: String(body.utf8.count))
        headers.add(name: "Connection", value: "close")
        if status == .methodNotAllowed { headers.add(name: "Allow", value: "GET, HEAD") }
        context.write(
            wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))),
            promise: nil
        )
        if head.method != .HEAD {
            context.write(
                wrapOutboundOut(.body(.byteBuffer(context.channel.allocator.buffer(string: body)))),
                promise: nil
            )
        }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in channel.close(promise: nil) }
    }
}
