import EmulatorKit
import Foundation
import PackHost
import PackTesting
import SentryEmulator
import SentryWorker
import StructuredData
import Testing
import WorkflowEngine

/// The reference workflows end to end on the host, with the sentry worker against the sentry emulator.
@Suite("Sentry workflows on the host", .serialized)
struct SentryWorkflowTests {
    static func pack() throws -> PackUnderTest {
        try PackUnderTest(id: "sentry", worker: SentryWorker.registration, emulator: SentryEmulator.registration)
    }

    static func example(_ workflow: String, _ index: Int = 0) throws -> JSONValue {
        let file = try PackUnderTest.packFolder("sentry").appendingPathComponent("pack/workflows/\(workflow).yaml")
        let document = try YAMLLoader.load(String(contentsOf: file, encoding: .utf8))
        let examples = try #require(document["input_schema"]?["examples"]?.arrayValue)
        return examples[index]
    }

    @Test("sentry.issue.triage: evidence, summary, approval, then assign and note once per issue")
    func triage() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let id = try await rig.start("sentry.issue.triage", try Self.example("issue-triage"))
            let pending = try await rig.pending(run: id)
            #expect(pending.count == 1)
            #expect(try await rig.control?.writes().isEmpty == true)
            let reads = try await rig.control?.requests().map(\.path) ?? []
            #expect(
                reads.contains(
                    "/api/0/projects/cordum-demo/backend/events/9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d/committers/"
                )
            )
            #expect(reads.contains("/api/0/organizations/cordum-demo/releases/backend%402.4.0/"))
            #expect(try await rig.approveAll(run: id) == 1)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            let writes = try await rig.control?.writes() ?? []
            #expect(
                writes.map(\.path) == [
                    "/api/0/organizations/cordum-demo/issues/4711/",
                    "/api/0/organizations/cordum-demo/issues/4711/notes/",
                ]
            )
            #expect(writes.first?.jsonBody?["assignedTo"] == "alice@example.com")
            let note = writes.last?.jsonBody?["text"]?.stringValue ?? ""
            #expect(note.contains("Triage of BACKEND-3"))
            #expect(note.contains("Introduced in release backend@2.4.0"))
            #expect(note.contains("Suspect commit: e4c1d9a77b2f4c0b9a6d3e1f0a2b3c4d5e6f7a8b by Alice Example"))
            #expect(note.contains("Top environment: production"))

            // Run again for the same issue: the idempotency keys hold, nothing is assigned or noted twice.
            let again = try await rig.start("sentry.issue.triage", try Self.example("issue-triage"))
            _ = try await rig.approveAll(run: again)
            #expect(try await rig.run(again).status == .succeeded)
            #expect(try await rig.control?.writes().count == 2)
        }
    }

    @Test("sentry.release.health: crash-free rate, new issues and deploys become a report artifact with a verdict")
    func releaseHealth() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let id = try await rig.start("sentry.release.health", try Self.example("release-health"))
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            #expect(try await rig.pending(run: id).isEmpty)
            let report = try await rig.job(run, "report")
            let result = try #require(report.result?["result"])
            #expect(result["verdict"] == "degraded")
            #expect(result["crash_free_sessions"]?.doubleValue == 97.8)
            #expect(result["new_issues"] == 2)
            let pointer = try #require(result["report"]?["pointer"]?.stringValue)
            let artifact = try rig.services.artifacts.get(tenant: PackRig.tenant, pointer: pointer)
            let markdown = String(decoding: artifact.content, as: UTF8.self)
            #expect(markdown.hasPrefix("# Release health: backend@2.4.0"))
            #expect(markdown.contains("crash-free sessions 97.8% below 99%"))
            #expect(markdown.contains("BACKEND-3"))
            #expect(markdown.contains("| production | backend 2.4.0 |"))
            #expect(try await rig.control?.writes().isEmpty == true)
        }
    }

    @Test("sentry.issue.resolve-in-release: approved, the issue is resolved in the next release and noted")
    func resolveInRelease() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let id = try await rig.start(
                "sentry.issue.resolve-in-release",
                try Self.example("issue-resolve-in-release")
            )
            #expect(try await rig.control?.writes().isEmpty == true)
            #expect(try await rig.approveAll(run: id) == 1)
            #expect(try await rig.run(id).status == .succeeded)
            let writes = try await rig.control?.writes() ?? []
            #expect(writes.count == 2)
            #expect(writes.first?.method == "PUT")
            #expect(writes.first?.jsonBody?["statusDetails"]?["inNextRelease"] == true)
            #expect(writes.last?.jsonBody?["text"]?.stringValue?.contains("connection pool") == true)
        }
    }

    @Test("a dry run of the triage shows the plans and changes nothing")
    func dryRun() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let id = try await rig.start("sentry.issue.triage", try Self.example("issue-triage"), dryRun: true)
            _ = try await rig.approveAll(run: id)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            #expect(try await rig.control?.writes().isEmpty == true)
            let assign = try await rig.job(run, "assign")
            #expect(assign.result?["dry_run"] == true)
            #expect(assign.result?["plan"]?["method"] == "PUT")
        }
    }
}
