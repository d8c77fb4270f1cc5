import EmulatorKit
import Foundation
import PackTesting
import SlackEmulator
import SlackWorker
import StructuredData
import Testing
import WorkerKit

/// The worker against the emulator: Slack's `ok: false` answers mapped to the shared codes, cursor paging,
/// channel lists, the incoming webhook (whose URL never shows) and dry-run plans.
@Suite("Slack worker against the emulator")
struct SlackWorkerEmulatorTests {
    /// Runs `body` with a started emulator and a worker configured from its settings plus `extra`.
    func withWorker(
        _ extra: [String: String] = [:],
        _ body: (Emulator<SeededState<SlackWorld>>, Worker, SecretRegistry) async throws -> Void
    ) async throws {
        try await withEmulatedWorker(
            try SlackEmulator.definition(),
            environment: extra,
            worker: { environment, secrets, clock in
                SlackWorker.make(
                    configuration: try SlackConfiguration(environment: environment, secrets: secrets),
                    retryClock: clock
                )
            },
            body: body
        )
    }

    @Test("ok:false answers on HTTP 200 fail with the shared code and Slack's error in the message")
    func okFalseMapping() async throws {
        try await withWorker { _, worker, secrets in
            let missing = await runJob(
                worker,
                topic: "job.slack.conversations.info",
                ["channel": "C0NOSUCHONE"],
                secrets: secrets
            )
            #expect(missing.error?.code == .notFound)
            #expect(missing.error?.message.contains("channel_not_found") == true)
            let taken = await runJob(
                worker,
                topic: "job.slack.conversations.create",
                ["name": "general"],
                secrets: secrets
            )
            #expect(taken.error?.code == .conflict)
            let user = await runJob(
                worker,
                topic: "job.slack.users.lookup_by_email",
                ["email": "nobody@example.com"],
                secrets: secrets
            )
            #expect(user.error?.code == .notFound)
        }
        try await withWorker(["CORDUM_SLACK_TOKEN": "xoxb-unknown-token-0000"]) { _, worker, secrets in
            let outcome = await runJob(worker, topic: "job.slack.auth.test", [:], secrets: secrets)
            #expect(outcome.error?.code == .unauthorized)
            #expect(outcome.error?.message.contains("invalid_auth") == true)
        }
        try await withWorker(["CORDUM_SLACK_TOKEN": SlackDemo.readOnlyToken]) { emulator, worker, secrets in
            let outcome = await runJob(
                worker,
                topic: "job.slack.chat.post_message",
                ["channel": "C0DEPLOYMENTS", "text": "hi"],
                secrets: secrets
            )
            #expect(outcome.error?.code == .forbidden)
            #expect(outcome.error?.message.contains("missing_scope") == true)
            // A refused write was not retried.
            #expect(emulator.requestLog.entries(method: "POST", path: "/api/chat.postMessage").count == 1)
        }
    }

