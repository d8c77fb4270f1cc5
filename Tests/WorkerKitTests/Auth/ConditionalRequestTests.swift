import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

@Suite("Conditional requests through the ETag cache")
struct ConditionalRequestTests {
    /// A server whose `/items` answer has ETag `"v1"` (or `"v2"` after `/change`), with a Link header, answering
    /// `If-None-Match` with a 304 that carries only a fresh rate-limit header.
    static func startServer(extraHeaders: [(String, String)] = []) async throws -> TestHTTPServer {
        try await TestHTTPServer.start { request, index in
            let version = request.uri.contains("changed") ? "v2" : "v1"
            let etag = "\"\(version)\""
            if request.headers.first(name: "if-none-match") == etag {
                return ScriptedResponse(
                    status: .notModified,
                    headers: [("ETag", etag), ("X-RateLimit-Remaining", "\(100 - index)")]
                )
            }
            return ScriptedResponse(
                headers: [
                    ("ETag", etag), ("Content-Type", "application/json"), ("Link", "</items?page=2>; rel=\"next\""),
                    ("X-RateLimit-Remaining", "\(100 - index)"), ("Set-Cookie", "s=1"),
                ] + extraHeaders,
                body: #"{"version":"\#(version)"}"#
            )
        }
    }

    static func client() -> VendorHTTPClient {
        VendorHTTPClient(vendor: "acme", secrets: SecretRegistry(), clock: RecordingClock().clock)
    }

    @Test func a304IsAnsweredFromTheCache() async throws {
        let server = try await Self.startServer()
        defer { Task { await server.stop() } }
        let cache = ETagCache(capacity: 10)
        let alice = try StaticTokenProvider("alice-token")
        var request = VendorRequest(url: server.baseURL + "/items")
        request.headers.add(name: "Authorization", value: "Bearer alice-token")
        let logger = LogCapture().logger()
        let first = try await Self.client().call(request, etags: cache, identity: alice.identity, logger: logger)
        #expect(first.response.status == 200 && !first.fromCache)
        #expect(cache.count == 1)
        let second = try await Self.client().call(request, etags: cache, identity: alice.identity, logger: logger)
        #expect(second.fromCache && second.response.status == 304)
        #expect(second.response.body == first.response.body)
        #expect(try second.response.json() == ["version": "v1"])
        // Headers of the cached answer survive (Link, Content-Type), updated by the 304's own.
        #expect(
            second.response.nextLink == server.baseURL + "/items?page=2" || second.response.nextLink == "/items?page=2"
        )
        #expect(second.response.headers.first(name: "content-type") == "application/json")
        #expect(second.response.headers.first(name: "x-ratelimit-remaining") == "99")
        #expect(second.response.headers["set-cookie"].isEmpty)
        #expect(server.requests.map { $0.headers.first(name: "if-none-match") } == [nil, "\"v1\""])
    }

    @Test func anotherCredentialNeverGetsTheCachedAnswer() async throws {
        let server = try await Self.startServer()
        defer { Task { await server.stop() } }
        let cache = ETagCache(capacity: 10)
        let logger = LogCapture().logger()
        let alice = try StaticTokenProvider("alice-token")
        let bob = try StaticTokenProvider("bob-token")
        let request = VendorRequest(url: server.baseURL + "/items")
        _ = try await Self.client().call(request, etags: cache, identity: alice.identity, logger: logger)
        let asBob = try await Self.client().call(request, etags: cache, identity: bob.identity, logger: logger)
        #expect(!asBob.fromCache && asBob.response.status == 200)
        #expect(server.requests.map { $0.headers.first(name: "if-none-match") } == [nil, nil])
        #expect(cache.count == 2)
        // A different Accept is a different answer.
        var other = request
        other.headers.add(name: "Accept", value: "application/vnd.raw")
        let raw = try await Self.client().call(other, etags: cache, identity: alice.identity, logger: logger)
        #expect(!raw.fromCache && server.requests.last?.headers.first(name: "if-none-match") == nil)
    }

    @Test func aChangedResourceReplacesTheEntry() async throws {
        let server = try await Self.startServer()
        defer { Task { await server.stop() } }
        let cache = ETagCache(capacity: 10)
        let logger = LogCapture().logger()
        let request = VendorRequest(url: server.baseURL + "/items?changed=1")
        let identity = CredentialIdentity.anonymous
        _ = try await Self.client().call(request, etags: cache, identity: identity, logger: logger)
        let again = try await Self.client().call(request, etags: cache, identity: identity, logger: logger)
        #expect(again.fromCache)
        #expect(try again.response.json() == ["version": "v2"])
    }

    @Test(arguments: [("Cache-Control", "private, no-store"), ("Vary", "*")])
    func answersTheVendorForbidsKeepingAreNotCached(header: String, value: String) async throws {
        let server = try await Self.startServer(extraHeaders: [(header, value)])
        defer { Task { await server.stop() } }
        let cache = ETagCache(capacity: 10)
        let request = VendorRequest(url: server.baseURL + "/items")
        _ = try await Self.client().call(request, etags: cache, identity: .anonymous, logger: LogCapture().logger())
        #expect(cache.count == 0)
    }

    @Test func anAnswerIsReusedOnlyForTheHeaderValuesItVariesBy() async throws {
        let server = try await Self.startServer(extraHeaders: [("Vary", "Accept-Encoding, X-Tenant, Authorization")])
        defer { Task { await server.stop() } }
        let cache = ETagCache(capacity: 10)
        let logger = LogCapture().logger()
        var tenantA = VendorRequest(url: server.baseURL + "/items")
        tenantA.headers.add(name: "X-Tenant", value: "a")
        tenantA.headers.add(name: "Authorization", value: "Bearer first-token")
        var tenantB = tenantA
        tenantB.headers.replaceOrAdd(name: "X-Tenant", value: "b")
        let identity = CredentialIdentity(kind: "app", parts: ["42"])
        _ = try await Self.client().call(tenantA, etags: cache, identity: identity, logger: logger)
        let other = try await Self.client().call(tenantB, etags: cache, identity: identity, logger: logger)
        #expect(!other.fromCache && server.requests[1].headers.first(name: "if-none-match") == nil)
        // The same tenant with a renewed token of the same identity: Authorization is the identity's business.
        var renewed = tenantB
        renewed.headers.replaceOrAdd(name: "Authorization", value: "Bearer second-token")
        let again = try await Self.client().call(renewed, etags: cache, identity: identity, logger: logger)
        #expect(again.fromCache)
    }

    @Test func writesAreNeverCachedOrConditional() async throws {
        let server = try await Self.startServer()
        defer { Task { await server.stop() } }
        let cache = ETagCache(capacity: 10)
        let request = VendorRequest.json(.POST, url: server.baseURL + "/items", body: ["a": 1])
        let answer = try await Self.client().call(
            request,
            etags: cache,
            identity: .anonymous,
            logger: LogCapture().logger()
        )
        #expect(!answer.fromCache && cache.count == 0)
        #expect(server.requests.first?.headers.first(name: "if-none-match") == nil)
    }
}
