import NIOHTTP1
import StructuredData
import Synchronization
import Testing
import WorkerKit

@Suite("Vendor pagination")
struct VendorPaginationTests {
    @Test func followsNextLinksAcrossThreePages() async throws {
        let base = Base()
        let server = try await TestHTTPServer.start { request, _ in
            let page = Int(request.uri.split(separator: "=").last ?? "1") ?? 1
            var headers: [(String, String)] = []
            if page < 3 {
                headers.append(
                    (
                        "Link",
                        #"<\#(base.url)/items?page=\#(page + 1)>; rel="next", <\#(base.url)/items?page=3>; rel="last""#
                    )
                )
            }
            return ScriptedResponse(headers: headers, body: "[\(page)]")
        }
        defer { Task { await server.stop() } }
        base.url = server.baseURL
        var request = VendorRequest(url: server.baseURL + "/items?page=1")
        request.headers.add(name: "Authorization", value: "Bearer page-token-1234")
        let client = VendorHTTPClient(vendor: "acme", secrets: SecretRegistry(), clock: RecordingClock().clock)
        let pages = try await client.allPages(request, logger: LogCapture().logger())
        #expect(try pages.map { try $0.json() } == [[1], [2], [3]])
        #expect(server.requests.map(\.uri) == ["/items?page=1", "/items?page=2", "/items?page=3"])
        #expect(server.requests.allSatisfy { $0.headers.first(name: "authorization") == "Bearer page-token-1234" })
    }

    @Test func stopsAtMaxPagesAndWhenTheBodySaysSo() async throws {
        let server = try await TestHTTPServer.start { _, index in
            ScriptedResponse(headers: [("Link", "</next?i=\(index + 1)>; rel=\"next\"")], body: "[]")
        }
        defer { Task { await server.stop() } }
        let client = VendorHTTPClient(vendor: "acme", secrets: SecretRegistry(), clock: RecordingClock().clock)
        let pages = try await client.allPages(
            VendorRequest(url: server.baseURL),
            maxPages: 4,
            logger: LogCapture().logger()
        )
        #expect(pages.count == 4)
        var seen = 0
        try await client.forEachPage(VendorRequest(url: server.baseURL), logger: LogCapture().logger()) { _ in
            seen += 1
            return seen < 2
        }
        #expect(seen == 2)
    }

    @Test func refusesANextLinkToAnotherHost() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(headers: [("Link", #"<https://evil.example/steal?page=2>; rel="next""#)], body: "[]")
        }
        defer { Task { await server.stop() } }
        let client = VendorHTTPClient(vendor: "acme", secrets: SecretRegistry(), clock: RecordingClock().clock)
        let error = await #expect(throws: WorkerError.self) {
            _ = try await client.allPages(VendorRequest(url: server.baseURL), logger: LogCapture().logger())
        }
        #expect(error?.code == .vendorError)
        #expect(server.requests.count == 1)
    }

    @Test(
        arguments: [
            (#"<https://a/x?page=2>; rel="next", <https://a/x?page=9>; rel="last""#, "https://a/x?page=2"),
            (#"<https://a/x?page=9>; rel="last", <https://a/x?page=2>; rel=next"#, "https://a/x?page=2"),
            (#"<https://a/x?a=1,2>; rel="prev next""#, "https://a/x?a=1,2"),
            (#"<https://a/x?page=1>; rel="prev""#, nil),
            ("", nil),
        ] as [(String, String?)]
    )
    func parsesLinkHeaders(value: String, next: String?) {
        #expect(LinkHeader.target(rel: "next", in: [value]) == next)
    }
}

/// The server's base URL, known only after it started.
private final class Base: Sendable {
    private let value = Mutex("")
    var url: String {
        get { value.withLock { $0 } }
        set { value.withLock { $0 = newValue } }
    }
}