    @Test("conversations.history follows response_metadata.next_cursor to the end")
    func cursorPaging() async throws {
        try await withWorker { emulator, worker, secrets in
            let outcome = await runJob(
                worker,
                topic: "job.slack.conversations.history",
                ["channel": "C0INCIDENTS", "limit": 1],
                secrets: secrets
            )
            let output = try #require(outcome.output)
            #expect(output["pages"] == 2)
            #expect(
                output["items"]?.arrayValue?.compactMap { $0["ts"]?.stringValue } == [
                    "1700000100.000100", "1700000090.000100",
                ]
            )
            #expect(output["truncated"] == false)
            let cursors = emulator.requestLog.entries(method: "GET", path: "/api/conversations.history").map {
                $0.query.first { $0.name == "cursor" }?.value ?? ""
            }
            #expect(cursors.count == 2 && cursors[0].isEmpty && !cursors[1].isEmpty)
        }
    }

    @Test("channel allow and deny lists refuse other channels before anything is sent")
    func channelLists() async throws {
        try await withWorker(["CORDUM_SLACK_ALLOWED_CHANNELS": "C0DEPLOYMENTS,#inc-*"]) { emulator, worker, secrets in
            let refused = await runJob(
                worker,
                topic: "job.slack.chat.post_message",
                ["channel": "C0GENERAL", "text": "hi"],
                secrets: secrets
            )
            #expect(refused.error?.code == .resourceNotAllowed)
            let newChannel = await runJob(
                worker,
                topic: "job.slack.conversations.create",
                ["name": "random"],
                secrets: secrets
            )
            #expect(newChannel.error?.code == .resourceNotAllowed)
            #expect(emulator.requestLog.entries.isEmpty)
            let incident = await runJob(
                worker,
                topic: "job.slack.conversations.create",
                ["name": "inc-7"],
                secrets: secrets
            )
            #expect(incident.output?["result"]?["channel"]?["name"] == "inc-7")
        }
        try await withWorker(["CORDUM_SLACK_DENIED_CHANNELS": "C0GENERAL"]) { _, worker, secrets in
            let refused = await runJob(
                worker,
                topic: "job.slack.conversations.history",
                ["channel": "C0GENERAL"],
                secrets: secrets
            )
            #expect(refused.error?.code == .resourceNotAllowed)
        }
    }

    @Test("destructive actions run only when named exactly")
    func destructiveByName() async throws {
        try await withWorker(["CORDUM_SLACK_ALLOW_ACTIONS": "*"]) { _, worker, secrets in
            let outcome = await runJob(
                worker,
                topic: "job.slack.conversations.archive",
                ["channel": "C0INCIDENTS"],
                secrets: secrets
            )
            #expect(outcome.error?.code == .actionNotAllowed)
        }
    }

    @Test("webhook.post posts to the profile's incoming webhook; its secret never shows")
    func webhook() async throws {
        try await withWorker { emulator, worker, secrets in
            let dry = await runJob(
                worker,
                topic: "job.slack.webhook.post",
                ["text": "backup done"],
                secrets: secrets,
                dryRun: true
            )
            let plan = try #require(dry.output?["plan"])
            let url = try #require(plan["url"]?.stringValue)
            #expect(url.hasPrefix(emulator.baseURL + "/services/T0DEMO000/B0WEBHOOK01/"))
            #expect(!url.contains("dEmOwEbHoOkSeCrEt"))
            #expect(plan["auth"] == "webhook")
            #expect(emulator.requestLog.entries.isEmpty)
            let real = await runJob(worker, topic: "job.slack.webhook.post", ["text": "backup done"], secrets: secrets)
            #expect(real.output?["result"]?["ok"] == true)
            #expect(emulator.state.withLock { $0.webhookPosts.map(\.text) } == ["backup done"])
            #expect(!JSONEncoding.compact(try #require(real.output)).contains("dEmOwEbHoOkSeCrEt"))
        }
        try await withWorker(["CORDUM_SLACK_WEBHOOK_URL": ""]) { _, worker, secrets in
            let outcome = await runJob(worker, topic: "job.slack.webhook.post", ["text": "x"], secrets: secrets)
            #expect(outcome.error?.code == .invalidInput)
            #expect(outcome.error?.message.contains("webhook_url") == true)
        }
    }

    @Test("a dry run of chat.post_message is the JSON request, without the token")
    func dryRunPlan() async throws {
        try await withWorker { emulator, worker, secrets in
            let outcome = await runJob(
                worker,
                topic: "job.slack.chat.post_message",
                ["channel": "C0DEPLOYMENTS", "text": "hi", "thread_ts": "1700000050.000100"],
                secrets: secrets,
                dryRun: true
            )
            let plan = try #require(outcome.output?["plan"])
            #expect(plan["url"]?.stringValue == emulator.baseURL + "/api/chat.postMessage")
            #expect(plan["body"] == ["channel": "C0DEPLOYMENTS", "text": "hi", "thread_ts": "1700000050.000100"])
            #expect(plan["auth"] == "token")
            #expect(!JSONEncoding.compact(plan).contains(SlackDemo.token))
        }
    }

    @Test("a webhook URL that is not one is refused at start-up without repeating it")
    func badWebhookURL() throws {
        #expect(throws: ConfigurationError.self) {
            _ = try SlackConfiguration(environment: [
                "CORDUM_SLACK_TOKEN": "xoxb-1", "CORDUM_SLACK_WEBHOOK_URL": "nope-secretvalue",
            ])
        }
        do {
            _ = try SlackConfiguration(environment: [
                "CORDUM_SLACK_TOKEN": "xoxb-1", "CORDUM_SLACK_WEBHOOK_URL": "nope-secretvalue",
            ])
        } catch {
            #expect(!error.description.contains("nope-secretvalue"))
        }
    }
}
