public import CAP

/// How a worker (or the host) closes its connections to the bus beyond what the URLs say: TLS for NATS and Redis,
/// NATS credentials, and the keys of CAP packet signatures. Read it from the environment with
/// ``init(environment:secrets:)``; the default is what Cordum does (no TLS unless the URL or server asks, the URL's
/// credentials, unsigned packets).
public struct BusSecurity: Sendable {
    /// TLS to NATS; also turned on by a `tls://` URL or a server that requires it.
    public var natsTLS: TLSSettings?
    /// NATS credentials that replace those of the URL (token, user and password, NKey, `.creds`).
    public var natsAuthentication: NATSAuthentication?
    /// TLS to Redis; also turned on by a `rediss://` URL.
    public var redisTLS: TLSSettings?
    /// Keys that sign published packets and verify received ones.
    public var packetKeys: PacketKeys

    /// Cordum's defaults: nothing beyond the URLs, unsigned packets.
    public init(
        natsTLS: TLSSettings? = nil,
        natsAuthentication: NATSAuthentication? = nil,
        redisTLS: TLSSettings? = nil,
        packetKeys: PacketKeys = PacketKeys()
    ) {
        self.natsTLS = natsTLS
        self.natsAuthentication = natsAuthentication
        self.redisTLS = redisTLS
        self.packetKeys = packetKeys
    }

    /// The NATS configuration of `url` with these settings applied.
    /// - Throws: ``NATSError`` `invalidURL`.
    public func natsConfiguration(url: String) throws -> NATSConfiguration {
        var configuration = try NATSConfiguration(url: url)
        if let natsTLS { configuration.tls = natsTLS }
        if let natsAuthentication { configuration.authentication = natsAuthentication }
        return configuration
    }

    /// The Redis configuration of `url` with these settings applied.
    /// - Throws: ``RedisError`` `invalidURL`.
    public func redisConfiguration(url: String) throws -> RedisConfiguration {
        var configuration = try RedisConfiguration(url: url)
        if let redisTLS { configuration.tls = redisTLS }
        return configuration
    }
}
