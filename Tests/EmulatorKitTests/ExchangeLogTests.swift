import EmulatorKit
import StructuredData
import Testing

@Suite("The request log as an exchange log")
struct ExchangeLogTests {
    @Test func requestsAndAnswersBecomeJSONLines() async throws {
        let pipeline = EmulatorPipeline { request in
            .json(["token": "ghs_issued123", "path": .string(request.path)], status: 201)
        }
        _ = await pipeline.respond(
            to: EmulatorRequest(
                method: "post",
                target: "/things?q=a%20b&tag=x",
                headers: ["authorization": "Bearer secret", "content-type": "application/json"],
                body: Array(#"{"name": "n"}"#.utf8)
            )
        )
        let log = pipeline.requestLog.exchangeLog(redacting: ["ghs_issued123"])
        let lines = log.split(separator: "\n")
        #expect(lines.count == 1)
        let exchange = try JSONParser.parse(String(lines[0]))
        #expect(exchange["request"]?["method"] == "POST")
        #expect(exchange["request"]?["url"] == "/things?q=a%20b&tag=x")
        #expect(exchange["request"]?["headers"]?["authorization"] == "Bearer [REDACTED]")
        #expect(exchange["request"]?["body"] == #"{"name": "n"}"#)
        #expect(exchange["response"]?["status"] == 201)
        #expect(exchange["response"]?["headers"]?["content-type"] == "application/json; charset=utf-8")
        let body = try JSONParser.parse(exchange["response"]?["body"]?.stringValue ?? "")
        #expect(body == ["path": "/things", "token": "[REDACTED]"])
        #expect(!log.contains("secret") && !log.contains("ghs_issued123"))
    }

    @Test func theControlEndpointServesTheExchangeLog() async throws {
        let pipeline = EmulatorPipeline { _ in .json(["ok": true]) }
        _ = await pipeline.respond(to: EmulatorRequest(method: "GET", target: "/a?b=1"))
        let answer = await pipeline.respond(to: EmulatorRequest(method: "GET", target: "/_emulator/exchanges"))
        #expect(answer.status == 200)
        #expect(answer.headers["content-type"] == "application/x-ndjson")
        let text = String(decoding: answer.body, as: UTF8.self)
        #expect(text == pipeline.requestLog.exchangeLog())
        let line = try JSONParser.parse(String(text.split(separator: "\n")[0]))
        #expect(line["request"]?["url"] == "/a?b=1")
        #expect(line["response"]?["body"] == #"{"ok":true}"#)
    }
}
