public import Foundation
public import Logging

/// A credential sent as a token obtained by an exchange call — a signed JWT exchanged for an installation or access
/// token, OAuth client credentials for an access token — and cached by the credential's ``identity`` in an
/// ``ExchangedTokenCache`` until shortly before it expires. A 401 answer (``refused(_:)``) forgets the token so the
/// next call exchanges a new one.
public struct ExchangedTokenProvider: TokenProvider {
    public let identity: CredentialIdentity
    public let kind: String
    /// Where tokens are kept; share one cache between the providers of a worker.
    public let cache: ExchangedTokenCache
    /// The wall clock expiry is checked against.
    public let now: @Sendable () -> Date
    private let secrets: SecretRegistry?
    private let exchange: @Sendable (Logger) async throws(WorkerError) -> ExchangedToken

    /// A provider.
    /// - Parameters:
    ///   - identity: Who the credential acts as: build it from everything that makes it act as someone (App id,
    ///     installation id and key fingerprint; client id, secret and token URL), never from a profile name.
    ///   - kind: The kind for plans and logs (default `exchanged`).
    ///   - cache: The cache.
    ///   - secrets: When given, every exchanged token is registered, so it is scrubbed from logs and errors.
    ///   - now: Default the system clock.
    ///   - exchange: Obtains a new token; it runs once for concurrent callers of one identity.
    public init(
        identity: CredentialIdentity,
        kind: String = "exchanged",
        cache: ExchangedTokenCache,
        secrets: SecretRegistry? = nil,
        now: @escaping @Sendable () -> Date = { Date() },
        exchange: @escaping @Sendable (Logger) async throws(WorkerError) -> ExchangedToken
    ) {
        self.identity = identity
        self.kind = kind
        self.cache = cache
        self.secrets = secrets
        self.now = now
        self.exchange = exchange
    }

    /// The current token, exchanged when none is cached or it is about to expire.
    /// - Parameter logger: The job's logger.
    /// - Throws: The exchange's ``WorkerError``.
    public func token(logger: Logger) async throws(WorkerError) -> ExchangedToken {
        let exchange = self.exchange
        let secrets = self.secrets
        return try await cache.token(for: identity, now: now()) { () async throws(WorkerError) -> ExchangedToken in
            let token = try await exchange(logger)
            secrets?.register(token.value)
            return token
        }
    }

    public func authorization(logger: Logger) async throws(WorkerError) -> String {
        try await token(logger: logger).authorization
    }

    public func refused(_ authorization: String) async -> Bool {
        if let cached = await cache.cached(identity), cached.authorization == authorization {
            await cache.invalidate(identity, ifValue: cached.value)
        }
        return true
    }
}
