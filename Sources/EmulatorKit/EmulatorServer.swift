import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
public import Logging
import NIOCore
public import NIOSSL
import ServiceLifecycle
import StructuredData
import Synchronization

/// A loopback HTTP server in front of an ``EmulatorPipeline``: starts on a given or ephemeral port, reports its
/// base URL, and stops gracefully.
public final class EmulatorServer: Sendable {
    /// Where and how to listen.
    public struct Configuration: Sendable {
        /// The address to bind (default `127.0.0.1`: loopback only).
        public var host: String
        /// The port; 0 picks a free one.
        public var port: Int
        /// The emulator's name (the `server` header, the logger label).
        public var name: String
        /// The largest request body accepted.
        public var maxBodyBytes: Int
        /// The logger for server events.
        public var logger: Logger
        /// Serve HTTPS with this server configuration (certificate chain and key; `nil`: plain HTTP), for vendors
        /// whose reference clients send credentials only over TLS (kubectl sends no bearer token to an `http://`
        /// server).
        public var tls: TLSConfiguration?

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            name: String = "emulator",
            maxBodyBytes: Int = 10 * 1024 * 1024,
            logger: Logger? = nil,
            tls: TLSConfiguration? = nil
        ) {
            self.host = host
            self.port = port
            self.name = name
            self.maxBodyBytes = maxBodyBytes
            self.logger = logger ?? Logger(label: "emulator.\(name)")
            self.tls = tls
        }
    }

    /// The base URL clients use, e.g. `http://127.0.0.1:54321` (no trailing slash).
    public let baseURL: String
    /// The bound port.
    public let port: Int
    /// The request pipeline (faults, request log, handler).
    public let pipeline: EmulatorPipeline
    private let group: ServiceGroup
    private let task: Mutex<Task<Void, Never>?>

    /// The active fault rules.
    public var faults: FaultInjector { pipeline.faults }
    /// The requests received.
    public var requestLog: RequestLog { pipeline.requestLog }

    private init(baseURL: String, port: Int, pipeline: EmulatorPipeline, group: ServiceGroup, task: Task<Void, Never>) {
        self.baseURL = baseURL
        self.port = port
        self.pipeline = pipeline
        self.group = group
        self.task = Mutex(task)
    }

    /// Starts a server for a handler, with default faults and request log.
    public static func start(
        _ configuration: Configuration = Configuration(),
        handler: @escaping EmulatorPipeline.Handler
    ) async throws -> EmulatorServer {
        try await start(configuration, pipeline: EmulatorPipeline(logger: configuration.logger, handler: handler))
    }

    /// Starts a server for a pipeline; returns once it accepts connections.
    /// - Throws: `EmulatorError.startFailed` when the address cannot be bound.
    public static func start(_ configuration: Configuration, pipeline: EmulatorPipeline) async throws -> EmulatorServer
    {
        let (ports, continuation) = AsyncStream<Result<Int, any Error>>.makeStream()
        let maxBody = configuration.maxBodyBytes
        let scheme = configuration.tls == nil ? "http" : "https"
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            try await Self.respond(to: request, pipeline: pipeline, maxBodyBytes: maxBody, scheme: scheme)
        }
        let server: HTTPServerBuilder = try configuration.tls.map { try .tls(tlsConfiguration: $0) } ?? .http1()
        let application = Application(
            responder: responder,
            server: server,
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: configuration.name
            ),
            onServerRunning: { channel in continuation.yield(.success(channel.localAddress?.port ?? 0)) },
            logger: configuration.logger
        )
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [application], logger: configuration.logger)
        )
        let task = Task {
            do {
                try await group.run()
                continuation.yield(.failure(EmulatorError.startFailed("the server stopped before it started")))
            } catch {
                continuation.yield(.failure(EmulatorError.startFailed(String(describing: error))))
            }
            continuation.finish()
        }
        for await result in ports {
            switch result {
            case .success(let port):
                let host = configuration.host.contains(":") ? "[\(configuration.host)]" : configuration.host
                return EmulatorServer(
                    baseURL: "\(configuration.tls == nil ? "http" : "https")://\(host):\(port)",
                    port: port,
                    pipeline: pipeline,
                    group: group,
                    task: task
                )
            case .failure(let error):
                throw error
            }
        }
        throw EmulatorError.startFailed("the server stopped before it started")
    }

    /// Stops accepting connections, lets requests in flight finish, and returns when the server is down.
    public func stop() async {
        guard
            let running = task.withLock({ task -> Task<Void, Never>? in
                defer { task = nil }
                return task
            })
        else { return }
        await group.triggerGracefulShutdown()
        await running.value
    }

    private static func respond(
        to request: Request,
        pipeline: EmulatorPipeline,
        maxBodyBytes: Int,
        scheme: String
    ) async throws -> Response {
        var headers: [String: String] = [:]
        for field in request.headers {
            let name = field.name.canonicalName
            headers[name] = headers[name].map { "\($0), \(field.value)" } ?? field.value
        }
        let authority = request.head.authority ?? headers["host"] ?? "127.0.0.1"
        let buffer = try await request.body.collect(upTo: maxBodyBytes)
        let emulatorRequest = EmulatorRequest(
            method: request.method.rawValue,
            target: request.head.path ?? "/",
            headers: headers,
            body: Array(buffer.readableBytesView),
            baseURL: "\(scheme)://\(authority)"
        )
        let answer = await pipeline.respond(to: emulatorRequest)
        var fields = HTTPFields()
        for (name, value) in answer.headers.sorted(by: { $0.key < $1.key }) {
            guard let fieldName = HTTPField.Name(name) else { continue }
            fields[fieldName] = value
        }
        let bodyless = answer.status == 204 || answer.status == 304 || request.method == .head
        return Response(
            status: HTTPResponse.Status(code: answer.status, reasonPhrase: HTTPStatusText.phrase(answer.status)),
            headers: fields,
            body: bodyless ? ResponseBody() : ResponseBody(byteBuffer: ByteBuffer(bytes: answer.body))
        )
    }
}
