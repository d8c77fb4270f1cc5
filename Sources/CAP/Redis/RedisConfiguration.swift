/// Everything the Redis client needs to connect; build it from a URL.
public struct RedisConfiguration: Sendable, CustomStringConvertible {
    /// The server's host name or address.
    public var host: String
    /// The server's port (default 6379).
    public var port: Int
    /// The ACL user for `AUTH user password`, if any.
    public var user: String?
    /// The password for `AUTH`; never shown by ``description``.
    public var password: String?
    /// The database selected with `SELECT` after connecting (default 0).
    public var database: Int
    /// How long one TCP connect may take.
    public var connectTimeout: Duration
    /// TLS, when set (a `rediss://` URL sets the defaults).
    public var tls: TLSSettings?

    /// Creates a configuration from `redis://[[user]:password@]host[:port][/db]` (`rediss://` for TLS).
    /// - Parameter url: The server URL, e.g. `redis://:secret@127.0.0.1:6379/2`.
    /// - Throws: ``RedisError`` with code ``RedisError/Code/invalidURL`` (the message never repeats the URL).
    public init(url: String) throws {
        let secure = url.lowercased().hasPrefix("rediss://")
        guard let parsed = ServerURL(url, scheme: secure ? "rediss" : "redis") else {
            throw RedisError(
                .invalidURL,
                "The Redis URL is not of the form redis://[[user]:password@]host[:port][/db] (or rediss:// for TLS)."
            )
        }
        var database = 0
        let path = parsed.path.drop { $0 == "/" }
        if !path.isEmpty {
            guard let number = Int(path), number >= 0 else {
                throw RedisError(.invalidURL, "The database in the Redis URL must be a non-negative number.")
            }
            database = number
        }
        self.init(host: parsed.host, port: parsed.port ?? 6379, password: parsed.password, database: database)
        self.user = parsed.user
        if secure { tls = TLSSettings() }
    }

    /// Creates a configuration.
    /// - Parameters:
    ///   - host: The server's host.
    ///   - port: The server's port.
    ///   - password: The password, if the server requires one.
    ///   - database: The database number.
    public init(host: String, port: Int = 6379, password: String? = nil, database: Int = 0) {
        self.host = host
        self.port = port
        self.user = nil
        self.password = password
        self.database = database
        self.connectTimeout = .seconds(2)
        self.tls = nil
    }

    /// The server URL without credentials.
    public var description: String {
        ServerURL.redacted(
            host: host,
            port: port,
            scheme: tls == nil ? "redis" : "rediss",
            hasCredentials: password != nil
        )
            + (database == 0 ? "" : "/\(database)")
    }
}
