import EmulatorKit
import Foundation
import PackHost
import PackTesting
import PagerDutyEmulator
import PagerDutyWorker
import StructuredData
import Testing
import WorkflowEngine

/// The reference workflows end to end on the host, with the pagerduty worker against the pagerduty emulator: the
/// policy decisions and approvals the pack declares, what reached PagerDuty, reruns and dry runs.
@Suite("PagerDuty workflows on the host", .serialized)
struct PagerDutyWorkflowTests {
    static func pack() throws -> PackUnderTest {
        try PackUnderTest(
            id: "pagerduty",
            worker: PagerDutyWorker.registration,
            emulator: PagerDutyEmulator.registration
        )
    }

    static func example(_ workflow: String) throws -> JSONValue {
        let file = try PackUnderTest.packFolder("pagerduty").appendingPathComponent("pack/workflows/\(workflow).yaml")
        let document = try YAMLLoader.load(String(contentsOf: file, encoding: .utf8))
        return try #require(document["input_schema"]?["examples"]?[0])
    }

    @Test("pagerduty.incident.triage: evidence, summary, approval, then acknowledge and the summary as a note, once")
    func triage() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let id = try await rig.start("pagerduty.incident.triage", try Self.example("incident-triage"))
            let pending = try await rig.pending(run: id)
            #expect(pending.count == 1)
            #expect(try await rig.control?.writes().isEmpty == true)
            let summary = try await rig.run(id).steps["summary"]?.output?["text"]?.stringValue ?? ""
            #expect(summary.contains("#101 \"Checkout p99 latency above 2s\""))
            #expect(summary.contains("on checkout-api"))
            #expect(summary.contains("Alerts: 2; first: p99 latency 2.4s on checkout-api (critical)"))
            #expect(summary.contains("On call (level 1): Bob Stone"))
            _ = try await rig.approveAll(run: id)
            #expect(try await rig.run(id).status == .succeeded)
            let writes = try await rig.control?.writes() ?? []
            #expect(
                writes.map { "\($0.method) \($0.path)" } == [
                    "PUT /incidents/PINC0001", "POST /incidents/PINC0001/notes",
                ]
            )
            #expect(writes.first?.jsonBody?["incident"]?["status"] == "acknowledged")
            #expect(writes.allSatisfy { $0.headers["from"] == PagerDutyDemo.email })
            #expect(writes.last?.jsonBody?["note"]?["content"]?.stringValue == summary)

            // The same incident again: the host's idempotency keys keep both writes from running twice.
            let rerun = try await rig.rerun(id)
            _ = try await rig.approveAll(run: rerun)
            let again = try await rig.run(rerun)
            #expect(again.status == .succeeded, "\(again.steps)")
            #expect(try await rig.control?.writes().count == 2)
        }
    }

    @Test("pagerduty.incident.triage as a dry run: plans with From and the vendor media type, nothing written")
    func triageDryRun() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let id = try await rig.start("pagerduty.incident.triage", try Self.example("incident-triage"), dryRun: true)
            _ = try await rig.approveAll(run: id)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            #expect(try await rig.control?.writes().isEmpty == true)
            let plan = try #require(run.steps["acknowledge"]?.output?["plan"], "\(run.steps)")
            #expect(plan["method"] == "PUT")
            #expect(plan["headers"]?["From"] == .string(PagerDutyDemo.email))
            #expect(plan["headers"]?["Accept"] == "application/vnd.pagerduty+json;version=2")
            #expect(plan["auth"] == "api_key")
        }
    }

    @Test("pagerduty.incident.resolve: after the approval, the resolution note and the resolve")
    func resolve() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let input = try Self.example("incident-resolve")
            let id = try await rig.start("pagerduty.incident.resolve", input)
            #expect(try await rig.approveAll(run: id) == 1)
            #expect(try await rig.run(id).status == .succeeded)
            let writes = try await rig.control?.writes() ?? []
            #expect(
                writes.map { "\($0.method) \($0.path)" } == [
                    "POST /incidents/PINC0002/notes", "PUT /incidents/PINC0002",
                ]
            )
            #expect(writes.last?.jsonBody?["incident"]?["status"] == "resolved")
            #expect(writes.last?.jsonBody?["incident"]?["resolution"] == input["resolution"])
            let got = try #require(try await rig.run(id).steps["resolve"]?.output)
            #expect(got["result"]?["incident"]?["status"] == "resolved")
            #expect(got["objects"]?[0]?["id"] == "PINC0002")
        }
    }

    @Test("pagerduty.oncall.handoff: the shifts and incidents of the window, written as a Markdown artifact")
    func handoff() async throws {
        try await withPackRig(try Self.pack()) { rig in
            let id = try await rig.start("pagerduty.oncall.handoff", try Self.example("oncall-handoff"))
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            #expect(try await rig.pending(run: id).isEmpty)
            let report = try #require(run.steps["report"]?.output)
            #expect(report["shifts"] == 2)
            #expect(report["incidents"] == 3)
            let pointer = try #require(report["report"]?.stringValue)
            let artifact = try rig.services.artifacts.get(tenant: PackRig.tenant, pointer: pointer)
            let text = String(decoding: artifact.content, as: UTF8.self)
            #expect(text.hasPrefix("# On-call handoff: Primary on-call"))
            #expect(text.contains("| 2026-12-06T09:00:00Z | 2026-12-07T09:00:00Z | Alice Ops |"))
            #expect(text.contains("| 2026-12-07T09:00:00Z | 2026-12-08T09:00:00Z | Bob Stone |"))
            #expect(text.contains("3 incidents, 2 still open."))
            #expect(text.contains("[Disk 85% on db-2](https://cordum-demo.pagerduty.com/incidents/PINC0003)"))
            #expect(try await rig.control?.writes().isEmpty == true)
        }
    }
}
