/// How the NATS client authenticates; ``description`` never shows a secret.
public enum NATSAuthentication: Sendable, Hashable, CustomStringConvertible {
    /// No credentials.
    case none
    /// A token (`nats://token@host`).
    case token(String)
    /// A user and password (`nats://user:password@host`).
    case userPassword(user: String, password: String)
    /// An NKey: the seed (`SU…`) signs the server's nonce; the server knows the user by the public key.
    case nkey(seed: String)
    /// A user JWT and the seed of its NKey, as in a `.creds` file.
    case credentials(jwt: String, seed: String)

    /// The kind of credentials, without them.
    public var description: String {
        switch self {
        case .none: "none"
        case .token: "token(***)"
        case .userPassword(let user, _): "user(\(user), ***)"
        case .nkey: "nkey(***)"
        case .credentials: "credentials(***)"
        }
    }

    /// The secret values, so that a server's error text can be checked for them.
    var secrets: [String] {
        switch self {
        case .none: []
        case .token(let token): [token]
        case .userPassword(_, let password): [password]
        case .nkey(let seed): [seed]
        case .credentials(let jwt, let seed): [jwt, seed]
        }
    }
}

/// Reconnect behaviour: exponential backoff with jitter between attempts.
public struct NATSReconnectPolicy: Sendable, Hashable {
    /// Whether the client reconnects at all after losing an established connection.
    public var enabled: Bool
    /// Attempts before giving up; `nil` retries forever (Cordum's own setting).
    public var maxAttempts: Int?
    /// The delay before the second attempt (the first is immediate).
    public var initialDelay: Duration
    /// The largest delay between attempts.
    public var maxDelay: Duration
    /// A fraction (0…1) of each delay that is randomised, so that many clients do not reconnect in step.
    public var jitter: Double

    /// Creates a policy.
    /// - Parameters:
    ///   - enabled: Whether to reconnect.
    ///   - maxAttempts: Attempts before giving up, or `nil` for no limit.
    ///   - initialDelay: The delay before the second attempt.
    ///   - maxDelay: The delay cap.
    ///   - jitter: The randomised fraction of each delay.
    public init(
        enabled: Bool = true,
        maxAttempts: Int? = nil,
        initialDelay: Duration = .milliseconds(100),
        maxDelay: Duration = .seconds(2),
        jitter: Double = 0.2
    ) {
        self.enabled = enabled
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
    }

    /// The delay before attempt number `attempt` (1-based): 0, then `initialDelay` doubling up to `maxDelay`,
    /// each reduced by up to `jitter` of itself according to `random` (a value in 0..<1).
    public func delay(beforeAttempt attempt: Int, random: Double) -> Duration {
        guard attempt > 1 else { return .zero }
        let exponent = min(attempt - 2, 30)
        let base = min(initialDelay * (1 << exponent), maxDelay)
        let factor = 1 - jitter * min(max(random, 0), 1)
        return base * factor
    }
}

/// What happens when a subscription's buffer is full because its consumer is too slow.
public enum NATSSlowConsumerPolicy: Sendable, Hashable {
    /// Drop the new message and count it in ``NATSSubscription/droppedMessages``; the subscription goes on.
    case dropNewest
    /// End the subscription's sequence with ``NATSError/Code/slowConsumer`` and unsubscribe.
    case fail
}

/// Everything the NATS client needs to connect; build it from a URL and adjust the defaults.
public struct NATSConfiguration: Sendable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The server's port (default 4222).
    public var port: Int
    /// Credentials; never shown by ``description``.
    public var authentication: NATSAuthentication
    /// TLS: required when set (a `tls://` URL sets the defaults); when nil, TLS is still used, with the defaults,
    /// if the server requires it (`tls_required` in its `INFO`).
    public var tls: TLSSettings?
    /// The client name sent in `CONNECT`.
    public var name: String?
    /// How long one TCP connect may take.
    public var connectTimeout: Duration
    /// How long the handshake after the TCP connect (`INFO`, `CONNECT`, then `PING` answered by `PONG`) may take;
    /// past it the attempt fails with ``NATSError/Code/timeout`` (default 2 s).
    public var handshakeTimeout: Duration
    /// Time between the client's keep-alive `PING`s on an established connection (default 2 minutes, as nats.go);
    /// `.zero` turns them off.
    public var pingInterval: Duration
    /// Keep-alive `PING`s left unanswered before the connection is declared dead, closed and re-established
    /// (default 2, as nats.go). Any `PONG` resets the count.
    public var maxPingsOutstanding: Int
    /// Reconnect behaviour after an established connection is lost.
    public var reconnect: NATSReconnectPolicy
    /// Bytes of publishes buffered while reconnecting; past it, publishing throws
    /// ``NATSError/Code/reconnectBufferFull``.
    public var reconnectBufferLimit: Int
    /// Messages buffered per subscription before the slow-consumer policy applies.
    public var subscriptionBufferLimit: Int
    /// What to do when a subscription's buffer is full.
    public var slowConsumerPolicy: NATSSlowConsumerPolicy
    /// The default timeout of ``NATSClient/request(_:payload:headers:timeout:)``.
    public var requestTimeout: Duration

    /// Creates a configuration from `nats://[user:password@|token@]host[:port]` (`tls://` requires TLS).
    /// - Parameter url: The server URL; credentials in it become ``authentication``.
    /// - Throws: ``NATSError`` with code ``NATSError/Code/invalidURL`` (the message never repeats the URL).
    public init(url: String) throws {
        let secure = url.lowercased().hasPrefix("tls://")
        guard let parsed = ServerURL(url, scheme: secure ? "tls" : "nats") else {
            throw NATSError(
                .invalidURL,
                "The NATS URL is not of the form nats://[user:password@]host[:port] or tls://[user:password@]host[:port]."
            )
        }
        let authentication: NATSAuthentication
        switch (parsed.user, parsed.password) {
        case (let user?, let password?): authentication = .userPassword(user: user, password: password)
        case (let token?, nil): authentication = .token(token)
        default: authentication = .none
        }
        self.init(host: parsed.host, port: parsed.port ?? 4222, authentication: authentication)
        if secure { tls = TLSSettings() }
    }

    /// Creates a configuration.
    /// - Parameters:
    ///   - host: The server's host.
    ///   - port: The server's port.
    ///   - authentication: Credentials.
    public init(host: String, port: Int = 4222, authentication: NATSAuthentication = .none) {
        self.host = host
        self.port = port
        self.authentication = authentication
        self.tls = nil
        self.name = nil
        self.connectTimeout = .seconds(2)
        self.handshakeTimeout = .seconds(2)
        self.pingInterval = .seconds(120)
        self.maxPingsOutstanding = 2
        self.reconnect = NATSReconnectPolicy()
        self.reconnectBufferLimit = 8 * 1024 * 1024
        self.subscriptionBufferLimit = 65_536
        self.slowConsumerPolicy = .dropNewest
        self.requestTimeout = .seconds(5)
    }

    /// The server URL without credentials.
    public var description: String {
        ServerURL.redacted(
            host: host,
            port: port,
            scheme: tls == nil ? "nats" : "tls",
            hasCredentials: authentication != .none
        )
    }
}
