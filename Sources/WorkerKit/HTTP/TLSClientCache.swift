public import AsyncHTTPClient
import Synchronization

/// One AsyncHTTPClient per TLS identity (``ProfileTLS/identity``: the digest of CA, client certificate and key),
/// made on first use and reused by every profile with the same TLS material; a profile with other trust never gets
/// another's client. Like ``VendorHTTPClient/sharedHTTPClient`` the clients do not follow redirects; unlike it, a
/// connection that cannot be established fails the request at once (AsyncHTTPClient's pool would otherwise retry a
/// failed handshake until the request's deadline).
///
/// A worker uses ``shared``, whose clients live as long as the process. A cache made for a test is shut down with
/// ``shutdown()`` before it goes away (AsyncHTTPClient requires it).
public final class TLSClientCache: Sendable {
    /// The process-wide cache.
    public static let shared = TLSClientCache()

    private let clients = Mutex<[CredentialIdentity: HTTPClient]>([:])

    /// An empty cache.
    public init() {}

    /// The client of `tls`'s identity, made now if there is none yet.
    /// - Parameter tls: The profile's TLS settings.
    public func client(for tls: ProfileTLS) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[tls.identity] { return client }
            var configuration = HTTPClient.Configuration.singletonConfiguration
            configuration.redirectConfiguration = .disallow
            configuration.tlsConfiguration = tls.configuration
            // A handshake that fails (an untrusted certificate) fails the request at once instead of being retried
            // by the pool until the request's deadline; VendorHTTPClient's own retry policy still applies.
            configuration.connectionPool.retryConnectionEstablishment = false
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[tls.identity] = client
            return client
        }
    }

    /// How many clients the cache holds.
    public var count: Int { clients.withLock { $0.count } }

    /// Shuts every client down and forgets them.
    public func shutdown() async throws {
        let all = clients.withLock { clients in
            defer { clients = [:] }
            return Array(clients.values)
        }
        for client in all { try await client.shutdown() }
    }
}
