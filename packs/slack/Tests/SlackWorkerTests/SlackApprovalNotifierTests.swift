import EmulatorKit
import Foundation
import Logging
import PackTesting
import SlackEmulator
import SlackWorker
import StructuredData
import Testing
import WorkerKit

/// Pending approvals posted to the approvals channel with their buttons, and the message replaced by the outcome,
/// against the emulator.
@Suite("Slack approval messages")
struct SlackApprovalNotifierTests {
    let logger = Logger(label: "test")

    @Test("a pending approval is posted with its digest on both buttons, then replaced by who decided")
    func postThenUpdate() async throws {
        let emulator = try await Emulator.start(try SlackEmulator.definition(), port: 0)
        do {
            let secrets = SecretRegistry()
            let configuration = try SlackConfiguration(
                environment: emulator.workerSettings.merging(["CORDUM_SLACK_APPROVALS_CHANNEL": "C0INCIDENTS"]) {
                    _,
                    new in new
                },
                secrets: secrets
            )
            let notifier = try SlackApprovalNotifier(
                configuration: configuration,
                http: SlackWorker.makeClient(settings: configuration.settings)
            )
            let posted = try await notifier.post(
                SlackApprovalMessage.Pending(
                    approval: "apr-1",
                    digest: "sha256:abc",
                    topic: "job.slack.chat.post_message",
                    capability: "slack.chat.post_message",
                    pack: "slack",
                    inputs: ["channel": "C0DEPLOYMENTS", "text": "Deploy?"]
                ),
                logger: logger
            )
            #expect(posted.channel == "C0INCIDENTS")
            let message = emulator.state.withLock { world in
                world.channels.first { $0.id == "C0INCIDENTS" }?.messages.first { $0.ts == posted.ts }
            }
            let blocks = JSONEncoding.compact(try #require(message?.blocks))
            #expect(blocks.contains("apr-1 sha256:abc") && blocks.contains("cordum_approve"))
            try await notifier.update(
                posted,
                decision: ApprovalDecision(outcome: "approved", principal: "alice@example.com"),
                approval: "apr-1",
                logger: logger
            )
            let updated = emulator.state.withLock { world in
                world.channels.first { $0.id == "C0INCIDENTS" }?.messages.first { $0.ts == posted.ts }
            }
            #expect(updated.map(\.text) == "Approved by alice@example.com (approval apr-1).")
            let remaining = JSONEncoding.compact(updated?.blocks ?? JSONValue.null)
            #expect(!remaining.contains("cordum_approve"))
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    @Test("without an approvals channel the notifier says which setting to add")
    func needsChannel() throws {
        let configuration = try SlackConfiguration(environment: ["CORDUM_SLACK_TOKEN": "xoxb-1"])
        #expect(throws: WorkerError.self) {
            _ = try SlackApprovalNotifier(
                configuration: configuration,
                http: SlackWorker.makeClient(settings: configuration.settings)
            )
        }
    }
}
