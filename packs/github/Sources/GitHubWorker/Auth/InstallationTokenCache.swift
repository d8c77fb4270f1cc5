public import Foundation

/// Installation tokens by profile, kept until shortly before they expire; concurrent jobs of one profile share one
/// exchange.
public actor InstallationTokenCache {
    /// A token and when GitHub says it expires.
    public struct Token: Sendable, Hashable {
        /// The installation token.
        public var value: String
        /// `expires_at`.
        public var expiresAt: Date

        /// A token.
        public init(value: String, expiresAt: Date) {
            self.value = value
            self.expiresAt = expiresAt
        }
    }

    /// Tokens are renewed this long before they expire.
    public let refreshMargin: TimeInterval
    private var tokens: [String: Token] = [:]
    private var pending: [String: Task<Token, any Error>] = [:]

    /// An empty cache.
    /// - Parameter refreshMargin: Default 5 minutes (GitHub's tokens live an hour).
    public init(refreshMargin: TimeInterval = 300) {
        self.refreshMargin = refreshMargin
    }

    /// The cached token of `profile` when it is still valid at `now`, else a new one from `exchange` (one
    /// exchange at a time per profile).
    public func token(
        for profile: String,
        now: Date,
        exchange: @escaping @Sendable () async throws -> Token
    ) async throws -> Token {
        if let token = tokens[profile], token.expiresAt.timeIntervalSince(now) > refreshMargin { return token }
        if let task = pending[profile] { return try await task.value }
        let task = Task { try await exchange() }
        pending[profile] = task
        defer { pending[profile] = nil }
        let token = try await task.value
        tokens[profile] = token
        return token
    }

    /// Forgets `profile`'s token if it is still `value` (after GitHub refused it).
    public func invalidate(profile: String, ifValue value: String) {
        if tokens[profile]?.value == value { tokens[profile] = nil }
    }

    /// The cached token of `profile`, if any.
    public func cached(_ profile: String) -> Token? { tokens[profile] }
}
