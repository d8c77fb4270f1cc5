public import Foundation
public import Logging

/// The OAuth 2.0 client credentials grant (RFC 6749 §4.4) with the client authenticated by a signed JWT assertion
/// (RFC 7523 §2.2, RFC 7521 §4.2) instead of a secret: Microsoft Entra ID's "certificate credentials". The worker
/// signs, for every token it asks for, an assertion with the certificate's key — header `alg`, `typ: JWT` and the
/// certificate's thumbprint (`x5t` or `x5t#S256`); claims `aud` the token URL, `iss` = `sub` the client id, a fresh
/// `jti`, `nbf` = `iat` = now, `exp` ten minutes later — and posts
/// `grant_type=client_credentials&client_id=…&scope=…&client_assertion_type=urn:ietf:params:oauth:client-assertion-type:jwt-bearer&client_assertion=…`.
/// ``provider(http:cache:now:)`` caches the token by the credential's identity (token URL, client id, key
/// fingerprint, thumbprint kind, scopes) until it expires, as ``OAuthClientCredentials`` does.
///
/// ```swift
/// let certificate = try ClientAssertionCertificate(certificatePEM: pem, keyPEM: nil, now: Date())
/// let grant = OAuthClientAssertion(tokenURL: url, clientID: appID, certificate: certificate,
///                                  scopes: ["https://graph.microsoft.com/.default"])
/// let provider = grant.provider(http: http, cache: tokens)
/// ```
public struct OAuthClientAssertion: OAuthGrant {
    /// The `client_assertion_type` of RFC 7523 §2.2.
    public static let assertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

    /// The token endpoint (also the assertion's `aud`).
    public var tokenURL: String
    /// The client id (the assertion's `iss` and `sub`).
    public var clientID: String
    /// The certificate and key that sign the assertions.
    public var certificate: ClientAssertionCertificate
    /// Which thumbprint the header carries; default `x5t`.
    public var thumbprint: ClientAssertionCertificate.Thumbprint
    /// The scopes asked for (`scope`, space-separated); none when empty.
    public var scopes: [String]
    /// Further form parameters some issuers need (`resource`), sent in name order.
    public var parameters: [String: String]
    /// The assertion's lifetime (`exp` − `iat`); default 10 minutes, which Entra ID accepts.
    public var assertionLifetime: TimeInterval

    /// A grant.
    /// - Parameters:
    ///   - tokenURL: The token endpoint.
    ///   - clientID: The client id.
    ///   - certificate: The certificate and its key.
    ///   - thumbprint: Default ``ClientAssertionCertificate/Thumbprint/sha1`` (`x5t`).
    ///   - scopes: Default none.
    ///   - parameters: Default none.
    ///   - assertionLifetime: Default 600 seconds.
    public init(
        tokenURL: String,
        clientID: String,
        certificate: ClientAssertionCertificate,
        thumbprint: ClientAssertionCertificate.Thumbprint = .sha1,
        scopes: [String] = [],
        parameters: [String: String] = [:],
        assertionLifetime: TimeInterval = 600
    ) {
        self.tokenURL = tokenURL
        self.clientID = clientID
        self.certificate = certificate
        self.thumbprint = thumbprint
        self.scopes = scopes
        self.parameters = parameters
        self.assertionLifetime = assertionLifetime
    }

    /// Who the tokens act as: the token URL, client id, key fingerprint, thumbprint kind, scopes and parameters.
    public var identity: CredentialIdentity {
        CredentialIdentity(
            kind: "oauth-client-assertion",
            parts: [
                tokenURL, clientID, certificate.key.fingerprint, thumbprint.rawValue, scopes.joined(separator: " "),
            ]
                + parameters.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value] }
        )
    }

    /// The signed assertion for a token asked for at `now`.
    /// - Parameters:
    ///   - now: The current time (`iat`, `nbf`).
    ///   - id: The `jti`; default a random UUID.
    /// - Throws: ``WorkerError`` `unauthorized` when signing fails.
    public func assertion(now: Date, id: String = UUID().uuidString) async throws(WorkerError) -> String {
        let claims = JWTClaims.issued(
            by: .string(clientID),
            at: now,
            lifetime: assertionLifetime,
            clockSkew: 0,
            audience: tokenURL,
            subject: clientID
        )
        var signed = claims
        signed.notBefore = claims.issuedAt
        signed.jwtID = id
        return try await certificate.key.sign(signed, header: [thumbprint.rawValue: certificate.thumbprint(thumbprint)])
    }

    /// Signs an assertion and posts the grant.
    /// - Parameters:
    ///   - http: The HTTP client.
    ///   - now: The current time.
    ///   - logger: The job's logger.
    /// - Throws: ``WorkerError`` `unauthorized` when the issuer refuses the assertion (`invalid_client`: a certificate
    ///   not registered with the app, a clock far off), naming the client and the certificate's thumbprint, never
    ///   the key or the assertion; the client's own codes for other failures.
    public func exchange(http: VendorHTTPClient, now: Date, logger: Logger) async throws(WorkerError) -> ExchangedToken
    {
        let assertion = try await assertion(now: now)
        http.secrets.register(assertion)
        var form = [("grant_type", "client_credentials"), ("client_id", clientID)]
        if !scopes.isEmpty { form.append(("scope", scopes.joined(separator: " "))) }
        form += parameters.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
        form += [("client_assertion_type", Self.assertionType), ("client_assertion", assertion)]
        let endpoint = OAuthTokenEndpoint(
            url: tokenURL,
            who: "client \"\(clientID)\" with certificate \(thumbprint.rawValue) \(certificate.thumbprint(thumbprint))",
            hint: "check that this certificate is registered with the app, current, and that the clock is right."
        )
        return try await endpoint.post(form, basic: nil, http: http, now: now, logger: logger).token
    }
}
