import EmulatorKit
import Foundation
import Logging
import MSTeamsEmulator
import MSTeamsWorker
import StructuredData
import Testing
import WorkerKit

/// The host's approval events mirrored in Teams through WorkerKit's relay: the pending approval posted as a card to
/// the approvals channel, its outcome as a reply in the card's thread.
@Suite("Teams approval notifier")
struct TeamsApprovalNotifierTests {
    @Test("approval.requested posts the card; approval.granted replies with the outcome")
    func relayPostsAndReplies() async throws {
        let emulator = try await Emulator.start(try MSTeamsEmulator.definition(), port: 0)
        do {
            var environment = emulator.workerSettings
            environment["CORDUM_MSTEAMS_APPROVALS_TEAM_ID"] = MSTeamsDemo.teamID
            environment["CORDUM_MSTEAMS_APPROVALS_CHANNEL_ID"] = MSTeamsDemo.general
            let configuration = try MSTeamsConfiguration(environment: environment)
            let notifier = try TeamsApprovalNotifier(
                configuration: configuration,
                transport: MSTeamsWorker.makeTransport(configuration: configuration)
            )
            let relay = ApprovalEventRelay(
                notifier: notifier,
                settings: ApprovalHostSettings(url: "http://127.0.0.1:1", integration: "msteams", secret: "x"),
                logger: Logger(label: "test")
            )
            await relay.handle(event: [
                "id": 7, "type": "approval.requested",
                "data": [
                    "approval_id": "apr-9", "digest": "sha256:d1", "topic": "job.msteams.channels.create",
                    "capability": "msteams.channels.create", "pack_id": "msteams",
                    "inputs": ["input": ["display_name": "inc-3"]],
                ],
            ])
            let posted = try #require(await relay.message(of: "apr-9"))
            let messages = emulator.state.withLock { world in
                world.channels[MSTeamsDemo.teamID]?.first { $0.id == MSTeamsDemo.general }?.messages ?? []
            }
            let message = try #require(messages.first { $0.id == posted.message })
            let text = try #require(message.json["attachments"]?.arrayValue?.first?["content"]?.stringValue)
            let card = try JSONParser.parse(text)
            #expect(card["actions"]?.arrayValue?.first?["data"] == ["approval_id": "apr-9", "digest": "sha256:d1"])
            await relay.handle(event: [
                "id": 8, "type": "approval.granted",
                "data": ["approval_id": "apr-9", "grants": [["principal": "alice@contoso.example"]]],
            ])
            let replies = emulator.state.withLock { world in
                world.channels[MSTeamsDemo.teamID]?.first { $0.id == MSTeamsDemo.general }?.messages
                    .first { $0.id == posted.message }?.replies ?? []
            }
            #expect(replies.count == 1)
            #expect(
                replies.first?["body"]?["content"]?.stringValue?.contains("Approved by alice@contoso.example") == true
            )
            #expect(await relay.message(of: "apr-9") == nil)
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    @Test("a profile without an approvals channel is refused by name")
    func missingChannel() throws {
        let configuration = try MSTeamsConfiguration(
            environment: MSTeamsEmulator.workerSettings(baseURL: "http://127.0.0.1:1")
        )
        #expect(throws: WorkerError.self) {
            _ = try TeamsApprovalNotifier(
                configuration: configuration,
                transport: MSTeamsWorker.makeTransport(configuration: configuration)
            )
        }
    }
}
