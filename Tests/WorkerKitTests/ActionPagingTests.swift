import Logging
import NIOHTTP1
import StructuredData
import Synchronization
import Testing
import WorkerKit

/// Lists on the action runtime with each paging strategy: the page and item limits (the action's, the profile's,
/// the job's), the endless list cut at its limit, the vendor that loops, and tokens sent in a POST body.
@Suite("Action paging")
struct ActionPagingTests {
    static let token = "pg-secret-token-0099"

    /// Runs `action` once against `baseURL` on a runtime with limits 10 pages and 50 items.
    static func run(
        _ action: Action,
        _ input: JSONValue = [:],
        baseURL: String,
        profileSettings: [String: JSONValue] = [:],
        log: LogCapture = LogCapture()
    ) async throws(WorkerError) -> JSONValue {
        let secrets = SecretRegistry()
        let settings = VendorSettings(
            packID: "pager",
            profiles: [
                VendorProfile(
                    name: "main",
                    baseURL: baseURL,
                    credentials: ["token": token],
                    settings: profileSettings
                )
            ],
            secrets: secrets
        )
        var http = settings.httpClient(vendor: "Pager", retry: .none)
        http.clock = RecordingClock().clock
        let runtime = ActionRuntime(
            settings: settings,
            transport: BearerTokenTransport(settings: settings, http: http),
            defaultMaxPages: 5,
            maxPagesLimit: 10,
            defaultMaxItems: 40,
            maxItemsLimit: 50
        )
        let context = JobContext(
            jobID: "job-1",
            topic: action.topic,
            packID: "pager",
            logger: log.logger(),
            secrets: secrets
        )
        return try await runtime.run(action, context: context, input: input)
    }

    static func list(
        _ name: String = "events.list",
        method: HTTPMethod = .GET,
        body: JSONValue? = nil,
        itemsKey: String? = "items",
        pagination: any PaginationStrategy,
        limits: PageLimits = .inherited,
        pageSize: Int = 3
    ) -> Action {
        Action(
            name: name,
            topic: "job.pager.\(name)",
            capability: "pager.\(name)",
            kind: .list(itemsKey: itemsKey),
            pagination: pagination,
            pageLimits: limits
        ) { _ throws(WorkerError) in
            ActionRequest(method: method, path: "/events", query: [.init("limit", "\(pageSize)")], body: body)
        }
    }

