import CryptoExtras
import Foundation
import GitHubWorker
import PackTesting
import StructuredData
import Testing
import _CryptoExtras

@Suite("GitHub App JWT")
struct AppJWTTests {
    @Test func isRS256SignedWithTheClaimsGitHubWants() async throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let jwt = try await GitHubAppJWT.make(appID: "4242", privateKey: TestKeys.app, now: now)
        let parts = jwt.split(separator: ".").map(String.init)
        try #require(parts.count == 3)
        let header = try JSONParser.parse(String(decoding: try #require(base64URLDecode(parts[0])), as: UTF8.self))
        let claims = try JSONParser.parse(String(decoding: try #require(base64URLDecode(parts[1])), as: UTF8.self))
        #expect(header == ["alg": "RS256", "typ": "JWT"])
        #expect(claims["iat"] == .integer(1_800_000_000 - 60))
        #expect(claims["exp"] == .integer(1_800_000_000 + 540))
        #expect(claims["iss"] == .integer(4242))
        // The signature verifies with the App's public key (PKCS#1 v1.5, SHA-256) over "header.claims".
        let signature = _RSA.Signing.RSASignature(rawRepresentation: try #require(base64URLDecode(parts[2])))
        let publicKey = TestKeys.app.publicKey
        #expect(
            publicKey.isValidSignature(
                signature,
                for: Data((parts[0] + "." + parts[1]).utf8),
                padding: .insecurePKCS1v1_5
            )
        )
        #expect(
            !publicKey.isValidSignature(
                signature,
                for: Data((parts[0] + "." + parts[0]).utf8),
                padding: .insecurePKCS1v1_5
            )
        )
        // No padding, URL-safe alphabet.
        #expect(!jwt.contains("=") && !jwt.contains("+") && !jwt.contains("/"))
    }

    @Test func clientIDIssuerIsAString() async throws {
        let jwt = try await GitHubAppJWT.make(appID: "Iv1.abc123", privateKey: TestKeys.app, now: Date())
        let claims = try JSONParser.parse(
            String(decoding: try #require(base64URLDecode(String(jwt.split(separator: ".")[1]))), as: UTF8.self)
        )
        #expect(claims["iss"] == "Iv1.abc123")
    }
}
