import EmulatorKit
import Foundation
import MSTeamsEmulator
import MSTeamsWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// The worker against the emulator: Entra ID tokens exchanged once and cached, @odata.nextLink paging, cards as
/// Graph attachments, Graph's throttling, errors mapped to the shared codes, lists, the webhook (whose URL never
/// shows) and dry-run plans.
@Suite("Microsoft Teams worker against the emulator")
struct MSTeamsWorkerEmulatorTests {
    typealias TeamsEmulator = Emulator<SeededState<MSTeamsWorld>>

    func withWorker(
        _ extra: [String: String] = [:],
        _ body: (TeamsEmulator, Worker, SecretRegistry, Sleeps) async throws -> Void
    ) async throws {
        let sleeps = Sleeps()
        try await withEmulatedWorker(
            try MSTeamsEmulator.definition(),
            environment: extra,
            sleeps: sleeps,
            worker: { environment, secrets, clock in
                MSTeamsWorker.make(
                    configuration: try MSTeamsConfiguration(environment: environment, secrets: secrets),
                    retryClock: clock
                )
            },
            body: { try await body($0, $1, $2, sleeps) }
        )
    }

    static let team = MSTeamsDemo.teamID

    @Test("lists follow @odata.nextLink with one cached token, and stop at max_pages")
    func paging() async throws {
        try await withWorker { emulator, worker, secrets, _ in
            let outcome = await runJob(
                worker,
                topic: "job.msteams.channels.list",
                ["team_id": .string(Self.team), "top": 1],
                secrets: secrets
            )
            let output = try #require(outcome.output, "\(String(describing: outcome.error))")
            #expect(output["pages"] == 3)
            #expect(
                output["items"]?.arrayValue?.compactMap { $0["displayName"]?.stringValue } == [
                    "General", "Deployments", "Incidents",
                ]
            )
            #expect(output["truncated"] == false)
            let cut = await runJob(
                worker,
                topic: "job.msteams.teams.list",
                ["top": 1, "max_pages": 1],
                secrets: secrets
            )
            #expect(cut.output?["truncated"] == true)
            #expect(emulator.state.withLock { $0.tokensIssued } == 1)
            let token = try #require(
                emulator.requestLog.entries.first { $0.method == "POST" && $0.path.hasSuffix("/token") }
            )
            #expect(token.body.contains("grant_type=client_credentials"))
            #expect(token.body.contains("scope=https%3A%2F%2Fgraph.microsoft.com%2F.default"))
            // The secret is in no output.
            #expect(!JSONEncoding.compact(output).contains(MSTeamsDemo.clientSecret))
        }
    }

    @Test("a card is posted as an HTML body referencing its Adaptive Card attachment")
    func cardPost() async throws {
        try await withWorker { emulator, worker, secrets, _ in
            let card: JSONValue = [
                "type": "AdaptiveCard", "version": "1.5", "body": [["type": "TextBlock", "text": "Deploy <done>"]],
            ]
            let outcome = await runJob(
                worker,
                topic: "job.msteams.channels.messages.post",
                [
                    "team_id": .string(Self.team), "channel_id": .string(MSTeamsDemo.deployments),
                    "text": "Deploy <done>", "card": card,
                ],
                secrets: secrets
            )
            let output = try #require(outcome.output, "\(String(describing: outcome.error))")
            #expect(output["objects"]?.arrayValue?.dropFirst(0).first?["kind"] == "message")
            let stored = try #require(
                emulator.state.withLock {
                    $0.channels[Self.team]?.first { $0.id == MSTeamsDemo.deployments }?.messages.last
                }
            )
            let content = stored.json["body"]?["content"]?.stringValue ?? ""
            #expect(content.hasPrefix("Deploy &lt;done&gt;<attachment id=\""))
            let attachment = try #require(stored.json["attachments"]?.arrayValue?.dropFirst(0).first)
            #expect(attachment["contentType"] == "application/vnd.microsoft.card.adaptive")
            #expect(try JSONParser.parse(attachment["content"]?.stringValue ?? "") == card)
            let reply = await runJob(
                worker,
                topic: "job.msteams.channels.messages.reply",
                [
                    "team_id": .string(Self.team), "channel_id": .string(MSTeamsDemo.incidents),
                    "message_id": .string(MSTeamsDemo.incidentMessage), "text": "Mitigated.",
                ],
                secrets: secrets
            )
            #expect(reply.error == nil)
            let replies = await runJob(
                worker,
                topic: "job.msteams.channels.messages.replies",
                [
                    "team_id": .string(Self.team), "channel_id": .string(MSTeamsDemo.incidents),
                    "message_id": .string(MSTeamsDemo.incidentMessage),
                ],
                secrets: secrets
            )
            #expect(replies.output?["items"]?.arrayValue?.count == 2)
        }
    }

    @Test("Graph's 429 is retried after its Retry-After; a write refused with 429 is retried too")
    func throttling() async throws {
        try await withWorker { emulator, worker, secrets, sleeps in
            _ = try emulator.faults.add(FaultRule(path: "/v1.0/teams", status: 429, retryAfter: 7, count: 1))
            let outcome = await runJob(worker, topic: "job.msteams.teams.list", [:], secrets: secrets)
            #expect(outcome.error == nil, "\(String(describing: outcome.error))")
            #expect(sleeps.all.contains(.seconds(7)))
            let always = try FaultRule(path: "/v1.0/users/**", status: 429, retryAfter: 1, count: 100)
            _ = emulator.faults.add(always)
            let refused = await runJob(
                worker,
                topic: "job.msteams.users.lookup",
                ["user": "alice@contoso.example"],
                secrets: secrets
            )
            #expect(refused.error?.code == .rateLimited)
        }
    }

    @Test("errors map to the shared codes: unknown team, duplicate channel, bad client secret")
    func errors() async throws {
        try await withWorker { _, worker, secrets, _ in
            let missing = await runJob(
                worker,
                topic: "job.msteams.channels.list",
                ["team_id": "00000000-0000-4000-8000-000000000000"],
                secrets: secrets
            )
            #expect(missing.error?.code == .notFound)
            let user = await runJob(
                worker,
                topic: "job.msteams.users.lookup",
                ["user": "nobody@contoso.example"],
                secrets: secrets
            )
            #expect(user.error?.code == .notFound)
            let duplicate = await runJob(
                worker,
                topic: "job.msteams.channels.create",
                ["team_id": .string(Self.team), "display_name": "General"],
                secrets: secrets
            )
            #expect(duplicate.error?.code == .validationFailed || duplicate.error?.code == .invalidInput)
        }
        try await withWorker(["CORDUM_MSTEAMS_CLIENT_SECRET": "not-the-secret-0000000"]) { _, worker, secrets, _ in
            let outcome = await runJob(worker, topic: "job.msteams.teams.list", [:], secrets: secrets)
            #expect(outcome.error?.code == .unauthorized)
            #expect(outcome.error?.message.contains("not-the-secret") == false)
        }
    }

    @Test("channels.delete is off unless named exactly; channel lists restrict posts; dry runs send nothing")
    func guards() async throws {
        try await withWorker(["CORDUM_MSTEAMS_ALLOW_ACTIONS": "*"]) { emulator, worker, secrets, _ in
            let input: JSONValue = ["team_id": .string(Self.team), "channel_id": .string(MSTeamsDemo.general)]
            let refused = await runJob(worker, topic: "job.msteams.channels.delete", input, secrets: secrets)
            #expect(refused.error?.code == .actionNotAllowed)
            #expect(emulator.requestLog.entries.filter { $0.method == "DELETE" }.isEmpty)
        }
        try await withWorker(["CORDUM_MSTEAMS_ALLOW_ACTIONS": "*,channels.delete"]) { emulator, worker, secrets, _ in
            let input: JSONValue = ["team_id": .string(Self.team), "channel_id": .string(MSTeamsDemo.general)]
            let deleted = await runJob(worker, topic: "job.msteams.channels.delete", input, secrets: secrets)
            #expect(deleted.output?["result"]?["deleted"] == true)
            #expect(
                emulator.state.withLock { $0.channels[Self.team]?.contains { $0.id == MSTeamsDemo.general } } == false
            )
        }
        try await withWorker(["CORDUM_MSTEAMS_ALLOWED_CHANNELS": "19:incidents@thread.tacv2"]) {
            emulator,
            worker,
            secrets,
            _ in
            let refused = await runJob(
                worker,
                topic: "job.msteams.channels.messages.post",
                ["team_id": .string(Self.team), "channel_id": .string(MSTeamsDemo.deployments), "text": "x"],
                secrets: secrets
            )
            #expect(refused.error?.code == .resourceNotAllowed)
            let dry = await runJob(
                worker,
                topic: "job.msteams.channels.messages.post",
                [
                    "team_id": .string(Self.team), "channel_id": .string(MSTeamsDemo.incidents), "text": "x",
                    "dry_run": true,
                ],
                secrets: secrets
            )
            let plan = try #require(dry.output?["plan"])
            #expect(plan["method"] == "POST")
            #expect(plan["url"]?.stringValue?.hasSuffix("/channels/19%3Aincidents%40thread.tacv2/messages") == true)
            #expect(emulator.requestLog.entries.filter { $0.method == "POST" && $0.path.hasPrefix("/v1.0") }.isEmpty)
        }
    }

    @Test("webhook.post sends the card to the Workflows webhook, whose URL never shows")
    func webhook() async throws {
        try await withWorker { emulator, worker, secrets, _ in
            let card: JSONValue = [
                "type": "AdaptiveCard", "version": "1.5", "body": [["type": "TextBlock", "text": "ok"]],
            ]
            let dry = await runJob(
                worker,
                topic: "job.msteams.webhook.post",
                ["card": card, "dry_run": true],
                secrets: secrets
            )
            #expect(!JSONEncoding.compact(try #require(dry.output)).contains(MSTeamsDemo.webhookSignature))
            let real = await runJob(worker, topic: "job.msteams.webhook.post", ["card": card], secrets: secrets)
            #expect(real.output?["result"]?["ok"] == true)
            #expect(!JSONEncoding.compact(try #require(real.output)).contains(MSTeamsDemo.webhookSignature))
            let posted = try #require(emulator.state.withLock { $0.webhookPosts.first })
            #expect(posted["attachments"]?.arrayValue?.dropFirst(0).first?["content"] == card)
        }
        try await withWorker(["CORDUM_MSTEAMS_WEBHOOK_URL": ""]) { _, worker, secrets, _ in
            let card: JSONValue = ["type": "AdaptiveCard", "version": "1.5"]
            let outcome = await runJob(worker, topic: "job.msteams.webhook.post", ["card": card], secrets: secrets)
            #expect(outcome.error?.code == .invalidInput)
        }
    }

    @Test("national clouds set Graph, the token endpoint and the scope; an unknown cloud is refused by name")
    func clouds() throws {
        let environment = [
            "CORDUM_MSTEAMS_TENANT_ID": "contoso.onmicrosoft.us", "CORDUM_MSTEAMS_CLOUD": "usgov",
            "CORDUM_MSTEAMS_CLIENT_ID": "id", "CORDUM_MSTEAMS_CLIENT_SECRET": "secret-secret-secret",
        ]
        let configuration = try MSTeamsConfiguration(environment: environment)
        let profile = try #require(configuration.settings.profiles["default"])
        #expect(profile.baseURL == "https://graph.microsoft.us/v1.0")
        #expect(
            profile.string("token_url") == "https://login.microsoftonline.us/contoso.onmicrosoft.us/oauth2/v2.0/token"
        )
        #expect(profile.string("scope") == "https://graph.microsoft.us/.default")
        #expect(profile.string("bot_issuer") == "https://api.botframework.us")
        var bad = environment
        bad["CORDUM_MSTEAMS_CLOUD"] = "mars"
        #expect(throws: ConfigurationError.self) { _ = try MSTeamsConfiguration(environment: bad) }
        var noTenant = environment
        noTenant["CORDUM_MSTEAMS_TENANT_ID"] = nil
        noTenant["CORDUM_MSTEAMS_BASE_URL"] = "https://graph.microsoft.com/v1.0"
        #expect(throws: ConfigurationError.self) { _ = try MSTeamsConfiguration(environment: noTenant) }
    }
}
