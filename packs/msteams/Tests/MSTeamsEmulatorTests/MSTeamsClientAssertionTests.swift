import EmulatorKit
import Foundation
import MSTeamsEmulator
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// The emulator's token endpoint verifies client assertions as Entra ID does: a registered certificate (by
/// thumbprint), its key's signature, `aud`, `iss` = `sub` = the client id, the time range and a fresh `jti`; each
/// refusal is `invalid_client` (or `unauthorized_client` for an unknown app) with its AADSTS code.
@Suite("Microsoft Teams emulator client assertions")
struct MSTeamsClientAssertionTests {
    static let baseURL = "http://127.0.0.1:1"
    static let tokenURL = "\(baseURL)/t/oauth2/v2.0/token"
    static let registered = Result(catching: { try TestSigningCertificate.make(commonName: "cordum-app") })
    static let other = Result(catching: { try TestSigningCertificate.make(commonName: "cordum-other") })

    let pipeline: EmulatorPipeline
    let certificate: ClientAssertionCertificate

    init() throws {
        let definition = try MSTeamsEmulator.definition()
        let made = try Self.registered.get()
        definition.state.withLock { $0.certificates[MSTeamsDemo.clientID] = [made.certificatePEM] }
        pipeline = definition.makePipeline()
        certificate = try ClientAssertionCertificate(certificatePEM: made.combinedPEM, keyPEM: nil, now: Date())
    }

    func grant(tokenURL: String = Self.tokenURL, clientID: String = MSTeamsDemo.clientID) -> OAuthClientAssertion {
        OAuthClientAssertion(tokenURL: tokenURL, clientID: clientID, certificate: certificate)
    }

    /// Posts `assertion` for `clientID` to the token endpoint.
    func post(_ assertion: String, clientID: String = MSTeamsDemo.clientID) async -> EmulatorResponse {
        let body =
            "grant_type=client_credentials&client_id=\(clientID)&scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"
            + "&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer"
            + "&client_assertion=\(assertion)"
        let request = EmulatorRequest(
            method: "POST",
            target: "/t/oauth2/v2.0/token",
            headers: ["content-type": "application/x-www-form-urlencoded"],
            body: Array(body.utf8),
            baseURL: Self.baseURL
        )
        return await pipeline.respond(to: request)
    }

    func expectRefusal(
        _ answer: EmulatorResponse,
        _ code: String,
        status: Int = 401,
        error: String = "invalid_client",
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) {
        #expect(answer.status == status, sourceLocation: sourceLocation)
        #expect(answer.jsonBody?["error"] == .string(error), sourceLocation: sourceLocation)
        let description = answer.jsonBody?["error_description"]?.stringValue ?? ""
        #expect(description.hasPrefix(code), "\(description)", sourceLocation: sourceLocation)
    }

    @Test("a valid assertion gets a token; the same jti again is refused")
    func validAndReplayed() async throws {
        let assertion = try await grant().assertion(now: Date(), id: "jti-1")
        let answer = await post(assertion)
        #expect(answer.status == 200 && answer.jsonBody?["access_token"]?.stringValue?.isEmpty == false)
        expectRefusal(await post(assertion), "AADSTS50027")
        expectRefusal(await post(try await grant().assertion(now: Date(), id: "jti-1")), "AADSTS50027")
    }

    @Test("PS256 (RSA-PSS) and x5t#S256 are accepted as Entra ID accepts them")
    func pssAndSHA256Thumbprint() async throws {
        let made = try Self.registered.get()
        let pss = try ClientAssertionCertificate(
            certificatePEM: made.certificatePEM,
            keyPEM: made.keyPEM,
            algorithm: .ps256,
            now: Date()
        )
        let grant = OAuthClientAssertion(
            tokenURL: Self.tokenURL,
            clientID: MSTeamsDemo.clientID,
            certificate: pss,
            thumbprint: .sha256
        )
        let answer = await post(try await grant.assertion(now: Date()))
        #expect(answer.status == 200, "\(String(describing: answer.jsonBody))")
    }

    @Test("an unregistered certificate, another key, a wrong audience, issuer or time are refused by reason")
    func refusals() async throws {
        let other = try Self.other.get()
        let rogue = try ClientAssertionCertificate(certificatePEM: other.combinedPEM, keyPEM: nil, now: Date())
        let unregistered = try await OAuthClientAssertion(
            tokenURL: Self.tokenURL,
            clientID: MSTeamsDemo.clientID,
            certificate: rogue
        ).assertion(now: Date())
        expectRefusal(await post(unregistered), "AADSTS700027")

        // Signed by another key under the registered certificate's thumbprint.
        let forged = try await rogue.key.sign(
            .issued(
                by: .string(MSTeamsDemo.clientID),
                at: Date(),
                lifetime: 600,
                audience: Self.tokenURL,
                subject: MSTeamsDemo.clientID
            ),
            header: ["x5t": certificate.thumbprint(.sha1)]
        )
        expectRefusal(await post(forged), "AADSTS700027: Client assertion failed signature validation")

        expectRefusal(
            await post(
                try await grant(tokenURL: "https://login.microsoftonline.com/t/oauth2/v2.0/token").assertion(
                    now: Date()
                )
            ),
            "AADSTS700023"
        )
        expectRefusal(await post(try await grant(clientID: "another-app").assertion(now: Date())), "AADSTS700021")
        expectRefusal(await post(try await grant().assertion(now: Date().addingTimeInterval(-1200))), "AADSTS700024")
        expectRefusal(await post(try await grant().assertion(now: Date().addingTimeInterval(3600))), "AADSTS700024")
        expectRefusal(
            await post(try await grant().assertion(now: Date()), clientID: "nobody"),
            "AADSTS700016",
            status: 400,
            error: "unauthorized_client"
        )
    }
}
