import EmulatorKit
import StructuredData
import Testing

@Suite("Pagination helpers: Link, cursor, offset/limit, page token")
struct PaginationHelperTests {
    static let items = (1...25).map { JSONValue.integer($0) }

    static func request(_ target: String) -> EmulatorRequest {
        EmulatorRequest(method: "GET", target: target, baseURL: "http://127.0.0.1:9000")
    }

    @Test("Link headers format and parse, with extra attributes")
    func linkHeader() {
        let header = LinkHeader.format([
            PageLink(
                url: "http://h/a?cursor=1",
                rel: "next",
                attributes: [.init("results", "true"), .init("cursor", "1")]
            ),
            PageLink(url: "http://h/a?page=1", rel: "first"),
        ])
        #expect(
            header
                == "<http://h/a?cursor=1>; rel=\"next\"; results=\"true\"; cursor=\"1\", <http://h/a?page=1>; rel=\"first\""
        )
        let links = LinkHeader.parse(header ?? "")
        #expect(links.map(\.rel) == ["next", "first"])
        #expect(links[0].attribute("results") == "true")
        #expect(links[0].url == "http://h/a?cursor=1")
        #expect(LinkHeader.format([]) == nil)
        #expect(LinkHeader.parse("garbage <").isEmpty)
    }

    @Test("cursor pages walk the whole list once; the last has no next; links keep other parameters")
    func cursorWalk() throws {
        var seen: [JSONValue] = []
        var cursor: String?
        var pages = 0
        repeat {
            let target = "/l?q=x&limit=10" + (cursor.map { "&cursor=\($0)" } ?? "")
            let page = try Pagination.cursor(Self.items, request: Self.request(target))
            seen += page.items
            cursor = page.nextCursor
            pages += 1
            if let cursor {
                #expect(
                    page.linkHeader(request: Self.request(target))?.contains("q=x&limit=10&cursor=\(cursor)") == true
                )
            }
        } while cursor != nil
        #expect(seen == Self.items)
        #expect(pages == 3)
    }

    @Test("links with results flags: previous and next always present, results=false where there is no page")
    func resultsFlags() throws {
        let first = try Pagination.cursor(Self.items, request: Self.request("/l?limit=10"), codec: .decimal)
        let links = LinkHeader.parse(first.linkHeaderWithResults(request: Self.request("/l?limit=10")))
        #expect(links.map(\.rel) == ["previous", "next"])
        #expect(links[0].attribute("results") == "false")
        #expect(links[1].attribute("results") == "true")
        #expect(links[1].attribute("cursor") == "10")
        let last = try Pagination.cursor(Self.items, request: Self.request("/l?limit=10&cursor=20"), codec: .decimal)
        let lastLinks = LinkHeader.parse(last.linkHeaderWithResults(request: Self.request("/l?limit=10&cursor=20")))
        #expect(last.items.count == 5)
        #expect(lastLinks[0].attribute("results") == "true")
        #expect(lastLinks[0].attribute("cursor") == "10")
        #expect(lastLinks[1].attribute("results") == "false")
    }

    @Test("offset/limit pages report total and more")
    func offsetPages() throws {
        let page = try Pagination.offset(Self.items, request: Self.request("/l?offset=20&limit=10"))
        #expect(page.items.count == 5)
        #expect(page.total == 25)
        #expect(!page.more)
        #expect(try Pagination.offset(Self.items, request: Self.request("/l?limit=10")).more)
        #expect(try Pagination.offset(Self.items, request: Self.request("/l?offset=999")).items.isEmpty)
    }

    @Test("page tokens: nextPageToken until the end; the JSON omits the token on the last page")
    func pageTokens() throws {
        let first = try Pagination.pageToken(Self.items, request: Self.request("/l?pageSize=20"))
        #expect(first.items.count == 20)
        let token = try #require(first.nextPageToken)
        #expect(first.json(itemsKey: "things")["nextPageToken"] == .string(token))
        let last = try Pagination.pageToken(Self.items, request: Self.request("/l?pageSize=20&pageToken=\(token)"))
        #expect(last.items.count == 5)
        #expect(last.nextPageToken == nil)
        #expect(last.json(itemsKey: "things", tokenKey: "NextToken")["NextToken"] == nil)
        let capitalized = try Pagination.pageToken(
            Self.items,
            request: Self.request("/l?MaxResults=5&NextToken=\(token)"),
            tokenParameter: "NextToken",
            sizeParameter: "MaxResults"
        )
        #expect(capitalized.items.first == 21)
    }

    @Test("bad sizes, offsets, cursors and tokens are refused naming the parameter, never crash")
    func badParameters() {
        let bad = [
            "/l?limit=0", "/l?limit=-1", "/l?limit=abc", "/l?limit=100000", "/l?limit=9223372036854775808",
            "/l?cursor=%%%", "/l?cursor=b2Zmc2V0Oi0x", "/l?cursor=9999999999999999999999",
        ]
        for target in bad {
            #expect(throws: PaginationError.self, "\(target)") {
                try Pagination.cursor(Self.items, request: Self.request(target))
            }
        }
        #expect(throws: PaginationError(parameter: "offset", value: "-5", expected: "an integer of 0 or more")) {
            try Pagination.offset(Self.items, request: Self.request("/l?offset=-5"))
        }
        #expect(throws: PaginationError.self) {
            try Pagination.pageToken(Self.items, request: Self.request("/l?pageToken=x"))
        }
        let huge = try? Pagination.cursor(Self.items, request: Self.request("/l?cursor=\(Int.max)"), codec: .decimal)
        #expect(huge?.items.isEmpty == true)
    }

    @Test("pages as JSON: a nested next cursor (blank on the last page), total and more, a cursor header")
    func pageBodies() throws {
        let first = try Pagination.cursor(Self.items, request: Self.request("/l?limit=20"))
        let body = first.json(
            itemsKey: "channels",
            nextCursorPath: ["response_metadata", "next_cursor"],
            extra: ["ok": true]
        )
        #expect(body["ok"] == true)
        #expect(body["channels"]?.arrayValue?.count == 20)
        #expect(body["response_metadata"]?["next_cursor"] == .string(first.nextCursor ?? "-"))
        #expect(first.headers(nextCursorHeader: "X-Next-Cursor") == ["x-next-cursor": first.nextCursor ?? "-"])
        let last = try Pagination.cursor(
            Self.items,
            request: Self.request("/l?limit=20&cursor=\(first.nextCursor ?? "")")
        )
        #expect(
            last.json(itemsKey: "c", nextCursorPath: ["response_metadata", "next_cursor"], lastPageCursor: "")[
                "response_metadata"
            ]?["next_cursor"] == ""
        )
        #expect(last.json(itemsKey: "c")["next_cursor"] == nil)
        #expect(last.headers(nextCursorHeader: "x-next-cursor").isEmpty)
        let offset = try Pagination.offset(Self.items, request: Self.request("/l?limit=10"))
        let json = offset.json(itemsKey: "data", totalKey: "total_count", moreKey: "has_more")
        #expect(json["total_count"] == 25)
        #expect(json["has_more"] == true)
        #expect(json["data"]?.arrayValue?.count == 10)
    }
}
