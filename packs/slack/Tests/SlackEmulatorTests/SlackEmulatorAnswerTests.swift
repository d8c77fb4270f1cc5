import EmulatorKit
import Foundation
import SlackEmulator
import StructuredData
import Testing

/// The emulator's answers in Slack's shapes: `ok: false` with Slack's codes on HTTP 200, arguments from the query,
/// a form or a JSON body, cursors, and incoming webhooks' plain-text answers.
@Suite("Slack emulator answers")
struct SlackEmulatorAnswerTests {
    let pipeline: EmulatorPipeline

    init() throws {
        pipeline = try SlackEmulator.definition().makePipeline()
    }

    func call(
        _ method: String,
        _ target: String,
        token: String? = SlackDemo.token,
        form: String? = nil,
        json: JSONValue? = nil
    ) async -> EmulatorResponse {
        var headers: [String: String] = [:]
        if let token { headers["authorization"] = "Bearer \(token)" }
        var body: [UInt8] = []
        if let form {
            headers["content-type"] = "application/x-www-form-urlencoded"
            body = Array(form.utf8)
        }
        if let json {
            headers["content-type"] = "application/json; charset=utf-8"
            body = Array(JSONEncoding.compact(json).utf8)
        }
        return await pipeline.respond(to: EmulatorRequest(method: method, target: target, headers: headers, body: body))
    }

    @Test("errors are 200 with ok false and Slack's code")
    func errors() async {
        let unauthenticated = await call("GET", "/api/auth.test", token: nil)
        #expect(unauthenticated.status == 200 && unauthenticated.jsonBody?["error"] == "not_authed")
        let wrong = await call("GET", "/api/auth.test", token: "xoxb-wrong")
        #expect(wrong.jsonBody?["error"] == "invalid_auth")
        let unknown = await call("GET", "/api/conversations.info?channel=C0NOPE0000")
        #expect(unknown.jsonBody?["ok"] == false && unknown.jsonBody?["error"] == "channel_not_found")
        let scope = await call(
            "POST",
            "/api/chat.postMessage",
            token: SlackDemo.readOnlyToken,
            json: ["channel": "C0GENERAL", "text": "x"]
        )
        #expect(scope.jsonBody?["error"] == "missing_scope")
        let method = await call("GET", "/api/files.upload")
        #expect(method.jsonBody?["error"] == "unknown_method")
        let cursor = await call("GET", "/api/conversations.list?cursor=bm9wZQ")
        #expect(cursor.jsonBody?["error"] == "invalid_cursor")
        let archived = await call("POST", "/api/chat.postMessage", json: ["channel": "C0OLDALERTS", "text": "x"])
        #expect(archived.jsonBody?["error"] == "is_archived")
        let empty = await call("POST", "/api/chat.postMessage", json: ["channel": "C0GENERAL"])
        #expect(empty.jsonBody?["error"] == "no_text")
    }

    @Test("form bodies and JSON bodies are read alike; blocks may be JSON text in a form")
    func bodies() async {
        let form = await call(
            "POST",
            "/api/chat.postMessage",
            form: "channel=C0GENERAL&text=hi+there&blocks=%5B%7B%22type%22%3A%22divider%22%7D%5D"
        )
        #expect(form.jsonBody?["message"]?["text"] == "hi there")
        #expect(form.jsonBody?["message"]?["blocks"] == [["type": "divider"]])
        let json = await call("POST", "/api/conversations.create", json: ["name": "inc-1", "is_private": true])
        #expect(json.jsonBody?["channel"]?["is_private"] == true)
        let taken = await call("POST", "/api/conversations.create", form: "name=inc-1")
        #expect(taken.jsonBody?["error"] == "name_taken")
    }

    @Test("conversations.list pages with response_metadata.next_cursor, empty on the last page")
    func paging() async {
        var cursor = ""
        var names: [String] = []
        for _ in 0..<5 {
            let page = await call("GET", "/api/conversations.list?limit=1&cursor=\(cursor)")
            names += page.jsonBody?["channels"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            cursor = page.jsonBody?["response_metadata"]?["next_cursor"]?.stringValue ?? ""
            if cursor.isEmpty { break }
        }
        #expect(names == ["general", "deploys", "incidents", "old-alerts"])
        #expect(cursor.isEmpty)
    }

    @Test("incoming webhooks answer text: ok, no_service, no_text, channel_is_archived")
    func webhooks() async throws {
        let ok = await call("POST", "/services/" + SlackDemo.webhookPath, token: nil, json: ["text": "hello"])
        #expect(ok.status == 200 && String(decoding: ok.body, as: UTF8.self) == "ok")
        let unknown = await call("POST", "/services/T0/B0/notasecret000000", token: nil, json: ["text": "x"])
        #expect(unknown.status == 404 && String(decoding: unknown.body, as: UTF8.self) == "no_service")
        let empty = await call("POST", "/services/" + SlackDemo.webhookPath, token: nil, json: [:])
        #expect(empty.status == 400 && String(decoding: empty.body, as: UTF8.self) == "no_text")
        let archived = try SlackEmulator.definition { world in
            SlackDemo.fill(&world)
            world.webhooks["T0/B0/archivedhook000000"] = "C0OLDALERTS"
        }
        .makePipeline()
        let gone = await archived.respond(
            to: EmulatorRequest(
                method: "POST",
                target: "/services/T0/B0/archivedhook000000",
                headers: ["content-type": "application/json"],
                body: Array(#"{"text":"x"}"#.utf8)
            )
        )
        #expect(gone.status == 410 && String(decoding: gone.body, as: UTF8.self) == "channel_is_archived")
    }
}
