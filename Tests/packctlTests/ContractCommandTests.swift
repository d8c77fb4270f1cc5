import Foundation
import StructuredData
import Testing

@Suite struct ContractCommandTests {
    static let spec = """
        swagger: "2.0"
        info: {title: Chat, version: "1"}
        basePath: /api
        paths:
          /chat.postMessage:
            post:
              operationId: chat_postMessage
              consumes: [application/x-www-form-urlencoded]
              parameters:
                - {name: channel, in: formData, required: true, type: string, description: Channel to send to.}
              responses:
                "200":
                  description: ok
                  schema:
                    type: object
                    required: [ok]
                    properties: {ok: {type: boolean, description: Whether the call worked.}}
        """

    static func exchange(form: String, answer: String) -> String {
        let object: JSONValue = [
            "request": [
                "method": "POST", "url": "https://slack.com/api/chat.postMessage",
                "headers": ["content-type": "application/x-www-form-urlencoded"], "body": .string(form),
            ],
            "response": ["status": 200, "headers": ["content-type": "application/json"], "body": .string(answer)],
        ]
        return JSONEncoding.compact(object)
    }

    @Test func aFollowingLogExitsZero() async throws {
        let spec = try PackctlRunner.temporaryFile(Self.spec, name: "slack.yaml")
        let log = try PackctlRunner.temporaryFile(
            Self.exchange(form: "channel=C1", answer: #"{"ok":true}"#) + "\n",
            name: "ok.jsonl"
        )
        let output = try await PackctlRunner.run(["contract", "check", "--spec", spec, "--log", log])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("1 exchanges checked: 0 violations"))
    }

    @Test func violationsExitOneAndNameTheField() async throws {
        let spec = try PackctlRunner.temporaryFile(Self.spec, name: "slack.yaml")
        let log = try PackctlRunner.temporaryFile(
            Self.exchange(form: "text=hi", answer: #"{"ok":"yes"}"#) + "\n",
            name: "bad.jsonl"
        )
        let output = try await PackctlRunner.run(["contract", "check", "--spec", spec, "--log", log])
        #expect(output.status == 1)
        #expect(output.stdout.contains("request.formData.channel"))
        #expect(output.stdout.contains("response.body/ok"))
        #expect(output.stdout.contains("chat_postMessage POST /chat.postMessage"))
        #expect(output.stdout.contains("Whether the call worked."))
        let json = try await PackctlRunner.run(["contract", "check", "--spec", spec, "--log", log, "--format", "json"])
        let report = try JSONParser.parse(json.stdout)
        #expect(report["passed"] == false)
        #expect(
            report["violations"]?.arrayValue?.compactMap { $0["location"]?.stringValue }.sorted()
                == ["request.formData.channel", "response.body/ok"]
        )
    }

    @Test func exceptionsCoverAndStaleOnesFail() async throws {
        let spec = try PackctlRunner.temporaryFile(Self.spec, name: "slack.yaml")
        let log = try PackctlRunner.temporaryFile(
            Self.exchange(form: "text=hi", answer: #"{"ok":true}"#) + "\n",
            name: "missing.jsonl"
        )
        let covering = try PackctlRunner.temporaryFile(
            """
            exceptions:
              - operation: chat_postMessage
                location: request.formData.channel
                reason: the client sends the channel in the JSON body instead
            """,
            name: "exceptions.yaml"
        )
        let covered = try await PackctlRunner.run([
            "contract", "check", "--spec", spec, "--log", log, "--exceptions", covering,
        ])
        #expect(covered.status == 0, "\(covered.stdout)\(covered.stderr)")
        #expect(covered.stdout.contains("excepted:"))
        let stale = try PackctlRunner.temporaryFile(
            """
            exceptions:
              - operation: chat_postMessage
                location: request.formData.channel
                reason: the client sends the channel in the JSON body instead
              - operation: chat_update
                reason: not described
            """,
            name: "stale.yaml"
        )
        let output = try await PackctlRunner.run([
            "contract", "check", "--spec", spec, "--log", log, "--exceptions", stale,
        ])
        #expect(output.status == 1)
        #expect(output.stdout.contains("stale exception: chat_update"))
    }

    @Test func basePathAndStandardInput() async throws {
        let spec = try PackctlRunner.temporaryFile(Self.spec, name: "slack.yaml")
        let line = Self.exchange(form: "channel=C1", answer: #"{"ok":true}"#)
            .replacingOccurrences(of: "https://slack.com/api/chat.postMessage", with: "/chat.postMessage")
        let unmatched = try await PackctlRunner.run(
            ["contract", "check", "--spec", spec, "--log", "-"],
            stdin: line + "\n"
        )
        #expect(unmatched.status == 1)
        #expect(unmatched.stdout.contains("unknown") || unmatched.stdout.contains("no operation"))
        let rebased = try await PackctlRunner.run(
            ["contract", "check", "--spec", spec, "--log", "-", "--base-path", "/"],
            stdin: line + "\n"
        )
        #expect(rebased.status == 0, "\(rebased.stdout)\(rebased.stderr)")
    }

    @Test func unusableInputsExitTwo() async throws {
        let spec = try PackctlRunner.temporaryFile(Self.spec, name: "slack.yaml")
        let log = try PackctlRunner.temporaryFile("{\"request\": {}}\n", name: "broken.jsonl")
        let broken = try await PackctlRunner.run(["contract", "check", "--spec", spec, "--log", log])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("broken.jsonl:1"))
        let notSpec = try PackctlRunner.temporaryFile("openapi: 9.0\n", name: "nine.yaml")
        #expect(try await PackctlRunner.run(["contract", "check", "--spec", notSpec, "--log", log]).status == 2)
        let exceptions = try PackctlRunner.temporaryFile("exceptions: [{operation: x}]\n", name: "e.yaml")
        let good = try PackctlRunner.temporaryFile(
            Self.exchange(form: "channel=C", answer: "{}") + "\n",
            name: "g.jsonl"
        )
        let bad = try await PackctlRunner.run([
            "contract", "check", "--spec", spec, "--log", good, "--exceptions", exceptions,
        ])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("/exceptions/0/reason"))
    }
}
