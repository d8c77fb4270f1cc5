public import Foundation
public import Logging

/// The OAuth 2.0 JWT-bearer grant (RFC 7523 §2.1) with a service account key, as Google APIs use it: the worker
/// signs an assertion with the account's private key — `iss` the account's email, `scope`, `aud` the token URL,
/// `iat` and `exp` (at most an hour apart), `sub` a user to act as when set (domain-wide delegation) — and posts it
/// as `grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer&assertion=…` for an access token.
/// ``provider(http:cache:now:)`` caches the token by the credential's identity (token URL, account, key
/// fingerprint, scopes, subject).
///
/// ```swift
/// let key = try ServiceAccountKey(json: keyFileText)
/// let grant = OAuthJWTBearer(key: key, scopes: ["https://www.googleapis.com/auth/cloud-platform"])
/// let provider = grant.provider(http: http, cache: tokens)
/// ```
public struct OAuthJWTBearer: OAuthGrant {
    /// The grant type of RFC 7523.
    public static let grantType = "urn:ietf:params:oauth:grant-type:jwt-bearer"

    /// The account and its key.
    public var key: ServiceAccountKey
    /// The scopes asked for (`scope`, space-separated).
    public var scopes: [String]
    /// The user to act as (`sub`), if any.
    public var subject: String?
    /// The assertion's lifetime; Google accepts at most an hour from `iat`.
    public var assertionLifetime: TimeInterval

    /// A grant.
    /// - Parameters:
    ///   - key: The service account key.
    ///   - scopes: The scopes.
    ///   - subject: Default none.
    ///   - assertionLifetime: Default 50 minutes (with `iat` a minute in the past, under the hour Google allows).
    public init(
        key: ServiceAccountKey,
        scopes: [String],
        subject: String? = nil,
        assertionLifetime: TimeInterval = 3000
    ) {
        self.key = key
        self.scopes = scopes
        self.subject = subject
        self.assertionLifetime = assertionLifetime
    }

    /// Who the tokens act as: the token URL, account, key fingerprint, scopes and subject.
    public var identity: CredentialIdentity {
        CredentialIdentity(
            kind: "oauth-jwt-bearer",
            parts: [key.tokenURL, key.clientEmail, key.key.fingerprint, scopes.joined(separator: " "), subject ?? ""]
        )
    }

    /// The signed assertion for a token asked for at `now`.
    /// - Parameter now: The current time.
    /// - Throws: ``WorkerError`` `unauthorized` when signing fails.
    public func assertion(now: Date) async throws(WorkerError) -> String {
        try await key.key.sign(
            .issued(
                by: .string(key.clientEmail),
                at: now,
                lifetime: assertionLifetime,
                audience: key.tokenURL,
                subject: subject,
                scope: scopes.isEmpty ? nil : scopes.joined(separator: " ")
            )
        )
    }

    /// Signs an assertion and posts the grant.
    /// - Parameters:
    ///   - http: The HTTP client.
    ///   - now: The current time.
    ///   - logger: The job's logger.
    /// - Throws: ``WorkerError`` `unauthorized` when the issuer refuses the assertion (`invalid_grant`: a wrong
    ///   key, a disabled account, a clock far off), the client's own codes for other failures.
    public func exchange(http: VendorHTTPClient, now: Date, logger: Logger) async throws(WorkerError) -> ExchangedToken
    {
        let assertion = try await assertion(now: now)
        http.secrets.register(assertion)
        let endpoint = OAuthTokenEndpoint(
            url: key.tokenURL,
            who: "service account \"\(key.clientEmail)\"",
            hint: "check that the key is current, the account enabled, the scopes granted and the clock right."
        )
        return try await endpoint.post(
            [("grant_type", Self.grantType), ("assertion", assertion)],
            basic: nil,
            http: http,
            now: now,
            logger: logger
        ).token
    }
}
