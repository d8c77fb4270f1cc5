public import Foundation
public import Logging
import StructuredData

/// The OAuth 2.0 resource owner password credentials grant (RFC 6749 §4.3), as ServiceNow offers it at
/// `/oauth_token.do`: the worker posts the account's user name and password with its client id (and secret) and gets
/// an access token and a refresh token. Later exchanges spend the refresh token (RFC 6749 §6) while the issuer
/// accepts it, and fall back to the password grant when it refuses (`invalid_grant`: the refresh token expired or was
/// revoked), so the password is sent as rarely as the issuer allows. Refresh tokens are kept in memory only, in the
/// ``ExchangedTokenCache`` by the credential's identity.
///
/// ```swift
/// let grant = OAuthPasswordGrant(tokenURL: "https://acme.service-now.com/oauth_token.do", clientID: id,
///                                clientSecret: secret, username: "cordum.integration", password: password)
/// let provider = grant.provider(http: http, cache: tokens)
/// ```
public struct OAuthPasswordGrant: Sendable {
    /// The token endpoint.
    public var tokenURL: String
    /// The client id.
    public var clientID: String
    /// The resource owner's user name.
    public var username: String
    /// The scopes asked for (`scope`, space-separated); none when empty.
    public var scopes: [String]
    /// How the client authenticates when it has a secret.
    public var authentication: OAuthClientCredentials.ClientAuthentication
    private let clientSecret: String?
    private let password: String

    /// A grant.
    /// - Parameters:
    ///   - tokenURL: The token endpoint.
    ///   - clientID: The client id.
    ///   - clientSecret: The secret of a confidential client; `nil` for a public client.
    ///   - username: The account's user name.
    ///   - password: The account's password.
    ///   - scopes: Default none.
    ///   - authentication: Default ``OAuthClientCredentials/ClientAuthentication/body`` (`client_secret_post`), which
    ///     ServiceNow expects.
    public init(
        tokenURL: String,
        clientID: String,
        clientSecret: String?,
        username: String,
        password: String,
        scopes: [String] = [],
        authentication: OAuthClientCredentials.ClientAuthentication = .body
    ) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.username = username
        self.password = password
        self.scopes = scopes
        self.authentication = authentication
    }

    /// Who the tokens act as: the token URL, client id, secret, user name, password and scopes.
    public var identity: CredentialIdentity {
        CredentialIdentity(
            kind: "oauth-password",
            parts: [tokenURL, clientID, clientSecret ?? "", username, password, scopes.joined(separator: " ")]
        )
    }

    /// A provider that, when no valid access token is cached, spends the last refresh token, else (or when the
    /// issuer refuses it) the password.
    /// - Parameters:
    ///   - http: The client the token requests go through (its secret registry learns the secrets and tokens).
    ///   - cache: The worker's token cache; it also keeps the refresh tokens.
    ///   - now: Default the system clock.
    public func provider(
        http: VendorHTTPClient,
        cache: ExchangedTokenCache,
        now: @escaping @Sendable () -> Date = { Date() }
    ) -> ExchangedTokenProvider {
        let identity = identity
        let refresh = OAuthRefreshToken(
            tokenURL: tokenURL,
            clientID: clientID,
            clientSecret: clientSecret,
            refreshToken: "",
            scopes: scopes,
            authentication: authentication
        )
        return ExchangedTokenProvider(identity: identity, kind: "oauth", cache: cache, secrets: http.secrets, now: now)
        {
            logger throws(WorkerError) in
            if let current = await cache.refreshToken(for: identity) {
                do throws(WorkerError) {
                    let answer = try await refresh.exchange(
                        refreshToken: current,
                        http: http,
                        now: now(),
                        logger: logger
                    )
                    if let rotated = answer.rotated { await cache.rememberRefreshToken(rotated, for: identity) }
                    return answer.token
                } catch {
                    guard error.code == .unauthorized else { throw error }
                    logger.debug(
                        "the token endpoint refused the refresh token; asking with the password again",
                        metadata: ["credential": "\(identity)"]
                    )
                }
            }
            let answer = try await exchange(http: http, now: now(), logger: logger)
            if let issued = answer.refreshToken { await cache.rememberRefreshToken(issued, for: identity) }
            return answer.token
        }
    }

    /// Posts the password grant and reads the access token and the refresh token.
    /// - Parameters:
    ///   - http: The HTTP client.
    ///   - now: The current time.
    ///   - logger: The job's logger.
    /// - Returns: The access token, and the refresh token when the issuer sent one.
    /// - Throws: ``WorkerError`` `unauthorized` when the issuer refuses (`invalid_grant`: a wrong user name or
    ///   password; `invalid_client`), naming the client and the user, never the password or secret.
    public func exchange(
        http: VendorHTTPClient,
        now: Date,
        logger: Logger
    ) async throws(WorkerError) -> (token: ExchangedToken, refreshToken: String?) {
        http.secrets.register(password)
        if let clientSecret { http.secrets.register(clientSecret) }
        var form = [("grant_type", "password"), ("username", username), ("password", password)]
        if !scopes.isEmpty { form.append(("scope", scopes.joined(separator: " "))) }
        let basic = clientSecret.flatMap { authentication == .basic ? (clientID, $0) : nil }
        if basic == nil {
            form.append(("client_id", clientID))
            if let clientSecret { form.append(("client_secret", clientSecret)) }
        }
        let endpoint = OAuthTokenEndpoint(
            url: tokenURL,
            who: "the password grant of user \"\(username)\" with client \"\(clientID)\"",
            hint: "check username, password, client_id and client_secret."
        )
        let answer = try await endpoint.post(form, basic: basic, http: http, now: now, logger: logger)
        let refresh = answer.body?["refresh_token"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        if let refresh { http.secrets.register(refresh) }
        return (answer.token, refresh)
    }
}
