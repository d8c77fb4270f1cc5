import EmulatorKit
import Foundation
import JSONSchema
import MSTeamsEmulator
import MSTeamsWorker
import PackHost
import PackTesting
import StructuredData
import Testing
import WorkflowEngine

/// The msteams pack's reference workflows on the host with the worker in-process and the emulator's tenant at hand:
/// what Teams ends up with, which rule decided each job, and idempotency across runs.
@Suite("Microsoft Teams workflows")
struct MSTeamsWorkflowTests {
    typealias TeamsEmulator = Emulator<SeededState<MSTeamsWorld>>

    func withTeamsRig(_ body: (PackRig, TeamsEmulator) async throws -> Void) async throws {
        let pack = try PackUnderTest(id: "msteams", worker: MSTeamsWorker.registration, emulator: nil)
        let emulator = try await Emulator.start(try MSTeamsEmulator.definition(), port: 0)
        try await withPackRig(pack, PackRigOptions(emulator: emulator.running)) { rig in
            try await body(rig, emulator)
        }
    }

    func messages(_ emulator: TeamsEmulator, channel: String) -> [MSTeamsWorld.Message] {
        emulator.state.withLock { world in
            world.channels[MSTeamsDemo.teamID]?.first { $0.id == channel }?.messages ?? []
        }
    }

    /// The Adaptive Card of a posted message (the attachment's JSON text, parsed).
    func cardOf(_ message: MSTeamsWorld.Message) -> JSONValue? {
        guard let text = message.json["attachments"]?.arrayValue?.first?["content"]?.stringValue else { return nil }
        return try? JSONParser.parse(text)
    }

    /// The Adaptive Card 1.5 schema, as Microsoft publishes it (Tests/contract/adaptive-card-1.5.json).
    static let cardSchema: JSONSchema? = {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("contract/adaptive-card-1.5.json")
        guard let text = try? String(contentsOf: url, encoding: .utf8), let json = try? JSONParser.parse(text) else {
            return nil
        }
        return try? JSONSchema(json)
    }()

    /// Whether `card` is a valid Adaptive Card 1.5.
    func isValidCard(_ card: JSONValue?) throws -> Bool {
        let schema = try #require(Self.cardSchema)
        guard let card else { return false }
        return schema.validate(card).isEmpty
    }

    @Test("msteams.notify posts one Adaptive Card per key, however often it runs")
    func notifyOncePerKey() async throws {
        try await withTeamsRig { rig, emulator in
            let input: JSONValue = [
                "team_id": .string(MSTeamsDemo.teamID), "channel_id": .string(MSTeamsDemo.deployments),
                "title": "Deploy finished", "text": "api 1.4.2 is live", "key": "deploy-1.4.2",
            ]
            let first = try await rig.start("msteams.notify", input)
            let approval = try #require(try await rig.pending(run: first).first)
            #expect(approval.kind == .job)
            try await rig.approve(approval)
            var run = try await rig.run(first)
            #expect(run.status == .succeeded)
            #expect(try await rig.job(run, "post").decision?.ruleID == "msteams-write")
            let second = try await rig.start("msteams.notify", input)
            _ = try await rig.approveAll(run: second)
            run = try await rig.run(second)
            #expect(run.status == .succeeded)
            let posted = messages(emulator, channel: MSTeamsDemo.deployments)
            #expect(posted.count == 1)
            let card = try #require(cardOf(posted[0]))
            #expect(try isValidCard(card))
            #expect(card["type"] == "AdaptiveCard" && card["version"] == "1.5")
            #expect(card["body"]?.arrayValue?.dropFirst(1).first?["text"] == "api 1.4.2 is live")
            #expect(
                emulator.requestLog.entries(
                    method: "POST",
                    path: "/v1.0/teams/\(MSTeamsDemo.teamID)/channels/19%3Adeployments%40thread.tacv2/messages"
                ).count == 1
            )
            // One token served every Graph call of both runs.
            #expect(emulator.state.withLock { $0.tokensIssued } == 1)
        }
    }

    @Test(
        "msteams.incident.channel creates the channel after one approval and posts the card after a second that names it"
    )
    func incidentChannel() async throws {
        try await withTeamsRig { rig, emulator in
            let input: JSONValue = [
                "team_id": .string(MSTeamsDemo.teamID), "name": "inc-9-db", "severity": "SEV1",
                "summary": "Primary is down.",
            ]
            let id = try await rig.start("msteams.incident.channel", input)
            let approval = try #require(try await rig.pending(run: id).first)
            #expect(approval.summary["message"]?.stringValue?.contains("inc-9-db (SEV1)") == true)
            #expect(emulator.requestLog.entries.filter { $0.method == "POST" && $0.path.hasPrefix("/v1.0") }.isEmpty)
            try await rig.approve(approval)
            // The channel exists; the card waits for a second approval that shows the channel id.
            let second = try #require(try await rig.pending(run: id).first)
            let channelID = try #require(
                emulator.state.withLock { world in
                    world.channels[MSTeamsDemo.teamID]?.first { $0.json["displayName"] == "inc-9-db" }?.id
                }
            )
            #expect(second.summary["message"]?.stringValue?.contains(channelID) == true)
            try await rig.approve(second)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            #expect(try await rig.pending(run: id).isEmpty)
            for step in ["create", "summary"] {
                #expect(try await rig.job(run, step).decision?.ruleID == "msteams-write-approved", "\(step)")
            }
            let channel = try #require(
                emulator.state.withLock { world in
                    world.channels[MSTeamsDemo.teamID]?.first { $0.json["displayName"] == "inc-9-db" }
                }
            )
            #expect(channel.messages.count == 1)
            #expect(try isValidCard(channel.messages.first.flatMap(cardOf)))
            #expect(
                channel.messages.first.flatMap(cardOf)?["body"]?.arrayValue?.dropFirst(1).first?["text"]
                    == "Primary is down."
            )
        }
    }

    @Test("msteams.approval.request waits for the decision, then posts the outcome once per key")
    func approvalRequest() async throws {
        try await withTeamsRig { rig, emulator in
            let input: JSONValue = [
                "team_id": .string(MSTeamsDemo.teamID), "channel_id": .string(MSTeamsDemo.deployments),
                "question": "Deploy api 1.4.2?", "key": "deploy-api-1.4.2",
            ]
            let id = try await rig.start("msteams.approval.request", input)
            let approval = try #require(try await rig.pending(run: id).first)
            #expect(approval.summary["message"] == "Deploy api 1.4.2?")
            #expect(messages(emulator, channel: MSTeamsDemo.deployments).isEmpty)
            try await rig.approve(approval)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            #expect(try await rig.job(run, "outcome").decision?.ruleID == "msteams-write-approved")
            let posted = messages(emulator, channel: MSTeamsDemo.deployments)
            #expect(posted.map { $0.json["body"]?["content"] } == ["Approved: Deploy api 1.4.2?"])
        }
    }
}