    /// A vendor with `total` items served `limit` at a time by offset, or forever when `total` is nil.
    static func offsetServer(total: Int?) async throws -> TestHTTPServer {
        try await TestHTTPServer.start { request, _ in
            let offset = Int(Query(request.uri)["offset"] ?? "0") ?? 0
            let limit = Int(Query(request.uri)["limit"] ?? "3") ?? 3
            let end = total.map { min(offset + limit, $0) } ?? offset + limit
            let items = (offset..<max(end, offset)).map(String.init).joined(separator: ",")
            let more = total.map { offset + limit < $0 } ?? true
            return ScriptedResponse(body: #"{"items": [\#(items)], "more": \#(more)}"#)
        }
    }

    static let offsets = OffsetPagination(end: .moreFlag(.body("more")))

    @Test func theItemLimitKeepsTheFirstItemsAndMarksTruncated() async throws {
        let server = try await Self.offsetServer(total: 6)
        defer { Task { await server.stop() } }
        let whole = try await Self.run(Self.list(pagination: Self.offsets), baseURL: server.baseURL)
        #expect(whole["items"] == [0, 1, 2, 3, 4, 5] && whole["pages"] == 2 && whole["truncated"] == false)

        let exact = try await Self.run(Self.list(pagination: Self.offsets), ["max_items": 6], baseURL: server.baseURL)
        #expect(exact["items"]?.arrayValue?.count == 6 && exact["truncated"] == false)

        let log = LogCapture()
        let cut = try await Self.run(
            Self.list(pagination: Self.offsets, limits: PageLimits(maxItems: 4)),
            baseURL: server.baseURL,
            log: log
        )
        #expect(cut["items"] == [0, 1, 2, 3] && cut["pages"] == 2 && cut["truncated"] == true)
        #expect(log.all.contains { $0.hasPrefix("notice") && $0.contains("item limit of 4") })

        let firstPage = try await Self.run(
            Self.list(pagination: Self.offsets),
            ["max_items": 3],
            baseURL: server.baseURL
        )
        #expect(firstPage["items"] == [0, 1, 2] && firstPage["pages"] == 1 && firstPage["truncated"] == true)
        #expect(server.requests.count == 7, "2 + 2 + 2 + 1 pages")
    }

    @Test func anEndlessListIsCutAtThePageLimitWithANotice() async throws {
        let server = try await Self.offsetServer(total: nil)
        defer { Task { await server.stop() } }
        let log = LogCapture()
        let output = try await Self.run(
            Self.list(pagination: Self.offsets),
            ["max_pages": 4],
            baseURL: server.baseURL,
            log: log
        )
        #expect(output["pages"] == 4 && output["truncated"] == true && output["items"]?.arrayValue?.count == 12)
        #expect(server.requests.count == 4)
        #expect(
            log.all.contains {
                $0.hasPrefix("notice") && $0.contains("events.list: stopped at the page limit of 4 (max_pages)")
            }
        )

        // Whatever the job asks, the runtime's limit holds (10 pages, 50 items).
        let asked = try await Self.run(
            Self.list(pagination: Self.offsets),
            ["max_pages": 1000],
            baseURL: server.baseURL
        )
        #expect(asked["pages"] == 10 && asked["truncated"] == true)
        let many = try await Self.run(
            Self.list(pagination: Self.offsets),
            ["max_pages": 1000, "max_items": 1000],
            baseURL: server.baseURL
        )
        #expect(many["items"]?.arrayValue?.count == 30, "10 pages of 3")
        let defaults = try await Self.run(Self.list(pagination: Self.offsets), baseURL: server.baseURL)
        #expect(defaults["pages"] == 5, "the runtime's default")
    }

    @Test func theRuntimesDefaultAndLimitOfItemsApply() async throws {
        // Pages of 6 forever: the runtime's default of 40 items ends the list inside its 7th page; a job asking for
        // 1000 items is held to the runtime's limit of 50 (inside the 9th page).
        let server = try await Self.offsetServer(total: nil)
        defer { Task { await server.stop() } }
        let action = Self.list(pagination: Self.offsets, limits: PageLimits(maxPages: 10), pageSize: 6)
        let defaults = try await Self.run(action, baseURL: server.baseURL)
        #expect(defaults["items"]?.arrayValue?.count == 40 && defaults["pages"] == 7 && defaults["truncated"] == true)
        #expect(defaults["items"]?.arrayValue?.last == 39)
        let asked = try await Self.run(action, ["max_items": 1000], baseURL: server.baseURL)
        #expect(asked["items"]?.arrayValue?.count == 50 && asked["pages"] == 9 && asked["truncated"] == true)
        let fewer = try await Self.run(action, ["max_items": 7], baseURL: server.baseURL)
        #expect(fewer["items"]?.arrayValue?.count == 7 && fewer["pages"] == 2 && fewer["truncated"] == true)
    }

    @Test func aProfileSetsTheLimitsOfItsJobs() async throws {
        let server = try await Self.offsetServer(total: nil)
        defer { Task { await server.stop() } }
        let action = Self.list(pagination: Self.offsets, limits: PageLimits(maxPages: 8))
        let profile: [String: JSONValue] = ["max_pages": 2, "max_items": "5"]
        let byProfile = try await Self.run(action, baseURL: server.baseURL, profileSettings: profile)
        #expect(byProfile["pages"] == 2 && byProfile["items"] == [0, 1, 2, 3, 4] && byProfile["truncated"] == true)
        let asksMore = try await Self.run(
            action,
            ["max_pages": 9, "max_items": 40],
            baseURL: server.baseURL,
            profileSettings: profile
        )
        #expect(asksMore["pages"] == 2 && asksMore["items"]?.arrayValue?.count == 5, "the profile's limit holds")
        let asksLess = try await Self.run(action, ["max_items": 1], baseURL: server.baseURL, profileSettings: profile)
        #expect(asksLess["items"] == [0] && asksLess["pages"] == 1)
        let byAction = try await Self.run(action, baseURL: server.baseURL)
        #expect(byAction["pages"] == 8, "the action's own default without a profile setting")
    }

