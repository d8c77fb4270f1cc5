import EmulatorKit
import StructuredData
import Testing

@Suite("Pagination, ETag and path patterns")
struct HelperTests {
    static func request(_ target: String, headers: [String: String] = [:]) -> EmulatorRequest {
        EmulatorRequest(method: "GET", target: target, headers: headers, baseURL: "http://127.0.0.1:9000")
    }

    @Test("a middle page links to first, prev, next and last, keeping other parameters")
    func middlePage() {
        let items = (1...25).map { JSONValue.integer($0) }
        let page = Pagination.page(items, request: Self.request("/list?state=open&per_page=10&page=2"))
        #expect(page.items == (11...20).map { JSONValue.integer($0) })
        #expect(page.lastPage == 3)
        let link = page.linkHeader ?? ""
        #expect(link.contains("<http://127.0.0.1:9000/list?state=open&per_page=10&page=3>; rel=\"next\""))
        #expect(link.contains("<http://127.0.0.1:9000/list?state=open&per_page=10&page=3>; rel=\"last\""))
        #expect(link.contains("<http://127.0.0.1:9000/list?state=open&per_page=10&page=1>; rel=\"prev\""))
        #expect(link.contains("<http://127.0.0.1:9000/list?state=open&per_page=10&page=1>; rel=\"first\""))
    }

    @Test("the last page has no next; one page has no Link; per_page is capped; bad values use defaults")
    func edges() {
        let items = (1...25).map { JSONValue.integer($0) }
        let last = Pagination.page(items, request: Self.request("/l?per_page=10&page=3"))
        #expect(last.items.count == 5)
        #expect(last.linkHeader?.contains("rel=\"next\"") == false)
        #expect(Pagination.page(items, request: Self.request("/l")).linkHeader == nil)
        #expect(Pagination.page(items, request: Self.request("/l")).items.count == 25)
        #expect(Pagination.page(items, request: Self.request("/l?per_page=500"), maxPerPage: 100).perPage == 100)
        #expect(Pagination.page(items, request: Self.request("/l?per_page=x&page=-3")).page == 1)
        #expect(Pagination.page(items, request: Self.request("/l?page=9&per_page=10")).items.isEmpty)
    }

    @Test("a Link header is served over HTTP")
    func linkOverHTTP() async throws {
        let server = try await EmulatorServer.start { request in
            Pagination.page((1...5).map { JSONValue.integer($0) }, request: request, defaultPerPage: 2).response()
        }
        defer { Task { await server.stop() } }
        let answer = try await HTTPTestClient(baseURL: server.baseURL).send("GET", "/items")
        #expect(answer.json == [1, 2])
        #expect(answer.headers["link"]?.contains("\(server.baseURL)/items?per_page=2&page=2>; rel=\"next\"") == true)
    }

    @Test("GET answers carry an ETag; a matching If-None-Match gets 304 without a body")
    func conditional() async throws {
        let server = try await EmulatorServer.start { request in
            ETag.conditional(.json(["v": 1]), for: request)
        }
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        let first = try await client.send("GET", "/thing")
        let tag = try #require(first.headers["etag"])
        #expect(tag.hasPrefix("W/\""))
        let second = try await client.send("GET", "/thing", headers: ["If-None-Match": tag])
        #expect(second.status == 304)
        #expect(second.body.isEmpty)
        #expect(second.headers["etag"] == tag)
        #expect(try await client.send("GET", "/thing", headers: ["If-None-Match": "\"other\""]).status == 200)
        #expect(ETag.matches("\"a\", \(tag)", tag))
        #expect(ETag.matches("*", tag))
    }

    @Test("path patterns: literals, *, **, {name}, {name...} with fixed tails")
    func patterns() throws {
        #expect(
            try PathPattern("/repos/{owner}/{repo}").match("/repos/acme/widgets") == [
                "owner": "acme", "repo": "widgets",
            ]
        )
        #expect(try PathPattern("/repos/*/*/issues").match("/repos/a/b/issues") == [:])
        #expect(try PathPattern("/repos/*/*/issues").match("/repos/a/b/issues/1") == nil)
        #expect(try PathPattern("/repos/**").match("/repos/a/b/c") == [:])
        #expect(try PathPattern("/c/{path...}").match("/c/a/b%2Fc") == ["path": "a/b/c"])
        #expect(try PathPattern("/c/{path...}").match("/c") == nil)
        #expect(try PathPattern("/c/{ref...}/status").match("/c/feature/x/status") == ["ref": "feature/x"])
        #expect(try PathPattern("/c/{ref...}/status").match("/c/status") == nil)
        #expect(try PathPattern("/a/**/b").match("/a/b") == [:])
        #expect(throws: EmulatorError.self) { try PathPattern("/a/**/{rest...}") }
    }
}
