import Synchronization
public import WorkflowEngine

/// The web console's sign-in sessions: a browser presents an API key once (`POST /api/v1/session`) and gets an
/// opaque session cookie (`HttpOnly`, `SameSite=Strict`), so the key never sits in page script, browser storage
/// or a URL. Sessions live in memory (a restart signs everyone out), hold the key's id and one tenant, and expire
/// after ``lifetime``. Tokens are kept as SHA-256 digests only.
public final class ConsoleSessions: Sendable {
    /// One signed-in browser.
    struct Session: Sendable {
        var keyID: String
        var tenant: String
        var expiresAt: Timestamp
    }

    /// The session cookie's name.
    public static let cookieName = "cordum_session"
    /// The header a cookie-authenticated change must carry (`X-Requested-With: cordum-console`): a cross-site
    /// form cannot set it, so it backs `SameSite=Strict` against request forgery.
    public static let consoleHeaderValue = "cordum-console"

    /// How long a session lasts.
    public let lifetime: Duration
    /// The most sessions kept; the oldest are dropped beyond it.
    public let capacity: Int
    private let clock: any EngineClock
    private let sessions = Mutex<[String: Session]>([:])

    /// Creates an empty session table.
    /// - Parameters:
    ///   - clock: the host's clock (expiry).
    ///   - lifetime: how long a session lasts (default 8 hours).
    ///   - capacity: the most sessions kept at once (default 10 000).
    public init(clock: any EngineClock, lifetime: Duration = .seconds(8 * 3600), capacity: Int = 10_000) {
        self.clock = clock
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// Opens a session for `key` acting for `tenant`.
    /// - Returns: the token (for the cookie only; it is never stored in clear) and when it expires.
    public func open(key: APIKey, tenant: String) -> (token: String, expiresAt: Timestamp) {
        let token = "cs_" + String(APIKeyStore.generateSecret().dropFirst(3))
        let now = clock.now()
        let expiresAt = now.adding(seconds: lifetime.components.seconds)
        sessions.withLock { table in
            table = table.filter { $0.value.expiresAt > now }
            while table.count >= capacity, let oldest = table.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
                table.removeValue(forKey: oldest.key)
            }
            table[Hashing.sha256Hex(token)] = Session(keyID: key.id, tenant: tenant, expiresAt: expiresAt)
        }
        return (token, expiresAt)
    }

    /// The session of `token`, if it exists and has not expired.
    func session(_ token: String) -> Session? {
        let digest = Hashing.sha256Hex(token)
        let now = clock.now()
        return sessions.withLock { table in
            guard let session = table[digest] else { return nil }
            guard session.expiresAt > now else {
                table.removeValue(forKey: digest)
                return nil
            }
            return session
        }
    }

    /// Ends the session of `token` (nothing when there is none).
    public func close(_ token: String) {
        _ = sessions.withLock { $0.removeValue(forKey: Hashing.sha256Hex(token)) }
    }

    /// How many sessions are open (expired ones included until they are next seen).
    public var count: Int { sessions.withLock { $0.count } }
}
