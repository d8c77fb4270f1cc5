import EmulatorKit
import Foundation
import JiraEmulator
import JiraWorker
import PackTesting
import SlackEmulator
import SlackWorker
import StructuredData
import Testing
import WorkflowEngine

/// The reference workflows end to end on the host, with the jira worker against the jira emulator — and for
/// jira.incident.track the slack pack beside it (requires_packs), its worker against its emulator.
@Suite("Jira workflows on the host", .serialized)
struct JiraWorkflowTests {
    static func pack() throws -> PackUnderTest {
        let jira = try PackUnderTest(id: "jira", worker: JiraWorker.registration, emulator: JiraEmulator.registration)
        let slack = try PackUnderTest(
            id: "slack",
            worker: SlackWorker.registration,
            emulator: SlackEmulator.registration
        )
        return jira.requiring([slack])
    }

    static func example(_ workflow: String) throws -> JSONValue {
        let file = try PackUnderTest.packFolder("jira").appendingPathComponent("pack/workflows/\(workflow).yaml")
        let document = try YAMLLoader.load(String(contentsOf: file, encoding: .utf8))
        return try #require(document["input_schema"]?["examples"]?[0])
    }

    @Test("jira.issue.create: one issue per event id, however often the run is repeated")
    func createIsIdempotent() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let input = try Self.example("issue-create")
            let first = try await rig.start("jira.issue.create", input)
            #expect(try await rig.approveAll(run: first) == 1)
            #expect(try await rig.run(first).status == .succeeded)
            let rerun = try await rig.rerun(first)
            _ = try await rig.approveAll(run: rerun)
            #expect(try await rig.run(rerun).status == .succeeded)
            let creates = try await rig.control?.writes().filter { $0.path == "/rest/api/3/issue" } ?? []
            #expect(creates.count == 1)
            let body = try #require(creates.first?.jsonBody)
            #expect(body["fields"]?["description"]?["content"]?[0]?["type"] == "heading")
        }
    }

    @Test("jira.issue.triage: search, propose, approve, then transition by name, assign and comment")
    func triage() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let id = try await rig.start("jira.issue.triage", try Self.example("issue-triage"))
            let pending = try await rig.pending(run: id)
            #expect(pending.count == 1)
            #expect(try await rig.control?.writes().isEmpty == true)
            _ = try await rig.approveAll(run: id)
            #expect(try await rig.run(id).status == .succeeded)
            let writes = try await rig.control?.writes().map(\.path) ?? []
            #expect(
                writes == [
                    "/rest/api/3/issue/OPS-3/transitions", "/rest/api/3/issue/OPS-3/assignee",
                    "/rest/api/3/issue/OPS-3/comment",
                ]
            )
        }
    }

    @Test("jira.incident.track: the issue is created in Jira and its link posted in the Slack channel")
    func incident() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let id = try await rig.start("jira.incident.track", try Self.example("incident-track"))
            // The issue, then the message that names it.
            #expect(try await rig.approveAll(run: id) == 2)
            #expect(try await rig.run(id).status == .succeeded)
            let slack = try #require(rig.requiredEmulators["slack"])
            let posts = try await EmulatorControl(baseURL: slack.baseURL).writes().filter {
                $0.path == "/api/chat.postMessage"
            }
            #expect(posts.count == 1)
            let text = posts.first?.jsonBody?["text"]?.stringValue ?? ""
            #expect(text.contains("/browse/OPS-5|OPS-5>"))
        }
    }
}
