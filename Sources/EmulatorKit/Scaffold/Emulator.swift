public import NIOSSL

/// A started ``EmulatorDefinition``: the server, the state, reset, stop, and the settings it publishes.
public final class Emulator<State: Sendable>: Sendable {
    /// The definition it runs.
    public let definition: EmulatorDefinition<State>
    /// The running server.
    public let server: EmulatorServer

    private init(definition: EmulatorDefinition<State>, server: EmulatorServer) {
        self.definition = definition
        self.server = server
    }

    /// Starts a definition on `host` and `port` (0 picks a free one); returns once it accepts connections.
    /// - Parameters:
    ///   - definition: The emulator.
    ///   - host: The address to bind.
    ///   - port: The port; 0 picks a free one.
    ///   - tls: Serve HTTPS with this configuration (the base URL is then `https://…`); default plain HTTP.
    /// - Throws: `EmulatorError.startFailed` when the address cannot be bound.
    public static func start(
        _ definition: EmulatorDefinition<State>,
        host: String = "127.0.0.1",
        port: Int = 0,
        tls: TLSConfiguration? = nil
    ) async throws -> Emulator {
        let server = try await EmulatorServer.start(
            EmulatorServer.Configuration(
                host: host,
                port: port,
                name: definition.name,
                logger: definition.logger,
                tls: tls
            ),
            pipeline: definition.makePipeline()
        )
        return Emulator(definition: definition, server: server)
    }

    /// The vendor state.
    public var state: State { definition.state }
    /// The base URL, e.g. `http://127.0.0.1:54321`.
    public var baseURL: String { server.baseURL }
    /// The active fault rules.
    public var faults: FaultInjector { server.faults }
    /// The requests received.
    public var requestLog: RequestLog { server.requestLog }
    /// The settings that point the pack's worker at this emulator.
    public var workerSettings: [String: String] { definition.workerSettings(baseURL) }

    /// Puts the state back to its seed and clears faults and the request log (as `POST /_emulator/reset`).
    /// - Throws: `EmulatorError.resetFailed` when the seed fails.
    public func reset() throws(EmulatorError) {
        try server.pipeline.reset()
    }

    /// Stops the server gracefully.
    public func stop() async {
        await server.stop()
    }

    /// The emulator as the tools see it (``RunningEmulator``).
    public var running: RunningEmulator {
        RunningEmulator(baseURL: baseURL, workerSettings: workerSettings, demo: definition.demo) { [self] in
            await self.stop()
        }
    }
}

extension EmulatorRegistration {
    /// A registration that starts the definition `define` makes (with its demo seed) on the port asked for.
    public static func seeded<State: Sendable>(
        packID: String,
        define: @escaping @Sendable () throws -> EmulatorDefinition<State>
    ) -> EmulatorRegistration {
        EmulatorRegistration(packID: packID) { port in
            try await Emulator.start(try define(), port: port).running
        }
    }
}
