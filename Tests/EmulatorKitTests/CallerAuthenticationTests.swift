import EmulatorKit
import Foundation
import StructuredData
import Testing

@Suite("Authenticated callers")
struct CallerAuthenticationTests {
    static func request(_ headers: [String: String]) -> EmulatorRequest {
        EmulatorRequest(method: "GET", path: "/things", headers: headers)
    }

    static var registry: CredentialRegistry {
        var registry = CredentialRegistry()
        registry.register(.token("tok-write"), CallerGrant(subject: "alice", scopes: ["read", "write"]))
        registry.register(.token("tok-read"), CallerGrant(subject: "bob", scopes: ["read"], resources: ["Acme/One"]))
        registry.register(.basic(username: "carol", password: "s3cret"), CallerGrant(subject: "carol", kind: "service"))
        registry.register(
            .apiKeys(["x-org-api-key": "api-1", "x-application-key": "app-1"]),
            CallerGrant(subject: "dana", scopes: ["monitors_read"])
        )
        registry.register(.token("tok-old"), CallerGrant(subject: "eve", expiresAt: 100))
        registry.register(.token("tok-team-1"), CallerGrant(subject: "bot", budgetKey: "team"))
        registry.register(.token("tok-team-2"), CallerGrant(subject: "bot", budgetKey: "team"))
        return registry
    }

    @Test("bearer, token, basic, token-header and API-key credentials each resolve to their caller")
    func schemes() throws {
        let auth = CallerAuthenticator(schemes: [
            .authorization("Bearer", "Token"), .basic, .tokenHeader("X-Secret-Token"),
            .apiKeyHeaders(["X-Org-Api-Key"], optional: ["X-Application-Key"]),
        ])
        let registry = Self.registry
        func subject(_ headers: [String: String]) throws -> String {
            try auth.authenticate(Self.request(headers), registry: registry, now: 0).subject
        }
        #expect(try subject(["authorization": "Bearer tok-write"]) == "alice")
        #expect(try subject(["authorization": "token tok-read"]) == "bob")
        #expect(try subject(["authorization": "  bearer   tok-write "]) == "alice")
        let basic = Data("carol:s3cret".utf8).base64EncodedString()
        #expect(try subject(["authorization": "Basic \(basic)"]) == "carol")
        #expect(try subject(["x-secret-token": "tok-write"]) == "alice")
        #expect(try subject(["x-org-api-key": "api-1", "x-application-key": "app-1"]) == "dana")
        let caller = try auth.authenticate(
            Self.request(["x-org-api-key": "api-1", "x-application-key": "app-1"]),
            registry: registry,
            now: 0
        )
        #expect(caller.credentialKind == "api_key")
        #expect(caller.has(scope: "monitors_read"))
        #expect(!caller.has(scope: "monitors_write"))
    }

    @Test("missing, malformed, unknown and expired credentials fail with their reason and no secret in the message")
    func failures() {
        let auth = CallerAuthenticator(schemes: [
            .bearer, .basic, .apiKeyHeaders(["X-Org-Api-Key", "X-Application-Key"]),
        ])
        let registry = Self.registry
        func reason(_ headers: [String: String], now: Double = 0) -> AuthenticationFailure? {
            if case .failure(let failure) = auth.resolve(Self.request(headers), registry: registry, now: now) {
                return failure
            }
            return nil
        }
        #expect(reason([:])?.reason == .missing)
        #expect(reason(["authorization": "Bearer"])?.reason == .malformed)
        #expect(reason(["authorization": "Digest abc"])?.reason == .malformed)
        #expect(reason(["authorization": "Digest abc"])?.message.contains("digest") == true)
        #expect(reason(["authorization": "Basic !!!notbase64"])?.reason == .malformed)
        #expect(reason(["x-org-api-key": "api-1"])?.reason == .malformed)
        #expect(reason(["x-org-api-key": "api-1"])?.message.contains("x-application-key") == true)
        #expect(reason(["authorization": "Bearer nope-secret"])?.reason == .unknown)
        #expect(reason(["authorization": "Bearer nope-secret"])?.message.contains("nope-secret") == false)
        #expect(reason(["authorization": "Bearer tok-old"], now: 99) == nil)
        #expect(reason(["authorization": "Bearer tok-old"], now: 100)?.reason == .expired)
    }

