import CAP
import Foundation
import NIOCore
import NIOPosix
import ServerTesting
import Testing

#if canImport(Glibc)
    import Glibc
#endif

@Suite("NATS handshake timeout and keep-alive PINGs", .serialized, .timeLimit(.minutes(3)))
struct NATSKeepAliveTests {
    @Test(
        "a server that never finishes the handshake fails connect() with nats.timeout, naming the URL without credentials",
        arguments: [false, true]
    )
    func handshakeTimesOut(serverSendsInfo: Bool) async throws {
        let server = try await SilentServer.start(sendsInfo: serverSendsInfo)
        let clock = ManualClock()
        var configuration = try NATSConfiguration(url: "nats://alice:s3cret-pass@127.0.0.1:\(server.port)")
        configuration.handshakeTimeout = .seconds(3)
        let client = NATSClient(configuration: configuration, clock: clock)
        let attempt = Task { try await client.connect() }
        #expect(try await eventually { clock.sleeperCount == 1 })
        clock.advance(by: .seconds(2))
        try await Task.sleep(for: .milliseconds(50))
        #expect(await client.isConnected == false)
        clock.advance(by: .seconds(1))
        let error = await #expect(throws: NATSError.self) { try await attempt.value }
        #expect(error?.code == .timeout)
        #expect(error?.message.contains("127.0.0.1:\(server.port)") == true)
        #expect(error?.message.contains("handshake") == true)
        #expect(error?.message.contains("s3cret") == false)
        #expect(error?.message.contains("alice") == false)
        await server.stop()
    }

    @Test(
        "a server's Authentication Timeout is a timeout, and only an Authorization Violation a refusal of the credentials",
        arguments: [
            ("-ERR 'Authentication Timeout'", "nats.timeout"),
            ("-ERR 'Authorization Violation'", "nats.authorization_failed"),
        ]
    )
    func serverRefusals(line: String, code: String) async throws {
        let server = try await SilentServer.start(sendsInfo: true, answer: line)
        let client = NATSClient(
            configuration: try NATSConfiguration(url: "nats://alice:s3cret-pass@127.0.0.1:\(server.port)")
        )
        let error = await #expect(throws: NATSError.self) { try await client.connect() }
        #expect(error?.code.rawValue == code, "\(String(describing: error))")
        #expect(error?.message.contains("rejected the credentials") == (code == "nats.authorization_failed"))
        #expect(error?.message.contains("s3cret") == false)
        await client.close()
        await server.stop()
    }

    @Test("answered keep-alive PINGs keep the connection; flushes still pair with their PONGs")
    func answeredPingsKeepTheConnection() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        let clock = ManualClock()
        let client = try await connectedClient(server, clock: clock)
        for _ in 0..<5 {
            #expect(try await eventually { clock.sleeperCount == 1 })
            clock.advance(by: .seconds(10))
            #expect(try await eventually { await client.pingsOutstanding == 0 && clock.sleeperCount == 1 })
            try await client.flush(timeout: .seconds(2))
        }
        #expect(await client.staleConnectionCount == 0)
        #expect(await client.reconnectCount == 0)
        #expect(await client.isConnected)
        await client.close()
    }

    @Test("a server that stops answering is declared dead after maxPingsOutstanding PINGs and the client reconnects")
    func deadServerTriggersReconnect() async throws {
        let server = try await ServerProcess.nats()
        defer { server.stop() }
        let pid = try Self.pid(ofNATSServerOn: server.port)
        let clock = ManualClock()
        let client = try await connectedClient(server, clock: clock)
        let messages = try await client.subscribe(to: "keepalive.test")
        try await client.flush()

        kill(pid, SIGSTOP)
        var resumed = false
        defer { if !resumed { kill(pid, SIGCONT) } }
        for expected in 1...2 {
            #expect(try await eventually { clock.sleeperCount == 1 })
            clock.advance(by: .seconds(10))
            #expect(try await eventually { await client.pingsOutstanding == expected })
        }
        #expect(await client.staleConnectionCount == 0)
        #expect(try await eventually { clock.sleeperCount == 1 })
        clock.advance(by: .seconds(10))
        #expect(try await eventually { await client.staleConnectionCount == 1 })

        kill(pid, SIGCONT)
        resumed = true
        #expect(try await eventually(timeout: .seconds(10)) { await client.reconnectCount == 1 })
        #expect(await client.isConnected)
        #expect(await client.pingsOutstanding == 0)
        try await client.publish("keepalive.test", payload: [7])
        var iterator = messages.makeAsyncIterator()
        let message = try #require(try await iterator.next())
        #expect(message.payload == [7])
        await client.close()
    }

    private func connectedClient(_ server: ServerProcess, clock: ManualClock) async throws -> NATSClient {
        var configuration = try NATSConfiguration(url: "nats://127.0.0.1:\(server.port)")
        configuration.pingInterval = .seconds(10)
        configuration.maxPingsOutstanding = 2
        configuration.reconnect.initialDelay = .milliseconds(20)
        configuration.reconnect.maxDelay = .milliseconds(100)
        let client = NATSClient(configuration: configuration, clock: clock)
        try await client.connect()
        return client
    }

    /// The pid of the nats-server this test started on `port` (its command line names the port).
    private static func pid(ofNATSServerOn port: Int) throws -> pid_t {
        let output = try CapturedRun.run("/usr/bin/pgrep", ["-f", "nats-server -a 127.0.0.1 -p \(port)"])
        let text = String(decoding: output.stdout, as: UTF8.self)
        let pids = text.split(whereSeparator: \.isNewline).compactMap { pid_t($0) }
        return try #require(pids.count == 1 ? pids.first : nil, "expected one nats-server on port \(port): \(text)")
    }
}

/// A TCP server that accepts connections and never completes a NATS handshake: it sends nothing, or only `INFO`.
final class SilentServer: Sendable {
    let port: Int
    private let channel: any Channel

    private init(channel: any Channel) {
        self.channel = channel
        self.port = channel.localAddress?.port ?? 0
    }

    /// - Parameter answer: a line the server sends back to the client's first bytes (its CONNECT), if any.
    static func start(sendsInfo: Bool, answer: String? = nil) async throws -> SilentServer {
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Handler(sendsInfo: sendsInfo, answer: answer))
                }
            }
            .bind(host: "127.0.0.1", port: 0).get()
        return SilentServer(channel: channel)
    }

    func stop() async { try? await channel.close() }

    private final class Handler: ChannelInboundHandler, Sendable {
        typealias InboundIn = ByteBuffer
        typealias OutboundOut = ByteBuffer
        let sendsInfo: Bool
        let answer: String?
        init(sendsInfo: Bool, answer: String?) {
            self.sendsInfo = sendsInfo
            self.answer = answer
        }

        func channelActive(context: ChannelHandlerContext) {
            guard sendsInfo else { return }
            let info = "INFO {\"server_id\":\"silent\",\"version\":\"2.10.0\",\"max_payload\":1048576}\r\n"
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: info)), promise: nil)
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            guard let answer else { return }
            context.writeAndFlush(NIOAny(context.channel.allocator.buffer(string: answer + "\r\n")), promise: nil)
        }
    }
}
