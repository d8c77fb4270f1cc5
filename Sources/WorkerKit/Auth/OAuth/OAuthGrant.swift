public import Foundation
public import Logging

/// An OAuth 2.0 grant that exchanges a credential for an access token at a token endpoint: client credentials
/// (``OAuthClientCredentials``), a JWT bearer assertion (``OAuthJWTBearer``). ``provider(http:cache:now:)`` caches the
/// tokens by the grant's ``identity``.
public protocol OAuthGrant: Sendable {
    /// Who the tokens act as.
    var identity: CredentialIdentity { get }

    /// Posts the grant and reads the token.
    /// - Parameters:
    ///   - http: The HTTP client.
    ///   - now: The current time (`expires_in` counts from it).
    ///   - logger: The job's logger.
    /// - Throws: ``WorkerError`` `unauthorized` when the issuer refuses the grant, the client's own codes for other
    ///   failures.
    func exchange(http: VendorHTTPClient, now: Date, logger: Logger) async throws(WorkerError) -> ExchangedToken
}

extension OAuthGrant {
    /// A provider that exchanges the grant when no valid token is cached.
    /// - Parameters:
    ///   - http: The client the token request goes through (its secret registry learns the secrets and tokens).
    ///   - cache: The worker's token cache.
    ///   - now: Default the system clock.
    public func provider(
        http: VendorHTTPClient,
        cache: ExchangedTokenCache,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> ExchangedTokenProvider {
        ExchangedTokenProvider(identity: identity, kind: "oauth", cache: cache, secrets: http.secrets, now: now) {
            logger throws(WorkerError) in
            try await exchange(http: http, now: now(), logger: logger)
        }
    }
}
