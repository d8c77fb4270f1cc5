import Crypto
import Foundation
import JWTKit
import NIOHTTP1
import PackTesting
import StructuredData
import Synchronization
import Testing
import WorkerKit

/// `oauth_client_certificate`: the client credentials grant authenticated with a JWT assertion signed by a
/// certificate's key (RFC 7523 §2.2), the certificate named by its thumbprint; and the refusals of certificates and
/// keys that cannot work, each naming its field and never the key.
@Suite("OAuth client credentials with a certificate")
struct ClientAssertionTests {
    static let rsa = Result(catching: { try TestSigningCertificate.make(commonName: "cordum-rsa") })
    static let p256 = Result(catching: { try TestSigningCertificate.make(commonName: "cordum-p256", keyType: .p256) })
    static let other = Result(catching: { try TestSigningCertificate.make(commonName: "cordum-other") })

    /// The DER bytes of a PEM certificate.
    static func der(_ pem: String) throws -> [UInt8] {
        let body = pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
        return Array(try #require(Data(base64Encoded: body)))
    }

    static func base64URL(_ bytes: some Sequence<UInt8>) -> String {
        Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func segment(_ jwt: String, _ index: Int) throws -> JSONValue {
        let part = String(jwt.split(separator: ".")[index])
        var base64 = part.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        return try JSONParser.parse(String(decoding: try #require(Data(base64Encoded: base64)), as: UTF8.self))
    }

    struct Claims: JWTPayload {
        func verify(using algorithm: some JWTAlgorithm) async throws {}
    }

    @Test("the assertion: x5t of the DER certificate, aud the token URL, iss = sub = client id, jti, nbf = iat, exp")
    func assertionShape() async throws {
        let made = try Self.rsa.get()
        let certificate = try ClientAssertionCertificate(
            certificatePEM: made.certificatePEM,
            keyPEM: made.keyPEM,
            now: Date()
        )
        let grant = OAuthClientAssertion(
            tokenURL: "https://login.example/tenant/oauth2/v2.0/token",
            clientID: "app-1",
            certificate: certificate
        )
        let now = Date(timeIntervalSince1970: 1_800_000_000.4)
        let jwt = try await grant.assertion(now: now)
        let header = try Self.segment(jwt, 0)
        let claims = try Self.segment(jwt, 1)
        let der = try Self.der(made.certificatePEM)
        #expect(header["alg"] == "RS256" && header["typ"] == "JWT")
        #expect(header["x5t"] == .string(Self.base64URL(Insecure.SHA1.hash(data: der))))
        #expect(header["x5t#S256"] == nil)
        #expect(claims["aud"] == "https://login.example/tenant/oauth2/v2.0/token")
        #expect(claims["iss"] == "app-1" && claims["sub"] == "app-1")
        #expect(claims["iat"] == .integer(1_800_000_000) && claims["nbf"] == .integer(1_800_000_000))
        #expect(claims["exp"] == .integer(1_800_000_600))
        #expect(UUID(uuidString: claims["jti"]?.stringValue ?? "") != nil)
        #expect(try await grant.assertion(now: now) != jwt)
        // The signature verifies with the certificate's public key (jwt-kit).
        let keys = JWTKeyCollection()
        await keys.add(rsa: try Insecure.RSA.PublicKey(pem: certificate.key.publicKeyPEM), digestAlgorithm: .sha256)
        _ = try await keys.verify(jwt, as: Claims.self)

        var sha256 = grant
        sha256.thumbprint = .sha256
        let other = try Self.segment(try await sha256.assertion(now: now), 0)
        #expect(other["x5t#S256"] == .string(Self.base64URL(SHA256.hash(data: der))) && other["x5t"] == nil)
    }

    @Test("ES256 with a P-256 certificate, PS256 with an RSA one when asked")
    func otherAlgorithms() async throws {
        let p256 = try Self.p256.get()
        let ec = try ClientAssertionCertificate(certificatePEM: p256.combinedPEM, keyPEM: nil, now: Date())
        let ecJWT = try await OAuthClientAssertion(tokenURL: "https://t", clientID: "c", certificate: ec)
            .assertion(now: Date())
        #expect(try Self.segment(ecJWT, 0)["alg"] == "ES256")
        let ecKeys = JWTKeyCollection()
        await ecKeys.add(ecdsa: try ES256PublicKey(pem: ec.key.publicKeyPEM))
        _ = try await ecKeys.verify(ecJWT, as: Claims.self)

        let rsa = try Self.rsa.get()
        let pss = try ClientAssertionCertificate(
            certificatePEM: rsa.certificatePEM,
            keyPEM: rsa.keyPEM,
            algorithm: .ps256,
            now: Date()
        )
        let pssJWT = try await OAuthClientAssertion(tokenURL: "https://t", clientID: "c", certificate: pss)
            .assertion(now: Date())
        #expect(try Self.segment(pssJWT, 0)["alg"] == "PS256")
        let pssKeys = JWTKeyCollection()
        await pssKeys.add(pss: try Insecure.RSA.PublicKey(pem: pss.key.publicKeyPEM), digestAlgorithm: .sha256)
        _ = try await pssKeys.verify(pssJWT, as: Claims.self)
    }

    @Test("certificates and keys that cannot work are refused by field, never showing the key")
    func refusals() throws {
        let made = try Self.rsa.get()
        let other = try Self.other.get()
        let expired = try TestSigningCertificate.make(
            notValidBefore: Date(timeIntervalSince1970: 1_700_000_000),
            notValidAfter: Date(timeIntervalSince1970: 1_750_000_000)
        )
        let cases: [(String, String, String?, JWTSigningKey.Algorithm?, CredentialError.Code, String)] = [
            ("no certificate", made.keyPEM, made.keyPEM, nil, .invalidCertificate, "assertion_certificate_pem"),
            ("no key", made.certificatePEM, nil, nil, .missingField, "assertion_key_pem"),
            ("another key", made.certificatePEM, other.keyPEM, nil, .keyMismatch, "assertion_key_pem"),
            ("expired", expired.certificatePEM, expired.keyPEM, nil, .expiredCertificate, "assertion_certificate_pem"),
            ("RSA for ES256", made.certificatePEM, made.keyPEM, .es256, .unsupportedKey, "assertion_key_pem"),
        ]
        for (name, certificatePEM, keyPEM, algorithm, code, field) in cases {
            let error = #expect(throws: CredentialError.self, "\(name)") {
                _ = try ClientAssertionCertificate(
                    certificatePEM: certificatePEM,
                    keyPEM: keyPEM,
                    algorithm: algorithm,
                    now: Date()
                )
            }
            #expect(error?.code == code, "\(name)")
            #expect(error?.field == field, "\(name)")
            for key in [made.keyPEM, other.keyPEM, expired.keyPEM] {
                let body = key.split(separator: "\n").dropFirst().first.map(String.init) ?? key
                #expect(error?.message.contains(body) == false, "\(name)")
            }
        }
        let expiredError = #expect(throws: CredentialError.self) {
            _ = try ClientAssertionCertificate(
                certificatePEM: expired.certificatePEM,
                keyPEM: expired.keyPEM,
                now: Date()
            )
        }
        // The not-after date, so the operator knows which certificate to renew.
        #expect(expiredError?.message.contains("2025-06-15T") == true)
    }

    /// A token endpoint recording the assertions, and an API accepting its tokens.
    final class Issuer: Sendable {
        let forms = Mutex<[[String: String]]>([])

        func respond(_ request: ReceivedRequest) -> ScriptedResponse {
            let json = [("Content-Type", "application/json")]
            if request.uri.hasPrefix("/items") {
                let ok = request.headers.first(name: "authorization") == "Bearer cert-token"
                return ScriptedResponse(status: ok ? .ok : .unauthorized, headers: json, body: "{}")
            }
            let form = OAuthServerState.form(request.body)
            let count = forms.withLock { forms in
                forms.append(form)
                return forms.count
            }
            guard form["client_assertion"]?.isEmpty == false, form["client_secret"] == nil, count == 1 else {
                return ScriptedResponse(
                    status: .unauthorized,
                    headers: json,
                    body:
                        #"{"error":"invalid_client","error_description":"AADSTS700027: Client assertion failed signature validation."}"#
                )
            }
            return ScriptedResponse(
                headers: json,
                body: #"{"access_token":"cert-token","token_type":"Bearer","expires_in":3600}"#
            )
        }
    }

    @Test("a profile with a certificate file gets one token for many calls, and its key never shows")
    func profileEndToEnd() async throws {
        let made = try Self.rsa.get()
        let issuer = Issuer()
        let server = try await TestHTTPServer.start { request, _ in issuer.respond(request) }
        defer { Task { await server.stop() } }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("assertion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("app.pem").path
        try made.combinedPEM.write(toFile: file, atomically: true, encoding: .utf8)
        let rig = try CredentialTransportRig(
            profiles: """
                [{"name": "file", "base_url": "\(server.baseURL)", "token_url": "/token", "client_id": "app-1",
                  "scope": "api/.default", "assertion_certificate_file": "\(file)"},
                 {"name": "env", "base_url": "\(server.baseURL)", "token_url": "/token", "client_id": "app-2",
                  "assertion_certificate_pem_env": "APP_CERT", "assertion_key_pem_env": "APP_KEY",
                  "assertion_thumbprint": "x5t#S256"}]
                """,
            environment: ["APP_CERT": made.certificatePEM, "APP_KEY": made.keyPEM]
        )
        #expect(try rig.transport.profile(for: ["profile": "file"]).authKind == "oauth")
        #expect(try await rig.get("file").status == 200)
        #expect(try await rig.get("file").status == 200)
        let forms = issuer.forms.withLock { $0 }
        #expect(forms.count == 1)
        let form = try #require(forms.first)
        #expect(form["grant_type"] == "client_credentials" && form["client_id"] == "app-1")
        #expect(form["scope"] == "api/.default")
        #expect(form["client_assertion_type"] == OAuthClientAssertion.assertionType)
        let assertion = try #require(form["client_assertion"])
        #expect(try Self.segment(assertion, 1)["aud"] == .string(server.baseURL + "/token"))
        // The second profile's exchange is refused: the issuer's reason is in the error, the key and assertion not.
        let error = try #require(await rig.failure("env"))
        #expect(error.code == .unauthorized)
        #expect(error.message.contains("AADSTS700027") && error.message.contains("x5t#S256"))
        let secondAssertion = try #require(issuer.forms.withLock { $0.last?["client_assertion"] })
        let keyLine = String(made.keyPEM.split(separator: "\n")[1])
        for text in [error.message] + rig.logs.all {
            #expect(!text.contains(keyLine) && !text.contains(assertion) && !text.contains(secondAssertion))
        }
    }

    @Test("profile fields: the kind is inferred from the certificate; a bad thumbprint or a missing key is refused")
    func profileFields() async throws {
        let made = try Self.rsa.get()
        let settings = try VendorSettings(
            packID: "acme",
            environment: [
                "CORDUM_ACME_PROFILES": """
                [{"name": "a", "base_url": "https://x", "token_url": "https://x/t", "client_id": "c",
                  "assertion_certificate_pem_env": "CERT", "assertion_thumbprint": "md5"}]
                """,
                "CERT": made.combinedPEM,
            ]
        )
        let profile = try #require(settings.profiles["a"])
        #expect(try profile.credentialKind() == .oauthClientCertificate)
        let error = #expect(throws: CredentialError.self) { _ = try profile.clientAssertion() }
        #expect(error?.field == "assertion_thumbprint" && error?.code == .conflictingFields)
        #expect(throws: ConfigurationError.self) {
            _ = try CredentialTransportRig(
                profiles:
                    #"[{"name": "a", "base_url": "https://x", "token_url": "https://x/t", "client_id": "c", "assertion_certificate_pem_env": "CERT"}]"#,
                environment: ["CERT": made.certificatePEM]
            )
        }
    }
}
