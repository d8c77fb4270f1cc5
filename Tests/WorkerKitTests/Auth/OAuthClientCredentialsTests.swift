import Foundation
import NIOHTTP1
import Testing
import WorkerKit

@Suite("OAuth client credentials")
struct OAuthClientCredentialsTests {
    static let secret = "s3cr3t+/value"

    /// A token endpoint that checks the client and hands out `at-<n>` for 120 s.
    static func startIssuer() async throws -> TestHTTPServer {
        try await TestHTTPServer.start { request, index in
            let form = String(decoding: request.body, as: UTF8.self)
            let basic = "Basic " + Data("ci-client:\(URLEncoding.component(secret))".utf8).base64EncodedString()
            let viaBody =
                form.contains("client_id=ci-client") && form.contains("client_secret=\(URLEncoding.component(secret))")
            guard request.headers.first(name: "authorization") == basic || viaBody else {
                return ScriptedResponse(
                    status: .unauthorized,
                    headers: [("Content-Type", "application/json")],
                    body: #"{"error":"invalid_client"}"#
                )
            }
            return ScriptedResponse(
                headers: [("Content-Type", "application/json")],
                body: #"{"access_token":"at-\#(index)","token_type":"bearer","expires_in":120}"#
            )
        }
    }

    @Test(arguments: [OAuthClientCredentials.ClientAuthentication.basic, .body])
    func exchangesOnceAndRenewsNearExpiry(authentication: OAuthClientCredentials.ClientAuthentication) async throws {
        let issuer = try await Self.startIssuer()
        defer { Task { await issuer.stop() } }
        let rig = TokenTestRig()
        let http = VendorHTTPClient(vendor: "acme", secrets: SecretRegistry(), clock: RecordingClock().clock)
        let credentials = OAuthClientCredentials(
            tokenURL: issuer.baseURL + "/oauth/token",
            clientID: "ci-client",
            clientSecret: Self.secret,
            scopes: ["read:items", "write:items"],
            parameters: ["audience": "https://api.acme.example"],
            authentication: authentication
        )
        let provider = credentials.provider(http: http, cache: ExchangedTokenCache(refreshMargin: 30), now: { rig.now })
        let logger = LogCapture().logger()
        #expect(try await provider.authorization(logger: logger) == "Bearer at-0")
        #expect(try await provider.authorization(logger: logger) == "Bearer at-0")
        #expect(issuer.requests.count == 1)
        let form = String(decoding: try #require(issuer.requests.first).body, as: UTF8.self)
        #expect(
            form.hasPrefix(
                "grant_type=client_credentials&scope=read%3Aitems+write%3Aitems&audience=https%3A%2F%2Fapi.acme.example"
            )
        )
        #expect(issuer.requests.first?.headers.first(name: "content-type") == "application/x-www-form-urlencoded")
        rig.advance(91)  // inside the 30 s margin of the 120 s token
        #expect(try await provider.authorization(logger: logger) == "Bearer at-1")
        #expect(!http.secrets.scrub("echo at-1").contains("at-1"))
        #expect(!http.secrets.scrub("echo \(Self.secret)").contains(Self.secret))
    }

    @Test func identityCoversTheWholeCredential() {
        let base = OAuthClientCredentials(tokenURL: "https://idp/token", clientID: "a", clientSecret: "s")
        #expect(
            base.identity
                == OAuthClientCredentials(tokenURL: "https://idp/token", clientID: "a", clientSecret: "s").identity
        )
        #expect(
            base.identity
                != OAuthClientCredentials(tokenURL: "https://idp/token", clientID: "a", clientSecret: "t").identity
        )
        #expect(
            base.identity
                != OAuthClientCredentials(tokenURL: "https://other/token", clientID: "a", clientSecret: "s").identity
        )
        #expect(
            base.identity
                != OAuthClientCredentials(
                    tokenURL: "https://idp/token",
                    clientID: "a",
                    clientSecret: "s",
                    scopes: ["admin"]
                ).identity
        )
    }

    @Test func aRefusedClientIsUnauthorizedWithoutItsSecret() async throws {
        let issuer = try await Self.startIssuer()
        defer { Task { await issuer.stop() } }
        let http = VendorHTTPClient(vendor: "acme", secrets: SecretRegistry(), clock: RecordingClock().clock)
        let wrong = OAuthClientCredentials(
            tokenURL: issuer.baseURL + "/oauth/token",
            clientID: "ci-client",
            clientSecret: "wrong-secret-123"
        )
        do {
            _ = try await wrong.exchange(http: http, now: Date(), logger: LogCapture().logger())
            Issue.record("a wrong secret got a token")
        } catch {
            #expect(error.code.rawValue == "unauthorized")
            #expect(error.message.contains("invalid_client") && error.message.contains("ci-client"))
            #expect(!error.message.contains("wrong-secret-123"))
        }
    }
}
