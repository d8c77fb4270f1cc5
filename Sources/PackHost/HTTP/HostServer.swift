import Foundation
public import Hummingbird
public import Logging
import NIOCore

/// `packctl serve`: the host API on HTTP. It loads (or, on first start, creates) the API keys, recovers
/// unfinished runs and jobs, starts the scheduler's ticks, serves until SIGTERM/SIGINT (or until its task
/// is cancelled), then stops accepting requests, lets in-flight ones finish and shuts the host down.
public struct HostServer: Sendable {
    /// Server options.
    public struct Configuration: Sendable {
        /// The address to listen on (default `127.0.0.1`; the API is meant to stay on loopback unless fronted).
        public var host: String
        /// The port (default 8081; 0 picks a free one, reported to `onServerRunning`).
        public var port: Int
        /// Body size limits.
        public var limits: HostAPI.Limits
        /// How often the host ticks (timers, expiries, leases).
        public var tickInterval: Duration
        /// The API key file; default `<data dir>/api-keys.json`.
        public var apiKeysPath: String?

        /// Creates options.
        public init(
            host: String = "127.0.0.1",
            port: Int = 8081,
            limits: HostAPI.Limits = HostAPI.Limits(),
            tickInterval: Duration = .milliseconds(200),
            apiKeysPath: String? = nil
        ) {
            self.host = host
            self.port = port
            self.limits = limits
            self.tickInterval = tickInterval
            self.apiKeysPath = apiKeysPath
        }
    }

    /// The stores and the host.
    public let services: HostServices
    /// Server options.
    public let configuration: Configuration
    /// The server's logger.
    public let logger: Logger
    /// The bus `GET /status` reports (the CAP bridge when there is one).
    public let bus: (any BusStatusSource)?

    /// Creates a server on `services`.
    public init(
        services: HostServices,
        configuration: Configuration = Configuration(),
        logger: Logger = Logger(label: "cordum.host.server"),
        bus: (any BusStatusSource)? = nil
    ) {
        self.services = services
        self.configuration = configuration
        self.logger = logger
        self.bus = bus
    }

    /// The API keys: the configured file, or `<data dir>/api-keys.json`, created with one admin key when absent.
    /// - Returns: the keys, and the new key in clear text when one was created.
    public func loadKeys() throws(HostError) -> (store: APIKeyStore, createdKey: String?) {
        if let path = configuration.apiKeysPath {
            return (try APIKeyStore.load(path: path), nil)
        }
        return try APIKeyStore.loadOrCreate(dataDirectory: services.paths.dataDirectory)
    }

    /// The Hummingbird application serving the API with `keys`.
    public func makeApplication(
        keys: APIKeyStore,
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let api = HostAPI(services: services, keys: keys, limits: configuration.limits, logger: logger, bus: bus)
        return api.makeApplication(
            configuration: ApplicationConfiguration(
                address: .hostname(configuration.host, port: configuration.port),
                serverName: "cordum-host"
            ),
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? 0) }
        )
    }

    /// Signs a checkpoint of the audit log's final head.
    private func checkpointAtShutdown() {
        do {
            try services.checkpointer.checkpointNow(services.database, clock: services.clock)
        } catch {
            logger.error("the audit checkpoint at shutdown failed", metadata: ["error": "\(error)"])
        }
    }

    /// Serves until a shutdown signal or cancellation.
    /// - Parameters:
    ///   - announceKey: called once with a newly created admin key (default: printed to standard output;
    ///     the key is never logged).
    ///   - onServerRunning: called with the bound port once the server accepts connections.
    public func run(
        announceKey: @Sendable (String) -> Void = { key in
            print("created an admin API key (shown once, stored hashed): \(key)")
        },
        onServerRunning: @escaping @Sendable (_ port: Int) async -> Void = { _ in }
    ) async throws {
        let (keys, created) = try loadKeys()
        if let created { announceKey(created) }
        try await services.host.recover()
        await services.host.startTicking(every: configuration.tickInterval)
        logger.info(
            "host API starting",
            metadata: ["host": "\(configuration.host)", "port": "\(configuration.port)", "keys": "\(keys.keys.count)"]
        )
        let checkpoints = Task { [services, logger] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(1))
                do {
                    try services.checkpointer.checkpointIfDue(services.database, clock: services.clock)
                } catch {
                    logger.error("the audit checkpoint failed", metadata: ["error": "\(error)"])
                }
            }
        }
        let deliveries = Task { [services] in await services.subscriptions.run(every: .seconds(1)) }
        defer {
            checkpoints.cancel()
            deliveries.cancel()
        }
        do {
            try await makeApplication(keys: keys, onServerRunning: onServerRunning).runService()
        } catch {
            await services.host.shutdown()
            checkpointAtShutdown()
            throw error
        }
        await services.host.shutdown()
        checkpointAtShutdown()
        logger.info("host API stopped")
    }
}
