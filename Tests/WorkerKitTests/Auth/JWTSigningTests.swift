import Crypto
import CryptoExtras
import Foundation
import JWTKit
import StructuredData
import Testing
import WorkerKit

@Suite("JWT signing (RS256, ES256)")
struct JWTSigningTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000.7)

    /// What jwt-kit's verifier hands back.
    struct Verified: JWTPayload {
        var claims: JWTClaims
        init(from decoder: any Decoder) throws { claims = try JWTClaims(from: decoder) }
        func encode(to encoder: any Encoder) throws { try claims.encode(to: encoder) }
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    static func parts(_ jwt: String) throws -> (header: JSONValue, claims: JSONValue, input: String, signature: Data) {
        let parts = jwt.split(separator: ".", omittingEmptySubsequences: false)
        try #require(parts.count == 3)
        #expect(!jwt.contains("=") && !jwt.contains("+") && !jwt.contains("/"))
        let header = try JSONParser.parse(String(decoding: try #require(base64URLDecode(parts[0])), as: UTF8.self))
        let claims = try JSONParser.parse(String(decoding: try #require(base64URLDecode(parts[1])), as: UTF8.self))
        return (header, claims, "\(parts[0]).\(parts[1])", try #require(base64URLDecode(parts[2])))
    }

    @Test(arguments: ["pkcs1", "pkcs8"])
    func rs256VerifiesWithJWTKitAndSwiftCrypto(form: String) async throws {
        let pem = form == "pkcs1" ? AuthTestKeys.rsa.pemRepresentation : AuthTestKeys.rsa.pkcs8PEMRepresentation
        #expect(pem.contains(form == "pkcs1" ? "BEGIN RSA PRIVATE KEY" : "BEGIN PRIVATE KEY"))
        let key = try JWTSigningKey(pem: pem, field: "private_key")
        #expect(key.algorithm == .rs256)
        let claims = JWTClaims.issued(
            by: .number(4242),
            at: Self.now,
            lifetime: 540,
            audience: "https://api.example.com",
            subject: "worker"
        )
        let jwt = try await key.sign(claims)
        let (header, body, input, signature) = try Self.parts(jwt)
        #expect(header == ["alg": "RS256", "typ": "JWT"])
        #expect(body["iss"] == .integer(4242))
        #expect(body["iat"] == .integer(1_800_000_000 - 60))
        #expect(body["exp"] == .integer(1_800_000_000 + 540))
        #expect(body["aud"] == "https://api.example.com" && body["sub"] == "worker")

        // jwt-kit's verifier, with the public key only.
        let verifier = JWTKeyCollection()
        await verifier.add(rsa: try JWTKit.Insecure.RSA.PublicKey(pem: key.publicKeyPEM), digestAlgorithm: .sha256)
        let verified = try await verifier.verify(jwt, as: Verified.self)
        #expect(verified.claims == claims)
        // The same signature over other claims does not verify.
        let segments = jwt.split(separator: ".")
        let otherClaims = Data(#"{"iss":4242,"iat":1799999940,"exp":9999999999}"#.utf8).base64EncodedString()
            .replacingOccurrences(of: "=", with: "")
        await #expect(throws: (any Error).self) {
            try await verifier.verify("\(segments[0]).\(otherClaims).\(segments[2])", as: Verified.self)
        }

        // swift-crypto directly: RSASSA-PKCS1-v1_5 with SHA-256 over "header.claims".
        let publicKey = AuthTestKeys.rsa.publicKey
        let rsaSignature = _RSA.Signing.RSASignature(rawRepresentation: signature)
        #expect(publicKey.isValidSignature(rsaSignature, for: Data(input.utf8), padding: .insecurePKCS1v1_5))
        #expect(!publicKey.isValidSignature(rsaSignature, for: Data((input + "x").utf8), padding: .insecurePKCS1v1_5))
        #expect(
            !AuthTestKeys.otherRSA.publicKey.isValidSignature(
                rsaSignature,
                for: Data(input.utf8),
                padding: .insecurePKCS1v1_5
            )
        )
    }

    @Test(arguments: ["sec1", "pkcs8"])
    func es256VerifiesWithJWTKitAndSwiftCrypto(form: String) async throws {
        let pem = form == "sec1" ? AuthTestKeys.p256SEC1PEM : AuthTestKeys.p256.pemRepresentation
        let key = try JWTSigningKey(pem: pem, field: "private_key")
        #expect(key.algorithm == .es256)
        #expect(key.fingerprint == JWTSigningKey(p256: AuthTestKeys.p256).fingerprint)
        let claims = JWTClaims.issued(by: .string("client-1"), at: Self.now, lifetime: 300, clockSkew: 30)
        let jwt = try await key.sign(claims)
        let (header, body, input, signature) = try Self.parts(jwt)
        #expect(header == ["alg": "ES256", "typ": "JWT"])
        #expect(body == ["iss": "client-1", "iat": .integer(1_800_000_000 - 30), "exp": .integer(1_800_000_300)])

        let verifier = JWTKeyCollection()
        await verifier.add(ecdsa: try ES256PublicKey(pem: key.publicKeyPEM))
        #expect(try await verifier.verify(jwt, as: Verified.self).claims == claims)

        // JWS ES256 signatures are r || s, 64 bytes (RFC 7518 §3.4), not DER.
        #expect(signature.count == 64)
        let ecdsa = try P256.Signing.ECDSASignature(rawRepresentation: signature)
        #expect(AuthTestKeys.p256.publicKey.isValidSignature(ecdsa, for: Data(input.utf8)))
        #expect(!P256.Signing.PrivateKey().publicKey.isValidSignature(ecdsa, for: Data(input.utf8)))
    }

    @Test func aKeyOnOneLineWithEscapedNewlinesIsRead() throws {
        let oneLine = AuthTestKeys.rsa.pemRepresentation.replacingOccurrences(of: "\n", with: "\\n")
        let key = try JWTSigningKey(pem: oneLine, field: "private_key", algorithm: .rs256)
        #expect(key.fingerprint == (try JWTSigningKey(rsa: AuthTestKeys.rsa)).fingerprint)
        #expect(key.fingerprint != (try JWTSigningKey(rsa: AuthTestKeys.otherRSA)).fingerprint)
        #expect(key.fingerprint.count == 64)
    }

    @Test func issuedClaimsRoundDownAndBackdate() {
        let claims = JWTClaims.issued(by: .string("x"), at: Date(timeIntervalSince1970: 100.9), lifetime: 600)
        #expect(claims.issuedAt == Date(timeIntervalSince1970: 40))
        #expect(claims.expiresAt == Date(timeIntervalSince1970: 700))
        #expect(claims.audience == nil && claims.subject == nil)
    }
}
