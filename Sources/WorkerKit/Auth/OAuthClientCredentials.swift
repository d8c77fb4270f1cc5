public import Foundation
public import Logging

/// The OAuth 2.0 client credentials grant (RFC 6749 §4.4): the worker posts its client id and secret to the token
/// URL and gets an access token with `expires_in`; ``provider(http:cache:now:)`` caches it by the credential's
/// identity (token URL, client id, secret, scopes and extra parameters).
public struct OAuthClientCredentials: OAuthGrant {
    /// How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
    public enum ClientAuthentication: Sendable, Hashable {
        /// `Authorization: Basic` of the form-encoded id and secret (`client_secret_basic`, the default).
        case basic
        /// `client_id` and `client_secret` in the form body (`client_secret_post`).
        case body
    }

    /// The token endpoint.
    public var tokenURL: String
    /// The client id.
    public var clientID: String
    /// The scopes asked for (`scope`, space-separated); none when empty.
    public var scopes: [String]
    /// Further form parameters some issuers need (`audience`, `resource`), sent in name order.
    public var parameters: [String: String]
    /// How the client authenticates.
    public var authentication: ClientAuthentication
    private let clientSecret: String

    /// Credentials.
    /// - Parameters:
    ///   - tokenURL: The token endpoint.
    ///   - clientID: The client id.
    ///   - clientSecret: The client secret.
    ///   - scopes: Default none.
    ///   - parameters: Default none.
    ///   - authentication: Default ``ClientAuthentication/basic``.
    public init(
        tokenURL: String,
        clientID: String,
        clientSecret: String,
        scopes: [String] = [],
        parameters: [String: String] = [:],
        authentication: ClientAuthentication = .basic
    ) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.clientSecret = clientSecret
        self.scopes = scopes
        self.parameters = parameters
        self.authentication = authentication
    }

    /// Who the tokens act as: the token URL, client id, secret, scopes and parameters.
    public var identity: CredentialIdentity {
        CredentialIdentity(
            kind: "oauth-client-credentials",
            parts: [tokenURL, clientID, clientSecret, scopes.joined(separator: " ")]
                + parameters.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
        )
    }

    /// Posts the grant and reads the token.
    /// - Parameters:
    ///   - http: The HTTP client.
    ///   - now: The current time (`expires_in` counts from it; 1 hour when the issuer sends none).
    ///   - logger: The job's logger.
    /// - Throws: ``WorkerError`` `unauthorized` when the issuer refuses the client (400/401 with an OAuth `error`,
    ///   named in the message); the client's own codes for other failures; `vendor_error` for an answer without
    ///   `access_token`.
    public func exchange(http: VendorHTTPClient, now: Date, logger: Logger) async throws(WorkerError) -> ExchangedToken
    {
        http.secrets.register(clientSecret)
        var form = [("grant_type", "client_credentials")]
        if !scopes.isEmpty { form.append(("scope", scopes.joined(separator: " "))) }
        form += parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        if authentication == .body { form += [("client_id", clientID), ("client_secret", clientSecret)] }
        let endpoint = OAuthTokenEndpoint(
            url: tokenURL,
            who: "client \"\(clientID)\"",
            hint: "check the client id, secret and scopes."
        )
        return try await endpoint.post(
            form,
            basic: authentication == .basic ? (clientID, clientSecret) : nil,
            http: http,
            now: now,
            logger: logger
        ).token
    }
}
