import Foundation
import StructuredData
import _CryptoExtras

/// Makes GitHub App JWTs (RS256) for tests.
struct AppJWT {
    let key: _RSA.Signing.PrivateKey

    init() throws {
        key = try _RSA.Signing.PrivateKey(keySize: .bits2048)
    }

    var publicKeyPEM: String { key.publicKey.pemRepresentation }

    func token(iss: JSONValue, iat: Double, exp: Double, alg: String = "RS256") throws -> String {
        let header = Self.base64URL(Array(JSONEncoding.compact(["alg": .string(alg), "typ": "JWT"]).utf8))
        let payload = Self.base64URL(
            Array(JSONEncoding.compact(["iss": iss, "iat": .integer(Int(iat)), "exp": .integer(Int(exp))]).utf8)
        )
        let input = "\(header).\(payload)"
        let signature = try key.signature(for: Array(input.utf8), padding: .insecurePKCS1v1_5)
        return "\(input).\(Self.base64URL(Array(signature.rawRepresentation)))"
    }

    static func base64URL(_ bytes: [UInt8]) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }
}
