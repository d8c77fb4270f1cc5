import EmulatorKit
import PackHost
import PackTesting
import SlackEmulator
import SlackWorker
import StructuredData
import Testing
import WorkflowEngine

/// The slack pack's reference workflows on the host with the worker in-process and the emulator's workspace at
/// hand: what Slack ends up with, which rule decided each job, and idempotency across runs.
@Suite("Slack workflows")
struct SlackWorkflowTests {
    /// Runs `body` with a rig whose emulator the test can read.
    func withSlackRig(_ body: (PackRig, Emulator<SeededState<SlackWorld>>) async throws -> Void) async throws {
        let pack = try PackUnderTest(id: "slack", worker: SlackWorker.registration, emulator: nil)
        let emulator = try await Emulator.start(try SlackEmulator.definition(), port: 0)
        try await withPackRig(pack, PackRigOptions(emulator: emulator.running)) { rig in
            try await body(rig, emulator)
        }
    }

    func messages(_ emulator: Emulator<SeededState<SlackWorld>>, in channel: String) -> [SlackWorld.Message] {
        emulator.state.withLock { world in world.channels.first { $0.id == channel }?.messages ?? [] }
    }

    @Test("slack.notify posts once per key, however often it runs")
    func notifyOncePerKey() async throws {
        try await withSlackRig { rig, emulator in
            let input: JSONValue = ["channel": "C0DEPLOYMENTS", "text": "api 1.4.2 is live", "key": "deploy-1.4.2"]
            let before = messages(emulator, in: "C0DEPLOYMENTS").count
            let first = try await rig.start("slack.notify", input)
            let approval = try #require(try await rig.pending(run: first).first)
            #expect(approval.kind == .job)
            try await rig.approve(approval)
            var run = try await rig.run(first)
            #expect(run.status == .succeeded)
            let post = try await rig.job(run, "post")
            #expect(post.decision?.ruleID == "slack-write")
            let second = try await rig.start("slack.notify", input)
            _ = try await rig.approveAll(run: second)
            run = try await rig.run(second)
            #expect(run.status == .succeeded)
            let posted = messages(emulator, in: "C0DEPLOYMENTS").filter { $0.text == "api 1.4.2 is live" }
            #expect(posted.count == 1)
            #expect(messages(emulator, in: "C0DEPLOYMENTS").count == before + 1)
            #expect(emulator.requestLog.entries(method: "POST", path: "/api/chat.postMessage").count == 1)
        }
    }

    @Test("slack.incident.open creates the channel after one approval and sets it up after a second that names it")
    func incidentOpen() async throws {
        try await withSlackRig { rig, emulator in
            let input: JSONValue = [
                "name": "inc-9-db", "responder": "U0ALICE", "topic": "SEV1: database", "summary": "Primary is down.",
            ]
            let id = try await rig.start("slack.incident.open", input)
            let approval = try #require(try await rig.pending(run: id).first)
            let message = approval.summary["message"]?.stringValue ?? ""
            #expect(
                message.contains("#inc-9-db") && message.contains("Alice Adams") && message.contains("SEV1: database")
            )
            #expect(emulator.requestLog.entries.allSatisfy { $0.method == "GET" })
            try await rig.approve(approval)
            // The channel exists; its set-up waits for a second approval that shows the channel id.
            let setup = try #require(try await rig.pending(run: id).first)
            let channelID = try #require(
                emulator.state.withLock { world in world.channels.first { $0.name == "inc-9-db" }?.id }
            )
            #expect(setup.summary["message"]?.stringValue?.contains(channelID) == true, "\(setup.summary)")
            #expect(emulator.requestLog.entries(method: "POST", path: "/api/conversations.invite").isEmpty)
            try await rig.approve(setup)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            #expect(try await rig.pending(run: id).isEmpty)
            for step in ["create", "invite", "topic", "summary"] {
                #expect(try await rig.job(run, step).decision?.ruleID == "slack-write-approved", "\(step)")
            }
            let channel = try #require(
                emulator.state.withLock { world in world.channels.first { $0.name == "inc-9-db" } }
            )
            #expect(channel.topic == "SEV1: database")
            #expect(channel.members.contains("U0ALICE"))
            #expect(channel.messages.map(\.text) == ["Primary is down."])
        }
    }
}
