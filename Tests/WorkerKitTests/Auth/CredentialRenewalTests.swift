import Foundation
import NIOHTTP1
import StructuredData
import Synchronization
import Testing
import WorkerKit

@Suite("Credential transport: one renewal on 401, tokens cached by identity")
struct CredentialRenewalTests {
    /// A client-credentials token endpoint at `/token` handing out `cc-<n>` for an hour, and `/items` accepting them.
    final class Issuer: Sendable {
        let valid = Mutex<Set<String>>([])
        let issued = Mutex(0)
        let refuseAll = Mutex(false)

        func respond(_ request: ReceivedRequest) -> ScriptedResponse {
            let json = [("Content-Type", "application/json")]
            if request.uri == "/token" {
                let token =
                    "cc-"
                    + String(
                        issued.withLock {
                            $0 += 1; return $0
                        }
                    )
                valid.withLock { _ = $0.insert("Bearer " + token) }
                return ScriptedResponse(headers: json, body: #"{"access_token":"\#(token)","expires_in":3600}"#)
            }
            let authorization = request.headers.first(name: "authorization") ?? ""
            let ok = !refuseAll.withLock { $0 } && valid.withLock { $0.contains(authorization) }
            return ok
                ? ScriptedResponse(headers: json, body: "{}")
                : ScriptedResponse(status: .unauthorized, headers: json, body: #"{"message":"token expired"}"#)
        }
    }

    static func profiles(_ base: String, secrets: [String: String]) -> String {
        let entries = secrets.keys.sorted().map { name in
            #"{"name": "\#(name)", "base_url": "\#(base)", "client_id": "ci", "client_secret": "\#(secrets[name]!)", "token_url": "/token"}"#
        }
        return "[" + entries.joined(separator: ",") + "]"
    }

    @Test func anExpiredTokenIsRenewedOnceAndTheCallRetried() async throws {
        let issuer = Issuer()
        let server = try await TestHTTPServer.start { request, _ in issuer.respond(request) }
        defer { Task { await server.stop() } }
        let rig = try CredentialTransportRig(profiles: Self.profiles(server.baseURL, secrets: ["a": "secret-a"]))
        #expect(try await rig.get("a").status == 200)
        issuer.valid.withLock { $0 = [] }  // the vendor expired cc-1 early
        #expect(try await rig.get("a").status == 200)
        #expect(server.requests.map(\.uri) == ["/token", "/items", "/items", "/token", "/items"])
        #expect(server.requests.last?.headers.first(name: "authorization") == "Bearer cc-2")
        #expect(rig.logs.all.contains { $0.contains("renewing it once") })
    }

    @Test func aSecond401IsUnauthorizedWithoutALoop() async throws {
        let issuer = Issuer()
        issuer.refuseAll.withLock { $0 = true }
        let server = try await TestHTTPServer.start { request, _ in issuer.respond(request) }
        defer { Task { await server.stop() } }
        let rig = try CredentialTransportRig(profiles: Self.profiles(server.baseURL, secrets: ["a": "secret-a"]))
        let error = try #require(await rig.failure("a"))
        #expect(error.code == .unauthorized)
        #expect(error.message.contains("refused the renewed oauth credential of profile \"a\""))
        #expect(server.requests.map(\.uri) == ["/token", "/items", "/token", "/items"])
        #expect(!error.message.contains("cc-") && !error.message.contains("secret-a"))
    }

    @Test func profilesWithTheSameCredentialShareOneToken() async throws {
        let issuer = Issuer()
        let server = try await TestHTTPServer.start { request, _ in issuer.respond(request) }
        defer { Task { await server.stop() } }
        let tokens = ExchangedTokenCache()
        let rig = try CredentialTransportRig(
            profiles: Self.profiles(server.baseURL, secrets: ["a": "secret-a", "b": "secret-a", "c": "secret-c"]),
            tokens: tokens
        )
        for name in ["a", "b", "a", "b"] { _ = try await rig.get(name) }
        #expect(server.requests.filter { $0.uri == "/token" }.count == 1)
        _ = try await rig.get("c")
        #expect(server.requests.filter { $0.uri == "/token" }.count == 2)
        let a = try rig.transport.profile(for: ["profile": "a"])
        let b = try rig.transport.profile(for: ["profile": "b"])
        let c = try rig.transport.profile(for: ["profile": "c"])
        #expect(a.credential?.identity == b.credential?.identity)
        #expect(a.credential?.identity != c.credential?.identity)
        #expect(await tokens.count == 2)
        let items = server.requests.filter { $0.uri == "/items" }.compactMap { $0.headers.first(name: "authorization") }
        #expect(items == ["Bearer cc-1", "Bearer cc-1", "Bearer cc-1", "Bearer cc-1", "Bearer cc-2"])
    }
}
