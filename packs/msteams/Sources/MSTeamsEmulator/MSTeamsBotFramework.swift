public import Foundation
import JWTKit
public import StructuredData

/// The Bot Framework's token service as the emulator plays it: an OpenID configuration whose `jwks_uri` lists the
/// emulator's published signing key (with `endorsements: ["msteams"]`, as Microsoft's keys carry), and tokens signed
/// the way Teams' calls to a bot are (RS256, `iss` `https://api.botframework.com`, `aud` the bot's app id, `exp`,
/// `nbf`, `serviceurl`). Tests sign tokens with ``token(audience:issuer:issuedAt:lifetime:signedByPublishedKey:)``:
/// with the unpublished key for a wrongly signed one.
public enum MSTeamsBotFramework {
    /// The issuer of Bot Framework tokens (the global cloud's).
    public static let issuer = "https://api.botframework.com"

    /// The OpenID configuration of the emulator at `baseURL`.
    public static func openIDConfiguration(baseURL: String) -> JSONValue {
        [
            "issuer": .string(issuer),
            "authorization_endpoint": "https://invalid.botframework.com",
            "jwks_uri": .string(baseURL + "/botframework/v1/.well-known/keys"),
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["private_key_jwt"],
        ]
    }

    /// The OpenID configuration URL of the emulator at `baseURL`.
    public static func openIDConfigurationURL(baseURL: String) -> String {
        baseURL + "/botframework/v1/.well-known/openidconfiguration"
    }

    /// The published keys (JWKS).
    static let jwks: JSONValue = {
        guard let key = try? Insecure.RSA.PrivateKey(pem: MSTeamsBotKeys.published),
            let primitives = try? key.publicKey.getKeyPrimitives()
        else { return ["keys": []] }
        return [
            "keys": [
                [
                    "kty": "RSA", "use": "sig", "kid": .string(MSTeamsBotKeys.publishedKeyID),
                    "n": .string(base64URL(primitives.modulus)), "e": .string(base64URL(primitives.publicExponent)),
                    "endorsements": ["msteams"],
                ]
            ]
        ]
    }()

    static func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    struct Claims: JWTPayload {
        var iss: String
        var aud: String
        var exp: Int
        var nbf: Int
        var serviceurl: String
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    /// A Bot Framework token as Teams sends it to a bot.
    /// - Parameters:
    ///   - audience: The bot's app id.
    ///   - issuer: Default ``issuer``.
    ///   - issuedAt: When it became valid (`nbf`).
    ///   - lifetime: Seconds until `exp` (negative: already expired).
    ///   - signedByPublishedKey: `false` signs with a key the JWKS does not hold (same `kid`).
    public static func token(
        audience: String,
        issuer: String = issuer,
        issuedAt: Date = Date(),
        lifetime: Int = 3_600,
        signedByPublishedKey: Bool = true
    ) async throws -> String {
        let pem = signedByPublishedKey ? MSTeamsBotKeys.published : MSTeamsBotKeys.unpublished
        let keys = JWTKeyCollection()
        let kid = JWKIdentifier(string: MSTeamsBotKeys.publishedKeyID)
        await keys.add(rsa: try Insecure.RSA.PrivateKey(pem: pem), digestAlgorithm: .sha256, kid: kid)
        let start = Int(issuedAt.timeIntervalSince1970)
        return try await keys.sign(
            Claims(
                iss: issuer,
                aud: audience,
                exp: start + lifetime,
                nbf: start - 300,
                serviceurl: "https://smba.trafficmanager.net/amer/"
            ),
            kid: kid
        )
    }
}
