public import NIOCore
import NIOPosix
import NIOSSL

/// An async Redis (RESP2) client over SwiftNIO, with what CAP's pointer store needs.
///
/// It connects on first use (and again after a lost connection), sends `AUTH` and `SELECT` from the
/// configuration, and pipelines concurrent commands on one connection.
public actor RedisClient {
    /// The configuration the client was created with.
    public nonisolated let configuration: RedisConfiguration
    private let eventLoopGroup: any EventLoopGroup
    private var channel: (any Channel)?
    private var connecting: Task<any Channel, any Error>?
    private var closed = false

    /// Creates a client on NIO's shared event loops.
    /// - Parameter configuration: Where and how to connect.
    public init(configuration: RedisConfiguration) {
        self.init(configuration: configuration, eventLoopGroup: MultiThreadedEventLoopGroup.singleton)
    }

    /// Creates a client.
    /// - Parameters:
    ///   - configuration: Where and how to connect.
    ///   - eventLoopGroup: The NIO event loops to use.
    public init(configuration: RedisConfiguration, eventLoopGroup: any EventLoopGroup) {
        self.configuration = configuration
        self.eventLoopGroup = eventLoopGroup
    }

    /// Connects now (otherwise the first command does).
    /// - Throws: ``RedisError`` (`connectionFailed`, `authenticationFailed`, `selectFailed`, `clientClosed`).
    public func connect() async throws {
        _ = try await connectedChannel()
    }

    /// Closes the connection; later commands throw ``RedisError/Code/clientClosed``.
    public func close() async {
        closed = true
        connecting?.cancel()
        if let channel { try? await channel.close() }
        channel = nil
    }

    /// Sends any command and returns the raw reply; an error reply throws ``RedisError/Code/serverError``.
    /// - Parameter arguments: The command name and its arguments, e.g. `["HGET", "h", "f"]`.
    public func send(_ arguments: [String]) async throws -> RESPValue {
        try await send(RESPCommand(arguments: arguments.map { Array($0.utf8) }))
    }

    func send(_ command: RESPCommand) async throws -> RESPValue {
        let channel = try await connectedChannel()
        let reply = try await Self.execute(command, on: channel)
        if case .error(let text) = reply {
            throw RedisError(.serverError, "Redis answered \(command.name) with: \(text)")
        }
        return reply
    }

    private static func execute(_ command: RESPCommand, on channel: any Channel) async throws -> RESPValue {
        let promise = channel.eventLoop.makePromise(of: RESPValue.self)
        channel.writeAndFlush((command, promise)).cascadeFailure(to: promise)
        do {
            return try await promise.futureResult.get()
        } catch let error as RedisError {
            throw error
        } catch {
            throw RedisError(.connectionLost, "The connection to the Redis server was lost.")
        }
    }

    private func connectedChannel() async throws -> any Channel {
        guard !closed else { throw RedisError(.clientClosed, "The Redis client is closed.") }
        if let channel, channel.isActive { return channel }
        channel = nil
        if let connecting { return try await connecting.value }
        let task = Task { try await self.openChannel() }
        connecting = task
        defer { connecting = nil }
        let opened = try await task.value
        if closed {
            try? await opened.close()
            throw RedisError(.clientClosed, "The Redis client is closed.")
        }
        channel = opened
        return opened
    }

    private func openChannel() async throws -> any Channel {
        let configuration = self.configuration
        let timeout = TimeAmount.milliseconds(
            configuration.connectTimeout.components.seconds * 1000
                + configuration.connectTimeout.components.attoseconds / 1_000_000_000_000_000
        )
        let tls: (context: NIOSSLContext, serverName: String?)?
        do throws(TLSSettings.Problem) {
            tls = try configuration.tls.map { settings throws(TLSSettings.Problem) in
                (try settings.makeContext(), settings.verifiedName(forHost: configuration.host))
            }
        } catch {
            throw RedisError(
                .tlsFailed,
                "TLS to the Redis server at \(configuration) cannot be set up: \(error.message)."
            )
        }
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: eventLoopGroup)
                .connectTimeout(timeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let tls {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: tls.context, serverHostname: tls.serverName)
                            )
                        }
                        try channel.pipeline.syncOperations.addHandlers(
                            ByteToMessageHandler(RESPDecoder()),
                            MessageToByteHandler(RESPCommandEncoder()),
                            RESPCommandHandler()
                        )
                    }
                }
                .connect(host: configuration.host, port: configuration.port).get()
        } catch {
            throw RedisError(.connectionFailed, "Could not connect to the Redis server at \(configuration).")
        }
        do {
            if let password = configuration.password {
                var arguments = [Array("AUTH".utf8)]
                if let user = configuration.user { arguments.append(Array(user.utf8)) }
                arguments.append(Array(password.utf8))
                let reply = try await Self.execute(RESPCommand(arguments: arguments), on: channel)
                if case .error = reply {
                    throw RedisError(
                        .authenticationFailed,
                        "The Redis server at \(configuration) rejected the password."
                    )
                }
            }
            if configuration.database != 0 {
                let reply = try await Self.execute(
                    RESPCommand("SELECT", Array(String(configuration.database).utf8)),
                    on: channel
                )
                if case .error = reply {
                    throw RedisError(
                        .selectFailed,
                        "The Redis server at \(configuration) refused database \(configuration.database)."
                    )
                }
            }
            // Surfaces NOAUTH when the server needs a password and none was configured.
            if case .error(let text) = try await Self.execute(RESPCommand("PING"), on: channel) {
                throw RedisError(
                    text.hasPrefix("NOAUTH") ? .authenticationFailed : .serverError,
                    "The Redis server at \(configuration) refused PING: \(text)"
                )
            }
        } catch let error as RedisError where tls != nil && error.code == .connectionLost {
            try? await channel.close()
            throw RedisError(
                .tlsFailed,
                "The TLS handshake with the Redis server at \(configuration) failed; check the CA, the server name and "
                    + "the client certificate."
            )
        } catch {
            try? await channel.close()
            throw error
        }
        return channel
    }
}
