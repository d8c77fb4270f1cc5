import EmulatorKit
import Foundation
import JiraEmulator
import StructuredData
import Testing

/// The emulator's answers in Jira's shapes: `errorMessages`/`errors` with Jira's statuses, basic and bearer
/// callers, the JQL subset and its refusals, the XSRF check of uploads, and faults in Jira's error shape.
@Suite("Jira emulator answers")
struct JiraEmulatorAnswerTests {
    let pipeline: EmulatorPipeline

    init() throws {
        pipeline = try JiraEmulator.definition().makePipeline()
    }

    static let basic = "Basic " + Data("\(JiraDemo.email):\(JiraDemo.apiToken)".utf8).base64EncodedString()

    func call(
        _ method: String,
        _ target: String,
        authorization: String? = basic,
        json: JSONValue? = nil,
        headers extra: [String: String] = [:]
    ) async -> EmulatorResponse {
        var headers = extra
        if let authorization { headers["authorization"] = authorization }
        var body: [UInt8] = []
        if let json {
            headers["content-type"] = "application/json"
            body = Array(JSONEncoding.compact(json).utf8)
        }
        return await pipeline.respond(to: EmulatorRequest(method: method, target: target, headers: headers, body: body))
    }

    @Test("callers: basic with the API token or a bearer token; anything else is 401 with errorMessages")
    func callers() async {
        #expect(await call("GET", "/rest/api/3/myself").jsonBody?["accountId"] == "acct-cordum")
        let bearer = await call("GET", "/rest/api/3/myself", authorization: "Bearer \(JiraDemo.personalAccessToken)")
        #expect(bearer.status == 200)
        let missing = await call("GET", "/rest/api/3/myself", authorization: nil)
        #expect(missing.status == 401)
        #expect(missing.jsonBody?["errorMessages"]?.arrayValue?.isEmpty == false)
        let wrong = "Basic " + Data("\(JiraDemo.email):nope".utf8).base64EncodedString()
        #expect(await call("GET", "/rest/api/3/myself", authorization: wrong).status == 401)
        #expect(await call("GET", "/rest/api/3/myself").headers["x-arequestid"] != nil)
    }

    @Test("JQL: AND, OR, NOT, IN, IS EMPTY, ~ and ORDER BY; unknown fields and unbounded queries are 400")
    func jql() async {
        func keys(_ jql: String) async -> [String] {
            let answer = await call(
                "POST",
                "/rest/api/3/search/jql",
                json: ["jql": .string(jql), "fields": ["summary"]]
            )
            return answer.jsonBody?["issues"]?.arrayValue?.compactMap { $0["key"]?.stringValue } ?? []
        }
        #expect(await keys("project = OPS AND assignee IS EMPTY ORDER BY key DESC") == ["OPS-4", "OPS-3", "OPS-2"])
        #expect(await keys("labels in (triage, security) AND NOT project = WEB ORDER BY key") == ["OPS-2", "OPS-3"])
        #expect(await keys("summary ~ \"disk\" OR (project = WEB AND status = Done)") == ["OPS-3", "WEB-1"])
        #expect(await keys("project = OPS AND assignee = currentUser()") == [])
        let unknown = await call("POST", "/rest/api/3/search/jql", json: ["jql": "colour = red"])
        #expect(unknown.status == 400)
        #expect(unknown.jsonBody?["errorMessages"]?.arrayValue?.first?.stringValue?.contains("colour") == true)
        let unbounded = await call("POST", "/rest/api/3/search/jql", json: ["jql": "ORDER BY created DESC"])
        #expect(unbounded.status == 400)
        let badToken = await call(
            "POST",
            "/rest/api/3/search/jql",
            json: ["jql": "project = OPS", "nextPageToken": "x"]
        )
        #expect(badToken.status == 400)
    }

    @Test("create refuses a plain-string description and names each bad field")
    func createErrors() async {
        let answer = await call(
            "POST",
            "/rest/api/3/issue",
            json: ["fields": ["project": ["key": "NOPE"], "summary": "", "description": "not ADF"]]
        )
        #expect(answer.status == 400)
        let fields = answer.jsonBody?["errors"]?.objectValue ?? [:]
        #expect(Set(fields.keys) == ["project", "summary", "description"])
    }

    @Test("uploads without X-Atlassian-Token: no-check fail the XSRF check")
    func xsrf() async {
        let answer = await call("POST", "/rest/api/3/issue/OPS-1/attachments")
        #expect(answer.status == 403)
        #expect(String(decoding: answer.body, as: UTF8.self) == "XSRF check failed")
    }

    @Test("faults answer in Jira's error shape with Retry-After")
    func faults() async throws {
        _ = pipeline.faults.add(try FaultRule(path: "/rest/api/3/myself", status: 429, retryAfter: 3, count: 1))
        let limited = await call("GET", "/rest/api/3/myself")
        #expect(limited.status == 429)
        #expect(limited.headers["retry-after"] == "3")
        #expect(limited.jsonBody?["errorMessages"]?.arrayValue?.count == 1)
        #expect(await call("GET", "/rest/api/3/myself").status == 200)
    }
}
