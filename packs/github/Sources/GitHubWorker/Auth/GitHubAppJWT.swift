public import Foundation
public import WorkerKit
public import _CryptoExtras

/// The JSON Web Token a GitHub App authenticates with, signed by WorkerKit's ``JWTSigningKey`` (RS256): `iss` is the
/// App id as a number (or the client id as a string), `iat` is 60 s in the past for clock drift, and `exp` is
/// 540 s ahead, so the token lives 10 minutes, GitHub's limit.
public enum GitHubAppJWT {
    /// Seconds `iat` is set in the past.
    public static let issuedAtSkew = 60
    /// Seconds from now until `exp`.
    public static let lifetime = 540

    /// The claims of a JWT made at `now`.
    /// - Parameters:
    ///   - appID: The App id (digits) or client id.
    ///   - now: The current time.
    public static func claims(appID: String, now: Date) -> JWTClaims {
        let issuer: JWTClaims.Issuer =
            appID.allSatisfy(\.isNumber) ? Int(appID).map(JWTClaims.Issuer.number) ?? .string(appID) : .string(appID)
        return .issued(
            by: issuer,
            at: now,
            lifetime: TimeInterval(lifetime),
            clockSkew: TimeInterval(issuedAtSkew)
        )
    }

    /// A signed JWT.
    /// - Parameters:
    ///   - appID: The App id (digits) or client id.
    ///   - key: The App's signing key.
    ///   - now: The current time.
    /// - Throws: ``WorkerError`` `unauthorized` when signing fails.
    public static func make(appID: String, key: JWTSigningKey, now: Date) async throws(WorkerError) -> String {
        try await key.sign(claims(appID: appID, now: now))
    }

    /// A signed JWT.
    /// - Parameters:
    ///   - appID: The App id (digits) or client id.
    ///   - privateKey: The App's RSA private key.
    ///   - now: The current time.
    /// - Throws: ``WorkerError`` `unauthorized` when the key cannot sign RS256.
    public static func make(appID: String, privateKey: _RSA.Signing.PrivateKey, now: Date) async throws(WorkerError)
        -> String
    {
        try await make(appID: appID, key: GitHubAppCredentials.signingKey(privateKey, appID: appID), now: now)
    }
}

extension GitHubAppCredentials {
    /// The App's RS256 signing key.
    /// - Throws: ``WorkerError`` `unauthorized` naming `app_private_key` when the key cannot sign RS256.
    public var signingKey: JWTSigningKey {
        get throws(WorkerError) { try Self.signingKey(privateKey, appID: appID) }
    }

    static func signingKey(_ privateKey: _RSA.Signing.PrivateKey, appID: String) throws(WorkerError) -> JWTSigningKey {
        do {
            return try JWTSigningKey(rsa: privateKey, field: "app_private_key")
        } catch {
            throw WorkerError(
                code: .unauthorized,
                message: "The GitHub App JWT for app \(appID) cannot be signed: \(error.message)"
            )
        }
    }

    /// Who the App installation's tokens act as: the App id, the installation id, the fingerprint of the App's key
    /// and the URL tokens are exchanged at — never the name of the profile that carries the credentials.
    /// - Parameter baseURL: The REST API root.
    public func identity(baseURL: String) -> CredentialIdentity {
        CredentialIdentity(
            kind: "github-app-installation",
            parts: [
                baseURL + Self.accessTokensPath(installationID), appID, installationID,
                CredentialIdentity.fingerprint(privateKey.publicKey.derRepresentation),
            ]
        )
    }

    /// `/app/installations/{id}/access_tokens`.
    static func accessTokensPath(_ installationID: String) -> String {
        "/app/installations/\(URLEncoding.component(installationID))/access_tokens"
    }
}
