import Foundation
import NIOHTTP1
import StructuredData
import Synchronization
import Testing
import WorkerKit

/// Each paging strategy against a loopback vendor through `VendorHTTPClient.allPages`: the requests it makes, how
/// it ends (the vendor's signal, an empty page), and the vendor that leads back to a page already read.
@Suite("Paging strategies")
struct PagingStrategyTests {
    let client = VendorHTTPClient(vendor: "Acme", secrets: SecretRegistry(), clock: RecordingClock().clock)

    func pages(
        _ server: TestHTTPServer,
        _ request: VendorRequest,
        _ strategy: any PaginationStrategy,
        maxPages: Int = 100,
        itemsKey: String? = nil
    ) async throws(WorkerError) -> [JSONValue] {
        try await client.allPages(
            request,
            strategy: strategy,
            maxPages: maxPages,
            itemsKey: itemsKey,
            logger: LogCapture().logger()
        )
        .map { response throws(WorkerError) in try response.json() }
    }

    // MARK: Link headers

    @Test func aLinkMarkedResultsFalseEndsTheList() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            let cursor = Query(request.uri)["cursor"] ?? "0:0:0"
            let second = cursor == "0:100:0"
            let results = second ? "false" : "true"
            return ScriptedResponse(
                headers: [
                    (
                        "Link",
                        #"</events/?cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", "#
                            + #"</events/?cursor=0:\#(second ? 200 : 100):0>; rel="next"; results="\#(results)"; cursor="0:100:0""#
                    )
                ],
                body: second ? "[2]" : "[1]"
            )
        }
        defer { Task { await server.stop() } }
        let bodies = try await pages(server, VendorRequest(url: server.baseURL + "/events/"), LinkPagination())
        #expect(bodies == [[1], [2]])
        #expect(server.requests.map(\.uri) == ["/events/", "/events/?cursor=0:100:0"])
    }

    @Test(
        arguments: [
            (#"<https://a/x?c=1>; rel="next"; results="false"; cursor="1", <https://a/x?c=0>; rel="prev""#, nil),
            (#"<https://a/x?c=1>; rel="next"; results="true"; cursor="0:1;2,3""#, "https://a/x?c=1"),
            (#"<https://a/x?c=1>; title="a; rel=next", <https://a/y>; REL=NEXT"#, "https://a/y"),
        ] as [(String, String?)]
    )
    func linkParametersAreReadWithTheirQuotes(value: String, next: String?) {
        #expect(LinkHeader.target(rel: "next", in: [value]) == next)
    }

    @Test func linkParametersAreExposed() {
        let links = LinkHeader.links(in: [#"<https://a/x?c=1>; rel="next"; results="false"; cursor="0:1:0""#])
        #expect(links.count == 1)
        #expect(links.first?.parameters == ["rel": "next", "results": "false", "cursor": "0:1:0"])
        #expect(links.first?.saysNoResults == true && links.first?.relations == ["next"])
    }

    @Test func aQueryFieldReplacesItsParameterAndKeepsTheRestOfTheURL() throws {
        let request = VendorRequest(url: "https://x.example/y?cursor=old&limit=2&q=a%2Cb&cursor=dup#frag")
        let next = try RequestField.query("cursor").setting("a b/c", in: request)
        #expect(next.url == "https://x.example/y?cursor=a%20b%2Fc&limit=2&q=a%2Cb#frag")
        #expect(try RequestField.query("q").text(in: next) == "a,b")
        #expect(try RequestField.query("absent").setting(7, in: next).url.hasSuffix("&q=a%2Cb&absent=7#frag"))
        let post = VendorRequest.json(.POST, url: "https://x.example/s", body: ["page": ["size": 5]])
        let deep = try RequestField.body("page.token").setting("t1", in: post)
        #expect(try JSONParser.parse(deep.body ?? [], file: "body").value == ["page": ["size": 5, "token": "t1"]])
        #expect(try RequestField.body("page.size").text(in: deep) == "5")
        let error = #expect(throws: WorkerError.self) {
            _ = try RequestField.body("token").setting(
                "t",
                in: VendorRequest(method: .POST, url: "https://x", body: Array("[1]".utf8))
            )
        }
        #expect(error?.code == .handlerFailed)
    }

    // MARK: Cursors and page tokens

    @Test func aBodyCursorIsSentBackAsAQueryParameterUntilItIsEmpty() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            let next = ["": "dXNlcjpVMEc5V0ZYTlo=", "dXNlcjpVMEc5V0ZYTlo=": "c2Vjb25k", "c2Vjb25k": ""]
            let cursor = Query(request.uri)["cursor"] ?? ""
            return ScriptedResponse(
                body:
                    #"{"ok": true, "members": ["\#(cursor)"], "response_metadata": {"next_cursor": "\#(next[cursor] ?? "")"}}"#
            )
        }
        defer { Task { await server.stop() } }
        let strategy = CursorPagination(from: .body("response_metadata.next_cursor"), sendAs: .query("cursor"))
        let bodies = try await pages(server, VendorRequest(url: server.baseURL + "/users.list?limit=2"), strategy)
        #expect(bodies.count == 3)
        #expect(
            server.requests.map(\.uri) == [
                "/users.list?limit=2", "/users.list?limit=2&cursor=dXNlcjpVMEc5V0ZYTlo%3D",
                "/users.list?limit=2&cursor=c2Vjb25k",
            ]
        )
    }

    @Test func aHeaderCursorEndsWhenTheHeaderIsGone() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            let page = Int(Query(request.uri)["after"] ?? "0") ?? 0
            return ScriptedResponse(headers: page < 2 ? [("X-Next-Cursor", "\(page + 1)")] : [], body: "[\(page)]")
        }
        defer { Task { await server.stop() } }
        let strategy = CursorPagination(from: .header("X-Next-Cursor"), sendAs: .query("after"))
        let bodies = try await pages(server, VendorRequest(url: server.baseURL + "/log"), strategy)
        #expect(bodies == [[0], [1], [2]])
    }

    @Test func aPageTokenGoesBackInTheJSONBodyOfAPost() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            let body = (try? JSONParser.parse(request.body, file: "request").value) ?? .null
            let token = body["nextPageToken"]?.stringValue
            let next =
                token == nil ? #", "nextPageToken": "tok-2""# : token == "tok-2" ? #", "nextPageToken": "tok-3""# : ""
            return ScriptedResponse(body: #"{"issues": [{"key": "\#(token ?? "first")"}]\#(next)}"#)
        }
        defer { Task { await server.stop() } }
        let request = VendorRequest.json(
            .POST,
            url: server.baseURL + "/rest/api/3/search/jql",
            body: ["jql": "project = OPS", "maxResults": 1, "fields": ["summary"]]
        )
        let strategy = CursorPagination(
            from: .body("nextPageToken"),
            sendAs: .body("nextPageToken"),
            noun: "page token"
        )
        let bodies = try await pages(server, request, strategy)
        #expect(bodies.map { $0["issues"]?.arrayValue?.first?["key"] } == ["first", "tok-2", "tok-3"])
        #expect(server.requests.allSatisfy { $0.method == .POST && $0.uri == "/rest/api/3/search/jql" })
        let sent = try server.requests.map { try JSONParser.parse($0.body, file: "sent").value }
        #expect(sent[0] == ["jql": "project = OPS", "maxResults": 1, "fields": ["summary"]])
        #expect(
            sent[2] == ["jql": "project = OPS", "maxResults": 1, "fields": ["summary"], "nextPageToken": "tok-3"]
        )
        #expect(server.requests.allSatisfy { $0.headers.first(name: "content-type") == "application/json" })
    }

    @Test func aParameterTokenGoesInTheQueryOfAGetAndTheBodyOfAPost() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            let fromBody = (try? JSONParser.parse(request.body, file: "request").value)?["NextToken"]?.stringValue
            let token = fromBody ?? Query(request.uri)["NextToken"]
            return ScriptedResponse(
                body: token == nil ? #"{"Items": [], "NextToken": "aws-2"}"# : #"{"NextToken": null}"#
            )
        }
        defer { Task { await server.stop() } }
        let strategy = CursorPagination(from: .body("NextToken"), sendAs: .parameter("NextToken"), noun: "token")
        _ = try await pages(server, VendorRequest(url: server.baseURL + "/?Action=List"), strategy)
        _ = try await pages(server, .json(.POST, url: server.baseURL + "/", body: ["MaxResults": 5]), strategy)
        #expect(server.requests.map(\.uri) == ["/?Action=List", "/?Action=List&NextToken=aws-2", "/", "/"])
        #expect(
            try JSONParser.parse(server.requests[3].body, file: "sent").value == [
                "MaxResults": 5, "NextToken": "aws-2",
            ]
        )
    }

    @Test func aContinueTokenKeepsTheLimit() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            let token = Query(request.uri)["continue"]
            let next = token == nil ? "eyJydiI6MTB9" : ""
            return ScriptedResponse(body: #"{"kind": "PodList", "metadata": {"continue": "\#(next)"}, "items": [{}]}"#)
        }
        defer { Task { await server.stop() } }
        let strategy = CursorPagination(from: .body("metadata.continue"), sendAs: .query("continue"))
        _ = try await pages(server, VendorRequest(url: server.baseURL + "/api/v1/pods?limit=1"), strategy)
        #expect(server.requests.map(\.uri) == ["/api/v1/pods?limit=1", "/api/v1/pods?limit=1&continue=eyJydiI6MTB9"])
    }

    @Test func theSameCursorAgainStopsWithAVendorError() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(body: #"{"items": [1], "next": "stuck-cursor"}"#)
        }
        defer { Task { await server.stop() } }
        let strategy = CursorPagination(from: .body("next"), sendAs: .query("cursor"))
        let error = await #expect(throws: WorkerError.self) {
            _ = try await pages(server, VendorRequest(url: server.baseURL + "/items"), strategy)
        }
        #expect(error?.code == .vendorError)
        #expect(error?.message.contains(#"cursor "stuck-cursor""#) == true)
        #expect(server.requests.count == 2, "the repeated cursor is not asked for a third time")
    }

    // MARK: Offsets

    @Test func offsetsAdvanceByTheLimitWhileTheMoreFlagIsSet() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            let query = Query(request.uri)
            let offset = Int(query["offset"] ?? "0") ?? 0
            let limit = Int(query["limit"] ?? "25") ?? 25
            let items = (offset..<min(offset + limit, 5)).map(String.init).joined(separator: ",")
            return ScriptedResponse(
                body:
                    #"{"incidents": [\#(items)], "offset": \#(offset), "limit": \#(limit), "more": \#(offset + limit < 5)}"#
            )
        }
        defer { Task { await server.stop() } }
        let strategy = OffsetPagination(end: .moreFlag(.body("more")), servedOffset: .body("offset"))
        let bodies = try await pages(
            server,
            VendorRequest(url: server.baseURL + "/incidents?limit=2"),
            strategy,
            itemsKey: "incidents"
        )
        #expect(bodies.compactMap { $0["incidents"] } == [[0, 1], [2, 3], [4]])
        #expect(
            server.requests.map(\.uri) == [
                "/incidents?limit=2", "/incidents?limit=2&offset=2", "/incidents?limit=2&offset=4",
            ]
        )
    }

    @Test func aVendorServingTheSameOffsetAgainStopsWithAVendorError() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(body: #"{"incidents": [1, 2], "offset": 0, "limit": 2, "more": true}"#)
        }
        defer { Task { await server.stop() } }
        let strategy = OffsetPagination(end: .moreFlag(.body("more")), servedOffset: .body("offset"))
        let error = await #expect(throws: WorkerError.self) {
            _ = try await pages(
                server,
                VendorRequest(url: server.baseURL + "/incidents?offset=0&limit=2"),
                strategy,
                itemsKey: "incidents"
            )
        }
        #expect(error?.code == .vendorError)
        #expect(error?.message.contains("offset 2") == true)
        #expect(server.requests.count == 2)
    }

    @Test func anEmptyPageEndsOffsetPagingWhateverTheFlagSays() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(body: #"{"incidents": [], "more": true}"#)
        }
        defer { Task { await server.stop() } }
        let strategy = OffsetPagination(end: .moreFlag(.body("more")))
        let bodies = try await pages(
            server,
            VendorRequest(url: server.baseURL + "/incidents?limit=2"),
            strategy,
            itemsKey: "incidents"
        )
        #expect(bodies.count == 1)
    }

    @Test func aTotalHeaderOrAShortPageEndsOffsetPaging() async throws {
        // 5 records, pages of 2: the total ends it after the third page; without a total, the short page does.
        let server = try await TestHTTPServer.start { request, _ in
            let query = Query(request.uri)
            let offset = Int(query["sysparm_offset"] ?? "0") ?? 0
            let items = (offset..<min(offset + 2, 5)).map { #"{"n": \#($0)}"# }.joined(separator: ",")
            let total = request.uri.hasPrefix("/total") ? [("X-Total-Count", "5")] : []
            return ScriptedResponse(headers: total, body: #"{"result": [\#(items)]}"#)
        }
        defer { Task { await server.stop() } }
        for (path, end) in [
            ("/total", OffsetPagination.End.total(.header("X-Total-Count"))), ("/short", .shortPage),
        ] {
            let strategy = OffsetPagination(offset: .query("sysparm_offset"), limit: .query("sysparm_limit"), end: end)
            let bodies = try await pages(
                server,
                VendorRequest(url: server.baseURL + path + "?sysparm_limit=2"),
                strategy,
                itemsKey: "result"
            )
            #expect(bodies.map { $0["result"]?.arrayValue?.count } == [2, 2, 1], "\(path)")
        }
        #expect(
            server.requests.map(\.uri).prefix(3) == [
                "/total?sysparm_limit=2", "/total?sysparm_limit=2&sysparm_offset=2",
                "/total?sysparm_limit=2&sysparm_offset=4",
            ]
        )
        #expect(server.requests.count == 6)
    }

    @Test func aTotalReachedExactlyStopsWithoutAnEmptyPage() async throws {
        let server = try await TestHTTPServer.start { _, index in
            ScriptedResponse(body: #"{"values": [1, 2], "total": 4, "startAt": \#(index * 2)}"#)
        }
        defer { Task { await server.stop() } }
        let strategy = OffsetPagination(
            offset: .parameter("startAt"),
            limit: .parameter("maxResults"),
            end: .total(.body("total"))
        )
        let request = VendorRequest.json(.POST, url: server.baseURL + "/search", body: ["maxResults": 2, "jql": "x"])
        _ = try await pages(server, request, strategy, itemsKey: "values")
        #expect(server.requests.count == 2)
        let second = try JSONParser.parse(server.requests[1].body, file: "sent").value
        #expect(second == ["maxResults": 2, "jql": "x", "startAt": 2])
    }

    @Test func offsetPagingWithoutALimitOrItemCountSaysWhatIsMissing() async throws {
        let server = try await TestHTTPServer.start { _, _ in ScriptedResponse(body: #"{"more": true}"#) }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: WorkerError.self) {
            _ = try await pages(
                server,
                VendorRequest(url: server.baseURL + "/x"),
                OffsetPagination(end: .moreFlag(.body("more")))
            )
        }
        #expect(error?.code == .handlerFailed)
        #expect(error?.message.contains(#"query parameter "limit""#) == true)
    }

    // MARK: Links in the body

    @Test func aNextLinkInTheBodyIsFollowedUntilItIsAbsent() async throws {
        let base = Mutex("")
        let server = try await TestHTTPServer.start { request, _ in
            let url = base.withLock { $0 }
            let link =
                request.uri.contains("skiptoken") ? "" : #", "@odata.nextLink": "\#(url)/v1.0/users?$skiptoken=X2""#
            return ScriptedResponse(body: #"{"value": [1]\#(link)}"#)
        }
        defer { Task { await server.stop() } }
        base.withLock { $0 = server.baseURL }
        let bodies = try await pages(
            server,
            VendorRequest(url: server.baseURL + "/v1.0/users?$top=1"),
            BodyLinkPagination(BodyPath(keys: ["@odata.nextLink"]))
        )
        #expect(bodies.count == 2)
        #expect(server.requests.map(\.uri) == ["/v1.0/users?$top=1", "/v1.0/users?$skiptoken=X2"])
    }

    @Test func aNextLinkInTheBodyToAnotherOriginIsRefused() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(body: #"{"value": [], "nextLink": "https://evil.example/subscriptions?page=2"}"#)
        }
        defer { Task { await server.stop() } }
        var request = VendorRequest(url: server.baseURL + "/subscriptions?api-version=2022-12-01")
        request.headers.add(name: "Authorization", value: "Bearer arm-token-5678")
        let error = await #expect(throws: WorkerError.self) {
            _ = try await pages(server, request, BodyLinkPagination("nextLink"))
        }
        #expect(error?.code == .vendorError)
        #expect(error?.message.contains("evil.example") == true)
        #expect(server.requests.count == 1)
    }

    @Test func theSameLinkAgainStopsWithAVendorError() async throws {
        let base = Mutex("")
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(body: #"{"value": [1], "nextLink": "\#(base.withLock { $0 })/items?page=2"}"#)
        }
        defer { Task { await server.stop() } }
        base.withLock { $0 = server.baseURL }
        let error = await #expect(throws: WorkerError.self) {
            _ = try await pages(server, VendorRequest(url: server.baseURL + "/items"), BodyLinkPagination("nextLink"))
        }
        #expect(error?.code == .vendorError)
        #expect(error?.message.contains("next-page link") == true)
        #expect(server.requests.count == 2)
    }

    @Test func anEndlessListIsCutAtThePageLimitWithANotice() async throws {
        let server = try await TestHTTPServer.start { _, index in
            ScriptedResponse(body: #"{"items": [\#(index)], "next": "c\#(index + 1)"}"#)
        }
        defer { Task { await server.stop() } }
        let log = LogCapture()
        let responses = try await client.allPages(
            VendorRequest(url: server.baseURL + "/items"),
            strategy: CursorPagination(from: .body("next"), sendAs: .query("cursor")),
            maxPages: 7,
            logger: log.logger()
        )
        #expect(responses.count == 7 && server.requests.count == 7)
        #expect(log.all.contains { $0.hasPrefix("notice") && $0.contains("page limit of 7") })
    }
}

/// The decoded query parameters of a request URI.
struct Query {
    private var values: [String: String] = [:]

    init(_ uri: String) {
        guard let mark = uri.firstIndex(of: "?") else { return }
        for pair in uri[uri.index(after: mark)...].split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let value = parts.count == 2 ? String(parts[1]) : ""
            values[String(parts[0])] = value.removingPercentEncoding ?? value
        }
    }

    subscript(name: String) -> String? { values[name] }
}
