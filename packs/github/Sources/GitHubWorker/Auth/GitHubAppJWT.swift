public import Foundation
import StructuredData
public import WorkerKit
public import _CryptoExtras

/// The JSON Web Token a GitHub App authenticates with: RS256 (RSASSA-PKCS1-v1_5 with SHA-256) over
/// `{"alg":"RS256","typ":"JWT"}` and the claims `iat` (now − 60 s, for clock drift), `exp` (now + 540 s, under
/// GitHub's 10-minute limit) and `iss` (the App id as a number, or the client id as a string).
public enum GitHubAppJWT {
    /// Seconds `iat` is set in the past.
    public static let issuedAtSkew = 60
    /// Seconds until `exp`.
    public static let lifetime = 540

    /// A signed JWT.
    /// - Parameters:
    ///   - appID: The App id (digits) or client id.
    ///   - privateKey: The App's private key.
    ///   - now: The current time.
    /// - Throws: `github_unauthorized` when signing fails.
    public static func make(appID: String, privateKey: _RSA.Signing.PrivateKey, now: Date) throws(WorkerError)
        -> String
    {
        let seconds = Int(now.timeIntervalSince1970.rounded(.down))
        let issuer: JSONValue = appID.allSatisfy(\.isNumber) ? .integer(Int(appID) ?? 0) : .string(appID)
        let header: JSONValue = ["alg": "RS256", "typ": "JWT"]
        let claims: JSONValue = [
            "iat": .integer(seconds - issuedAtSkew), "exp": .integer(seconds + lifetime), "iss": issuer,
        ]
        let signingInput =
            base64URL(Data(JSONEncoding.canonical(header).utf8)) + "."
            + base64URL(Data(JSONEncoding.canonical(claims).utf8))
        do {
            let signature = try privateKey.signature(for: Data(signingInput.utf8), padding: .insecurePKCS1v1_5)
            return signingInput + "." + base64URL(signature.rawRepresentation)
        } catch {
            throw WorkerError(
                code: .githubUnauthorized,
                message: "The GitHub App JWT for app \(appID) could not be signed with the configured private key."
            )
        }
    }

    /// Base64url without padding (RFC 7515 §2).
    public static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }
}
