import Crypto
import Foundation
import StructuredData
import _CryptoExtras

/// Verifies a GitHub App's RS256 JWT as GitHub does: signature with the app's public key, `iss` = a registered
/// app id, `exp` in the future and at most 10 minutes after `iat`, `iat` not in the future (60 s skew allowed).
enum AppJWTVerifier {
    /// The longest lifetime GitHub accepts (`exp - iat`).
    static let maxLifetime: Double = 600
    /// The clock skew allowed for `iat` in the future.
    static let allowedSkew: Double = 60

    static func publicKey(pem: String) throws -> _RSA.Signing.PublicKey {
        try _RSA.Signing.PublicKey(pemRepresentation: pem)
    }

    /// The app the token authenticates, or a 401 naming what was wrong.
    static func verify(_ token: String, world: GitHubWorld, now: Double) throws(GitHubAPIError) -> AppRecord {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3,
            let headerBytes = base64URLDecode(String(parts[0])),
            let payloadBytes = base64URLDecode(String(parts[1])),
            let signature = base64URLDecode(String(parts[2])),
            let header = try? JSONParser.parse(String(decoding: headerBytes, as: UTF8.self)),
            let payload = try? JSONParser.parse(String(decoding: payloadBytes, as: UTF8.self))
        else {
            throw unauthorized("A JSON web token could not be decoded")
        }
        guard header["alg"]?.stringValue == "RS256" else {
            throw unauthorized("A JSON web token could not be decoded (alg must be RS256)")
        }
        let issuer: Int?
        switch payload["iss"] {
        case .integer(let number): issuer = number
        case .string(let text): issuer = Int(text)
        default: issuer = nil
        }
        guard let issuer else {
            throw unauthorized("'Issuer' claim ('iss') must be an Integer (the app id)")
        }
        guard let app = world.apps[issuer] else {
            throw unauthorized("Integration not found (no app with id \(issuer))")
        }
        guard let key = try? publicKey(pem: app.publicKeyPEM),
            key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: signature),
                for: Array("\(parts[0]).\(parts[1])".utf8),
                padding: .insecurePKCS1v1_5
            )
        else {
            throw unauthorized("A JSON web token could not be decoded (signature does not match app \(issuer)'s key)")
        }
        guard let issuedAt = payload["iat"]?.doubleValue else {
            throw unauthorized(
                "'Issued at' claim ('iat') must be an Integer representing the time that the assertion was issued"
            )
        }
        guard let expiresAt = payload["exp"]?.doubleValue else {
            throw unauthorized(
                "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
            )
        }
        guard issuedAt <= now + allowedSkew else {
            throw unauthorized(
                "'Issued at' claim ('iat') must be an Integer representing a time that is not in the future"
            )
        }
        guard expiresAt > now else {
            throw unauthorized(
                "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
            )
        }
        guard expiresAt - issuedAt <= maxLifetime else {
            throw unauthorized(
                "'Expiration time' claim ('exp') is too far in the future (at most 10 minutes after 'iat')"
            )
        }
        return app
    }

    /// Whether a credential looks like a JWT (three base64url parts, the first a JSON object).
    static func looksLikeJWT(_ token: String) -> Bool {
        token.hasPrefix("eyJ") && token.split(separator: ".", omittingEmptySubsequences: false).count == 3
    }

    private static func unauthorized(_ message: String) -> GitHubAPIError {
        GitHubAPIError(status: 401, message: message)
    }

    static func base64URLDecode(_ text: String) -> [UInt8]? {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return Data(base64Encoded: base64).map { Array($0) }
    }
}
