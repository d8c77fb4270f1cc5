import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PackTesting
import StructuredData
import Testing
import WebhooksWorker
import WorkerKit

/// The receiver as `packctl dev` runs it (the registration's companion, given the settings and the host's URL), and
/// a Slack Events API source: the signed URL check is answered, a signed event starts its run.
@Suite("Webhooks receiver as a companion", .serialized)
struct WebhooksCompanionTests {
    static let slackSecret = "8f742231b10e8888abcd99yyyzzz85a5"

    static let sources = """
        {"sources": [{"id": "slack", "path": "/slack", "workflow": "webhooks.github.pr-opened",
          "verify": {"scheme": "slack", "secret_env": "SLACK_SECRET"}, "answer_challenge": true,
          "event_id": "body:/event_id", "principal_from": "body:/team_id",
          "principals": [{"match": "T0DEMO000", "api_key_env": "RECEIVER_KEY", "tenant": "default"}],
          "input": {"repo": "const:acme/widgets", "pull_number": "body:/event/pull", "action": "const:opened",
                    "delivery_id": "body:/event_id"}}]}
        """

    func post(_ port: Int, _ payload: JSONValue) async throws -> (status: Int, body: JSONValue) {
        let body = Array(JSONEncoding.compact(payload).utf8)
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/slack")
        request.method = .POST
        for (name, value) in WebhookSigner(.slack, secret: Self.slackSecret).headers(for: body, at: Date()) {
            request.headers.add(name: name, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let answer = try await response.body.collect(upTo: 1 << 20)
        return (
            Int(response.status.code), (try? JSONParser.parse(Array(buffer: answer), file: "answer").value) ?? .null
        )
    }

    @Test("packctl dev's companion runs the receiver against the host it is given")
    func companion() async throws {
        let companion = try #require(WebhooksWorker.registration.companion)
        try await ReceiverHarness.withHost { _, host in
            let port = try WebhooksReceiverCrashTests().freePort()
            var settings = ReceiverHarness.environment
            settings["SLACK_SECRET"] = Self.slackSecret
            settings["CORDUM_WEBHOOKS_SOURCES"] = Self.sources
            settings["CORDUM_WEBHOOKS_RECEIVER_ADDRESS"] = "127.0.0.1:\(port)"
            let running = Task { try await companion(settings, host) }
            do {
                try await WebhooksReceiverCrashTests().waitForHealth(port: port)
                let check = try await post(
                    port,
                    ["type": "url_verification", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"]
                )
                #expect(check.status == 200)
                #expect(check.body["challenge"] == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P")
                let event: JSONValue = [
                    "type": "event_callback", "team_id": "T0DEMO000", "event_id": "Ev0PV52K21",
                    "event": ["type": "app_mention", "pull": 4],
                ]
                let started = try await post(port, event)
                #expect(started.status == 201, "\(started.body)")
                let again = try await post(port, event)
                #expect(again.body["run_id"] == started.body["run_id"])
                #expect(try await ReceiverHarness.runIDs(host: host).count == 1)
                let stranger: JSONValue = [
                    "type": "event_callback", "team_id": "T0OTHER00", "event_id": "Ev0PV52K22", "event": ["pull": 4],
                ]
                #expect(try await post(port, stranger).status == 403)
            } catch {
                running.cancel()
                _ = await running.result
                throw error
            }
            running.cancel()
            _ = await running.result
        }
        // Without sources the companion has nothing to run and returns at once.
        try await companion(["CORDUM_WEBHOOKS_BASE_URL": "http://127.0.0.1:1"], "http://127.0.0.1:1")
    }
}
