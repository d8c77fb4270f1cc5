import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization
import WorkerKit

/// What the stream server sends: a status, headers, chunks written one by one, then the end or nothing (the
/// connection stays open, as a followed log does).
struct StreamScript: Sendable {
    var status: HTTPResponseStatus = .ok
    var headers: [(String, String)] = []
    var chunks: [String] = []
    var ends = true
}

/// A loopback HTTP/1.1 server answering every request with a chunked, possibly endless body, and noting when a
/// client closes its connection.
final class TestStreamServer: Sendable {
    let port: Int
    private let channel: any Channel
    private let events: Events

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var requests: [String] { events.state.withLock { $0.uris } }
    var closedConnections: Int { events.state.withLock { $0.closed } }

    private init(channel: any Channel, port: Int, events: Events) {
        self.channel = channel
        self.port = port
        self.events = events
    }

    static func start(_ script: @escaping @Sendable (_ uri: String) -> StreamScript) async throws -> TestStreamServer {
        let events = Events()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(Handler(events: events, script: script))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return TestStreamServer(channel: channel, port: channel.localAddress?.port ?? 0, events: events)
    }

    func stop() async {
        try? await channel.close()
    }

    /// Waits (generously) until `count` connections were closed; returns whether they were.
    func waitForClosedConnections(_ count: Int = 1) async -> Bool {
        for _ in 0..<3000 {
            if closedConnections >= count { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    private final class Events: Sendable {
        let state = Mutex<(uris: [String], closed: Int)>(([], 0))
    }

    private final class Handler: ChannelInboundHandler {
        typealias InboundIn = HTTPServerRequestPart
        typealias OutboundOut = HTTPServerResponsePart

        let events: Events
        let script: @Sendable (String) -> StreamScript

        init(events: Events, script: @escaping @Sendable (String) -> StreamScript) {
            self.events = events
            self.script = script
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard case .head(let head) = unwrapInboundIn(data) else { return }
            events.state.withLock { $0.uris.append(head.uri) }
            let answer = script(head.uri)
            var headers = HTTPHeaders(answer.headers)
            headers.replaceOrAdd(name: "Transfer-Encoding", value: "chunked")
            context.write(
                wrapOutboundOut(.head(HTTPResponseHead(version: .http1_1, status: answer.status, headers: headers))),
                promise: nil
            )
            context.flush()
            let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
            for (index, chunk) in answer.chunks.enumerated() {
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(index) * 20)) {
                    let (handler, context) = loopBound.value
                    guard context.channel.isActive else { return }
                    context.writeAndFlush(handler.wrapOutboundOut(.body(.byteBuffer(ByteBuffer(string: chunk)))))
                        .whenFailure { _ in }
                }
            }
            if answer.ends {
                context.eventLoop.scheduleTask(in: .milliseconds(Int64(answer.chunks.count) * 20)) {
                    let (handler, context) = loopBound.value
                    guard context.channel.isActive else { return }
                    context.writeAndFlush(handler.wrapOutboundOut(.end(nil)), promise: nil)
                }
            }
        }

        func channelInactive(context: ChannelHandlerContext) {
            events.state.withLock { $0.closed += 1 }
            context.fireChannelInactive()
        }
    }
}

/// A retry clock whose sleeps wait until the test opens the gate (or the sleeping task is cancelled), so a time
/// limit fires exactly when the test says.
final class GatedClock: Sendable {
    private let state = Mutex<(open: Bool, next: Int, waiters: [Int: CheckedContinuation<Void, any Error>])>(
        (false, 0, [:])
    )

    var clock: RetryClock {
        RetryClock(now: { .zero }, sleep: { _ in try await self.wait() })
    }

    /// Ends every sleep, now and later.
    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [:] }
            return Array(state.waiters.values)
        }
        for waiter in waiters { waiter.resume() }
    }

    private func wait() async throws {
        let id = state.withLock { state in
            state.next += 1
            return state.next
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resume: Result<Void, any Error>? = state.withLock { state in
                    if state.open { return .success(()) }
                    if Task.isCancelled { return .failure(CancellationError()) }
                    state.waiters[id] = continuation
                    return nil
                }
                if let resume { continuation.resume(with: resume) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
            waiter?.resume(throwing: CancellationError())
        }
    }
}
