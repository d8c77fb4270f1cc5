public import Foundation
public import Logging
import StructuredData

/// The OAuth 2.0 refresh token grant (RFC 6749 §6), as ServiceNow and Microsoft Entra ID use it: the worker posts
/// its refresh token (and client id and, for a confidential client, secret) to the token URL and gets an access
/// token with `expires_in`. ``provider(http:cache:now:)`` caches the access token by the credential's identity.
///
/// An issuer that rotates refresh tokens answers with a new `refresh_token`; the next exchange of the same identity
/// uses it. The new token is kept in memory only (``ExchangedTokenCache/rememberRefreshToken(_:for:)``): after a
/// restart the worker starts again from the configured one, which an issuer that revokes rotated tokens refuses
/// with `invalid_grant`; configure a fresh refresh token then.
///
/// ```swift
/// let grant = OAuthRefreshToken(tokenURL: "https://acme.service-now.com/oauth_token.do", clientID: id,
///                               clientSecret: secret, refreshToken: refresh)
/// let provider = grant.provider(http: http, cache: tokens)
/// ```
public struct OAuthRefreshToken: Sendable {
    /// The token endpoint.
    public var tokenURL: String
    /// The client id.
    public var clientID: String
    /// The scopes asked for (`scope`, space-separated); none when empty (the grant's original scopes).
    public var scopes: [String]
    /// How the client authenticates when it has a secret.
    public var authentication: OAuthClientCredentials.ClientAuthentication
    private let clientSecret: String?
    private let refreshToken: String

    /// A grant.
    /// - Parameters:
    ///   - tokenURL: The token endpoint.
    ///   - clientID: The client id.
    ///   - clientSecret: The secret of a confidential client; `nil` for a public client (the id is sent in the body).
    ///   - refreshToken: The refresh token as configured.
    ///   - scopes: Default none.
    ///   - authentication: Default ``OAuthClientCredentials/ClientAuthentication/body`` (`client_secret_post`),
    ///     which ServiceNow and Entra ID both accept.
    public init(
        tokenURL: String,
        clientID: String,
        clientSecret: String?,
        refreshToken: String,
        scopes: [String] = [],
        authentication: OAuthClientCredentials.ClientAuthentication = .body
    ) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.refreshToken = refreshToken
        self.scopes = scopes
        self.authentication = authentication
    }

    /// Who the tokens act as: the token URL, client id, secret, configured refresh token and scopes.
    public var identity: CredentialIdentity {
        CredentialIdentity(
            kind: "oauth-refresh-token",
            parts: [tokenURL, clientID, clientSecret ?? "", refreshToken, scopes.joined(separator: " ")]
        )
    }

    /// A provider that exchanges the (latest) refresh token when no valid access token is cached.
    /// - Parameters:
    ///   - http: The client the token request goes through (its secret registry learns the secret and tokens).
    ///   - cache: The worker's token cache; it also keeps rotated refresh tokens.
    ///   - now: Default the system clock.
    public func provider(
        http: VendorHTTPClient,
        cache: ExchangedTokenCache,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> ExchangedTokenProvider {
        let identity = identity
        return ExchangedTokenProvider(identity: identity, kind: "oauth", cache: cache, secrets: http.secrets, now: now)
        {
            logger throws(WorkerError) in
            let current = await cache.refreshToken(for: identity) ?? refreshToken
            let answer = try await exchange(refreshToken: current, http: http, now: now(), logger: logger)
            if let rotated = answer.rotated, rotated != current {
                await cache.rememberRefreshToken(rotated, for: identity)
                logger.debug("the token endpoint rotated the refresh token", metadata: ["credential": "\(identity)"])
            }
            return answer.token
        }
    }

    /// Posts the grant with `refreshToken` and reads the access token and any rotated refresh token.
    /// - Parameters:
    ///   - refreshToken: The refresh token to spend.
    ///   - http: The HTTP client.
    ///   - now: The current time.
    ///   - logger: The job's logger.
    /// - Returns: The access token, and the new refresh token when the issuer sent one.
    /// - Throws: ``WorkerError`` `unauthorized` when the issuer refuses (`invalid_grant`: the refresh token expired,
    ///   was revoked or was already rotated), the client's own codes for other failures.
    public func exchange(
        refreshToken: String,
        http: VendorHTTPClient,
        now: Date,
        logger: Logger
    ) async throws(WorkerError) -> (token: ExchangedToken, rotated: String?) {
        http.secrets.register(refreshToken)
        if let clientSecret { http.secrets.register(clientSecret) }
        var form = [("grant_type", "refresh_token"), ("refresh_token", refreshToken)]
        if !scopes.isEmpty { form.append(("scope", scopes.joined(separator: " "))) }
        let basic = clientSecret.flatMap { authentication == .basic ? (clientID, $0) : nil }
        if basic == nil {
            form.append(("client_id", clientID))
            if let clientSecret { form.append(("client_secret", clientSecret)) }
        }
        let endpoint = OAuthTokenEndpoint(
            url: tokenURL,
            who: "the refresh token of client \"\(clientID)\"",
            hint: "the refresh token may have expired or been revoked; configure a new refresh_token."
        )
        let answer = try await endpoint.post(form, basic: basic, http: http, now: now, logger: logger)
        let rotated = answer.body?["refresh_token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if let rotated { http.secrets.register(rotated) }
        return (answer.token, rotated)
    }
}
