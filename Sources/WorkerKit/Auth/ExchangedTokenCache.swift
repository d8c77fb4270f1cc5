public import Foundation

/// Exchanged tokens by credential identity, kept until shortly before they expire (``refreshMargin``, or half the
/// token's lifetime when that is shorter, so a short-lived token is not exchanged anew on every call). Concurrent
/// callers of one identity share one exchange (single flight); a token the vendor refused is forgotten with
/// ``invalidate(_:ifValue:)``. Keyed by ``CredentialIdentity``, never by a profile name: two credentials that share
/// a name (a configured profile and a job's inline credential) never see each other's tokens.
public actor ExchangedTokenCache {
    /// Tokens are renewed this long before they expire (at most half their lifetime).
    public let refreshMargin: TimeInterval
    /// The most tokens kept; past it expired tokens go first, then the ones expiring soonest.
    public let capacity: Int
    private var tokens: [CredentialIdentity: Entry] = [:]
    private var pending: [CredentialIdentity: Task<Result<ExchangedToken, WorkerError>, Never>] = [:]
    private var refreshTokens: [CredentialIdentity: String] = [:]

    /// A token and when it was obtained.
    private struct Entry {
        var token: ExchangedToken
        var obtainedAt: Date

        /// Whether it is still good at `now`: more than the margin (at most half its lifetime) before its expiry.
        func isFresh(at now: Date, margin: TimeInterval) -> Bool {
            let lifetime = token.expiresAt.timeIntervalSince(obtainedAt)
            return token.expiresAt.timeIntervalSince(now) > min(margin, lifetime / 2)
        }
    }

    /// An empty cache.
    /// - Parameters:
    ///   - refreshMargin: Default 5 minutes.
    ///   - capacity: Default 1,024 credentials.
    public init(refreshMargin: TimeInterval = 300, capacity: Int = 1024) {
        self.refreshMargin = max(refreshMargin, 0)
        self.capacity = max(capacity, 1)
    }

    /// The cached token of `identity` while it is valid for more than ``refreshMargin`` (or half its lifetime) at
    /// `now`; else the result of `exchange`, which runs once however many callers ask at the same time.
    /// - Parameters:
    ///   - identity: The credential's identity.
    ///   - now: The current time (injected, so tests move it).
    ///   - exchange: Obtains a new token.
    /// - Throws: The exchange's error, to every caller that waited for it; nothing is cached then.
    public func token(
        for identity: CredentialIdentity,
        now: Date,
        exchange: @escaping @Sendable () async throws(WorkerError) -> ExchangedToken
    ) async throws(WorkerError) -> ExchangedToken {
        if let entry = tokens[identity], entry.isFresh(at: now, margin: refreshMargin) { return entry.token }
        if let task = pending[identity] { return try await task.value.get() }
        let task = Task { () async -> Result<ExchangedToken, WorkerError> in
            do throws(WorkerError) {
                return .success(try await exchange())
            } catch {
                return .failure(error)
            }
        }
        pending[identity] = task
        let result = await task.value
        pending[identity] = nil
        if case .success(let token) = result { store(token, for: identity, now: now) }
        return try result.get()
    }

    /// Forgets the token of `identity` if it is still `value` (the vendor refused it); a newer token stays.
    /// - Parameters:
    ///   - identity: The credential's identity.
    ///   - value: The refused token.
    public func invalidate(_ identity: CredentialIdentity, ifValue value: String) {
        if tokens[identity]?.token.value == value { tokens[identity] = nil }
    }

    /// The cached token of `identity`, if any (valid or not).
    public func cached(_ identity: CredentialIdentity) -> ExchangedToken? { tokens[identity]?.token }

    /// The refresh token an issuer last handed out for `identity` (it may rotate them, RFC 6749 §6), if any.
    /// Kept in memory only, apart from the access tokens, so forgetting a refused access token keeps it.
    public func refreshToken(for identity: CredentialIdentity) -> String? { refreshTokens[identity] }

    /// Keeps the refresh token an issuer handed out for `identity`, in place of the one it was given.
    /// - Parameters:
    ///   - token: The new refresh token.
    ///   - identity: The credential's identity (built from the configured refresh token, which it replaces).
    public func rememberRefreshToken(_ token: String, for identity: CredentialIdentity) {
        refreshTokens[identity] = token
        guard refreshTokens.count > capacity else { return }
        for key in refreshTokens.keys where key != identity && tokens[key] == nil {
            refreshTokens[key] = nil
            if refreshTokens.count <= capacity { break }
        }
    }

    /// How many tokens are cached.
    public var count: Int { tokens.count }

    private func store(_ token: ExchangedToken, for identity: CredentialIdentity, now: Date) {
        tokens[identity] = Entry(token: token, obtainedAt: now)
        guard tokens.count > capacity else { return }
        tokens = tokens.filter { $0.key == identity || $0.value.token.expiresAt > now }
        while tokens.count > capacity,
            let soonest = tokens.filter({ $0.key != identity }).min(by: {
                $0.value.token.expiresAt < $1.value.token.expiresAt
            })
        {
            tokens[soonest.key] = nil
        }
    }
}