    @Test(arguments: [JSONValue.string("many"), .integer(0), .bool(true)])
    func aProfileLimitThatIsNotAPositiveWholeNumberIsRefused(value: JSONValue) async throws {
        let server = try await Self.offsetServer(total: 3)
        defer { Task { await server.stop() } }
        let error = await #expect(throws: WorkerError.self) {
            _ = try await Self.run(
                Self.list(pagination: Self.offsets),
                baseURL: server.baseURL,
                profileSettings: ["max_items": value]
            )
        }
        #expect(error?.code == .handlerFailed)
        #expect(error?.message.contains(#"Profile "main" sets max_items"#) == true)
        #expect(error?.message.contains("CORDUM_PAGER_PROFILES") == true)
        #expect(server.requests.isEmpty)
    }

    @Test func aVendorRepeatingItsPageTokenFailsTheJobNamingIt() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(body: #"{"items": [1], "nextPageToken": "again"}"#)
        }
        defer { Task { await server.stop() } }
        let strategy = CursorPagination(from: .body("nextPageToken"), sendAs: .query("pageToken"), noun: "page token")
        let error = await #expect(throws: WorkerError.self) {
            _ = try await Self.run(Self.list(pagination: strategy), baseURL: server.baseURL)
        }
        #expect(error?.code == .vendorError)
        #expect(
            error?.message.contains(#"Pager answered page 2 of events.list with the page token "again" again"#) == true
        )
        #expect(server.requests.count == 2)
    }

    @Test func aPostListSendsItsTokenInTheBodyWithItsCredentials() async throws {
        let server = try await TestHTTPServer.start { request, _ in
            let token = (try? JSONParser.parse(request.body, file: "request").value)?["nextPageToken"]?.stringValue
            return ScriptedResponse(
                body: token == nil
                    ? #"{"issues": [{"key": "A-1"}], "nextPageToken": "t2"}"#
                    : #"{"issues": [{"key": "A-2"}], "isLast": true}"#
            )
        }
        defer { Task { await server.stop() } }
        let action = Self.list(
            "issues.search",
            method: .POST,
            body: ["jql": "project = A"],
            itemsKey: "issues",
            pagination: CursorPagination(from: .body("nextPageToken"), sendAs: .body("nextPageToken"))
        )
        let output = try await Self.run(action, baseURL: server.baseURL)
        #expect(output["items"] == [["key": "A-1"], ["key": "A-2"]] && output["pages"] == 2)
        #expect(server.requests.allSatisfy { $0.headers.first(name: "authorization") == "Bearer \(Self.token)" })
        #expect(
            try JSONParser.parse(server.requests[1].body, file: "sent").value
                == ["jql": "project = A", "nextPageToken": "t2"]
        )
    }

    @Test func aBodyLinkToAnotherOriginFailsTheJobBeforeAnyCredentialLeaves() async throws {
        let server = try await TestHTTPServer.start { _, _ in
            ScriptedResponse(body: #"{"items": [1], "@odata.nextLink": "http://127.0.0.2:9/events?$skiptoken=2"}"#)
        }
        defer { Task { await server.stop() } }
        let error = await #expect(throws: WorkerError.self) {
            _ = try await Self.run(
                Self.list(pagination: BodyLinkPagination(BodyPath(keys: ["@odata.nextLink"]))),
                baseURL: server.baseURL
            )
        }
        #expect(error?.code == .vendorError)
        #expect(server.requests.count == 1)
        // At the page limit the next page is not needed, so the bad link does not fail the job.
        let capped = try await Self.run(
            Self.list(pagination: BodyLinkPagination(BodyPath(keys: ["@odata.nextLink"]))),
            ["max_pages": 1],
            baseURL: server.baseURL
        )
        #expect(capped["pages"] == 1 && capped["truncated"] == true)
    }
}