    @Test("a failure answers in the vendor's shape; without one, a 401 with a challenge")
    func vendorShape() throws {
        let vendor = CallerAuthenticator(schemes: [.bearer]) { failure in
            .json(["ok": false, "error": .string(failure.reason == .missing ? "not_authed" : "invalid_auth")])
        }
        #expect(throws: Unauthenticated.self) {
            try vendor.authenticate(Self.request([:]), registry: Self.registry, now: 0)
        }
        do {
            _ = try vendor.authenticate(Self.request(["authorization": "Bearer x"]), registry: Self.registry, now: 0)
        } catch {
            #expect(error.response.status == 200)
            #expect(error.response.jsonBody?["error"] == "invalid_auth")
            #expect(error.failure.reason == .unknown)
        }
        let plain = CallerAuthenticator(schemes: [.bearer])
        do {
            _ = try plain.authenticate(Self.request([:]), registry: Self.registry, now: 0)
        } catch {
            #expect(error.response.status == 401)
            #expect(error.response.headers["www-authenticate"]?.hasPrefix("Bearer") == true)
            #expect(error.response.jsonBody?["code"] == "unauthorized")
        }
    }

    @Test("anonymous callers, resources, budget keys shared by grant and never the secret")
    func anonymousAndBudgets() throws {
        let auth = CallerAuthenticator(schemes: [.bearer], anonymous: .anonymous(subject: "ghost"))
        let registry = Self.registry
        let anonymous = try auth.authenticate(Self.request([:]), registry: registry, now: 0)
        #expect(anonymous.isAnonymous)
        #expect(anonymous.subject == "ghost")
        let bob = try auth.authenticate(Self.request(["authorization": "Bearer tok-read"]), registry: registry, now: 0)
        #expect(bob.canSee("acme/one"))
        #expect(!bob.canSee("acme/two"))
        #expect(!bob.budgetKey.contains("tok-read"))
        let alice = try auth.authenticate(
            Self.request(["authorization": "Bearer tok-write"]),
            registry: registry,
            now: 0
        )
        #expect(alice.canSee("anything"))
        #expect(alice.budgetKey != bob.budgetKey)
        let team1 = try auth.authenticate(
            Self.request(["authorization": "Bearer tok-team-1"]),
            registry: registry,
            now: 0
        )
        let team2 = try auth.authenticate(
            Self.request(["authorization": "Bearer tok-team-2"]),
            registry: registry,
            now: 0
        )
        #expect(team1.budgetKey == "team")
        #expect(team2.budgetKey == "team")
    }

    @Test("revoking a credential stops it; the current caller is visible to handlers")
    func revokeAndCurrent() async throws {
        var registry = Self.registry
        registry.revoke(.token("tok-write"))
        registry.revokeAll { $0.subject == "bot" }
        #expect(registry.grant(for: .token("tok-write")) == nil)
        #expect(registry.grant(for: .token("tok-team-2")) == nil)
        #expect(registry.grant(for: .token("tok-read")) != nil)
        let caller = AuthenticatedCaller.anonymous()
        let seen = await CallerAuthenticator.withCaller(caller) { AuthenticatedCaller.current?.subject }
        #expect(seen == "anonymous")
        #expect(AuthenticatedCaller.current == nil)
    }

    @Test("API-key and token headers are redacted in the request log; idempotency keys are kept")
    func redactedInLog() async {
        let pipeline = EmulatorPipeline(requestLog: RequestLog(redacting: ["X-Org-Passphrase"])) { _ in
            .json(["ok": true])
        }
        let headers = [
            "x-org-api-key": "api-1", "x-application-key": "app-1", "x-secret-token": "s.secret",
            "x-org-passphrase": "open sesame", "idempotency-key": "k1", "x-trace": "t",
            "x-atlassian-token": "no-check",
        ]
        _ = await pipeline.respond(to: EmulatorRequest(method: "GET", path: "/x", headers: headers))
        let entry = pipeline.requestLog.entries[0]
        #expect(entry.headers["x-org-api-key"] == "[REDACTED]")
        #expect(entry.headers["x-application-key"] == "[REDACTED]")
        #expect(entry.headers["x-secret-token"] == "[REDACTED]")
        #expect(entry.headers["x-org-passphrase"] == "[REDACTED]")
        #expect(entry.headers["idempotency-key"] == "k1")
        #expect(entry.headers["x-trace"] == "t")
        #expect(entry.headers["x-atlassian-token"] == "no-check")
    }
}
