import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import Synchronization

/// A request the test server received.
struct ReceivedRequest: Sendable {
    var method: HTTPMethod
    var uri: String
    var headers: HTTPHeaders
    var body: [UInt8]
}

/// What the test server answers; `delay` holds the answer back (timeouts).
struct ScriptedResponse: Sendable {
    var status: HTTPResponseStatus = .ok
    var headers: [(String, String)] = []
    var body: String = ""
    var delay: TimeAmount = .zero
}

/// A tiny HTTP/1.1 server on 127.0.0.1 and a free port, answering each request with `respond(request, index)`.
final class TestHTTPServer: Sendable {
    typealias Responder = @Sendable (_ request: ReceivedRequest, _ index: Int) -> ScriptedResponse

    let port: Int
    /// `https` when the server was started with a TLS configuration.
    let scheme: String
    private let channel: any Channel
    private let received: Mutex<[ReceivedRequest]>

    var requests: [ReceivedRequest] { received.withLock { $0 } }
    var baseURL: String { "\(scheme)://127.0.0.1:\(port)" }

    private init(channel: any Channel, port: Int, scheme: String) {
        self.channel = channel
        self.port = port
        self.scheme = scheme
        self.received = Mutex([])
    }

    /// Starts a server; with `tls` it speaks HTTPS (a client certificate is required when `tls` says so).
    static func start(tls: TLSConfiguration? = nil, _ respond: @escaping Responder) async throws -> TestHTTPServer {
        let log = Log()
        let context = try tls.map { try NIOSSLContext(configuration: $0) }
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let context {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: context))
                    }
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(log: log, respond: respond))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        let server = TestHTTPServer(
            channel: channel,
            port: channel.localAddress?.port ?? 0,
            scheme: tls == nil ? "http" : "https"
        )
        log.server.withLock { $0 = server }
        return server
    }

    func stop() async {
        try? await channel.close()
    }

    fileprivate func record(_ request: ReceivedRequest) -> Int {
        received.withLock {
            $0.append(request)
            return $0.count - 1
        }
    }

    private final class Log: Sendable {
        let server = Mutex<TestHTTPServer?>(nil)
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let log: Log
        let respond: Responder
        var head: HTTPRequestHead?
        var body: [UInt8] = []

        init(log: Log, respond: @escaping Responder) {
            self.log = log
            self.respond = respond
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            switch unwrapInboundIn(data) {
            case .head(let head):
                self.head = head
                body = []
            case .body(let buffer):
                body += Array(buffer: buffer)
            case .end:
                guard let head else { return }
                let request = ReceivedRequest(method: head.method, uri: head.uri, headers: head.headers, body: body)
                let index = log.server.withLock { $0 }?.record(request) ?? 0
                let response = respond(request, index)
                let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
                let write: @Sendable () -> Void = {
                    let (handler, context) = loopBound.value
                    handler.write(response, keepAlive: head.isKeepAlive, context: context)
                }
                if response.delay == .zero {
                    write()
                } else {
                    context.eventLoop.scheduleTask(in: response.delay, write)
                }
            }
        }

        private func write(_ response: ScriptedResponse, keepAlive: Bool, context: ChannelHandlerContext) {
            guard context.channel.isActive else { return }
            var headers = HTTPHeaders(response.headers)
            headers.replaceOrAdd(name: "Content-Length", value: String(response.body.utf8.count))
            if !keepAlive { headers.replaceOrAdd(name: "Connection", value: "close") }
            let head = HTTPResponseHead(version: .http1_1, status: response.status, headers: headers)
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: response.body)))), promise: nil)
            let channel = context.channel
            context.writeAndFlush(wrapOutboundOut(.end(nil))).whenComplete { _ in
                if !keepAlive { channel.close(promise: nil) }
            }
        }
    }
}
