import Crypto
import EmulatorKit
import Foundation
import StructuredData
import Testing
import _CryptoExtras

@Suite("JWT verification (RS256, ES256)")
struct JWTVerifierTests {
    static let rsa = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let otherRSA = try! _RSA.Signing.PrivateKey(keySize: .bits2048)
    static let ec = P256.Signing.PrivateKey()

    static func base64URL(_ bytes: some DataProtocol) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func token(alg: String = "RS256", claims: JSONValue, rsaKey: _RSA.Signing.PrivateKey = rsa) throws -> String
    {
        let header = base64URL(Array(JSONEncoding.compact(["alg": .string(alg), "typ": "JWT"]).utf8))
        let payload = base64URL(Array(JSONEncoding.compact(claims).utf8))
        let input = Array("\(header).\(payload)".utf8)
        let signature: Data
        if alg == "ES256" {
            signature = try ec.signature(for: input).rawRepresentation
        } else {
            signature = try rsaKey.signature(for: input, padding: .insecurePKCS1v1_5).rawRepresentation
        }
        return "\(header).\(payload).\(base64URL(signature))"
    }

    static func keys(_ issuer: String) -> JWTVerifier.Key? {
        switch issuer {
        case "42": return .rsa(pem: rsa.publicKey.pemRepresentation)
        case "ec-app": return .ecdsaP256(pem: ec.publicKey.pemRepresentation)
        case "broken": return .rsa(pem: "-----BEGIN PUBLIC KEY-----\nnope\n-----END PUBLIC KEY-----")
        default: return nil
        }
    }

    let verifier = JWTVerifier(maxLifetime: 600, allowedSkew: 60)

    func reason(_ token: String, now: Double = 1000) async -> JWTVerificationError.Reason? {
        do {
            _ = try await verifier.verify(token, now: now, key: Self.keys)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test("valid RS256 and ES256 tokens verify and expose their claims; an integer issuer reads as text")
    func valid() async throws {
        let rs = try Self.token(claims: ["iss": 42, "iat": 990, "exp": 1500])
        let jwt = try await verifier.verify(rs, now: 1000, key: Self.keys)
        #expect(jwt.issuer == "42")
        #expect(jwt.algorithm == "RS256")
        #expect(jwt.expiresAt == 1500)
        let es = try Self.token(alg: "ES256", claims: ["iss": "ec-app", "iat": 1000, "exp": 1100, "sub": "me"])
        #expect(try await verifier.verify(es, now: 1000, key: Self.keys).subject == "me")
    }

    @Test("each refusal has its reason: format, algorithm, issuer, key, signature, iat, exp, lifetime, nbf, aud")
    func refusals() async throws {
        #expect(await reason("abc") == .malformed)
        #expect(await reason("a.b.c") == .malformed)
        #expect(await reason("e30.e30.") == .malformed)
        #expect(await reason(try Self.token(alg: "HS256", claims: ["iss": 42])) == .unsupportedAlgorithm)
        #expect(await reason(try Self.token(claims: ["iat": 990, "exp": 1500])) == .missingIssuer)
        #expect(await reason(try Self.token(claims: ["iss": 7, "iat": 990, "exp": 1500])) == .unknownIssuer)
        #expect(await reason(try Self.token(claims: ["iss": "broken", "iat": 990, "exp": 1500])) == .invalidKey)
        #expect(await reason(try Self.token(claims: ["iss": "ec-app", "iat": 990, "exp": 1500])) == .invalidKey)
        let forged = try Self.token(claims: ["iss": 42, "iat": 990, "exp": 1500], rsaKey: Self.otherRSA)
        #expect(await reason(forged) == .badSignature)
        let good = try Self.token(claims: ["iss": 42, "iat": 990, "exp": 1500])
        let parts = good.split(separator: ".")
        let tampered = "\(parts[0]).\(Self.base64URL(Array(#"{"iss":42,"iat":990,"exp":9999}"#.utf8))).\(parts[2])"
        #expect(await reason(tampered) == .badSignature)
        #expect(await reason(try Self.token(claims: ["iss": 42, "exp": 1500])) == .missingIssuedAt)
        #expect(await reason(try Self.token(claims: ["iss": 42, "iat": 990])) == .missingExpiry)
        #expect(await reason(try Self.token(claims: ["iss": 42, "iat": 1100, "exp": 1500])) == .issuedInFuture)
        #expect(await reason(try Self.token(claims: ["iss": 42, "iat": 1050, "exp": 1500])) == nil)
        #expect(await reason(try Self.token(claims: ["iss": 42, "iat": 900, "exp": 1000])) == .expired)
        #expect(await reason(try Self.token(claims: ["iss": 42, "iat": 990, "exp": 1591])) == .lifetimeTooLong)
        #expect(
            await reason(try Self.token(claims: ["iss": 42, "iat": 990, "exp": 1500, "nbf": 2000])) == .notYetValid
        )
        let audienced = JWTVerifier(audience: "https://api.example")
        let noAud = try Self.token(claims: ["iss": 42, "iat": 990, "exp": 1500])
        await #expect(throws: JWTVerificationError.self) {
            try await audienced.verify(noAud, now: 1000, key: Self.keys)
        }
        let withAud = try Self.token(claims: ["iss": 42, "iat": 990, "exp": 1500, "aud": ["x", "https://api.example"]])
        #expect(try await audienced.verify(withAud, now: 1000, key: Self.keys).issuer == "42")
    }

    @Test("messages name the claim and never echo the token")
    func messages() async throws {
        let token = try Self.token(claims: ["iss": 42, "iat": 900, "exp": 1000])
        do {
            _ = try await verifier.verify(token, now: 1000, key: Self.keys)
        } catch {
            #expect(error.message.contains("exp"))
            #expect(!error.message.contains(token))
        }
    }
}
