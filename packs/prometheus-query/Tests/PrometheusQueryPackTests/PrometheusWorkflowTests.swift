import EmulatorKit
import PackHost
import PackTesting
import PrometheusQueryEmulator
import PrometheusQueryWorker
import StructuredData
import Testing
import WorkflowEngine

/// The prometheus-query pack's reference workflows on the host with the worker in-process and the emulator's
/// stack at hand: the charts they store, the silence they create (once per alert, by the run's principal) and the
/// decisions of each job.
@Suite("Prometheus workflows against the emulator")
struct PrometheusWorkflowTests {
    func withRig(_ body: (PackRig, Emulator<SeededState<PrometheusWorld>>) async throws -> Void) async throws {
        let pack = try PackUnderTest(id: "prometheus-query", worker: PrometheusQueryWorker.registration, emulator: nil)
        let emulator = try await Emulator.start(try PrometheusQueryEmulator.definition(), port: 0)
        try await withPackRig(pack, PackRigOptions(emulator: emulator.running)) { rig in
            try await body(rig, emulator)
        }
    }

    @Test("alert.investigate charts the rule's expression and the job's signals, and links every chart")
    func investigate() async throws {
        try await withRig { rig, _ in
            let id = try await rig.start("prometheus-query.alert.investigate", ["alertname": "HighErrorRate"])
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run)")
            let summary = try #require(run.steps["summary"]?.output)
            #expect(summary["job"] == "api")
            #expect(summary["state"] == "firing")
            let charts = try #require(summary["charts"]?.objectValue)
            #expect(charts.count == 4)
            for (name, pointer) in charts {
                let text = try #require(pointer.stringValue, "\(name)")
                let artifact = try rig.services.artifacts.get(tenant: PackRig.tenant, pointer: text)
                #expect(artifact.info.metadata.contentType == "image/svg+xml")
                #expect(String(decoding: artifact.content, as: UTF8.self).hasPrefix("<svg"))
            }
            #expect(summary["text"]?.stringValue?.contains(charts["latency_p99"]?.stringValue ?? "?") == true)
            // The evidence document: a Markdown artifact that names the alert and links every chart.
            let evidence = try rig.services.artifacts.get(
                tenant: PackRig.tenant,
                pointer: try #require(summary["evidence"]?.stringValue)
            )
            #expect(evidence.info.metadata.contentType == "text/markdown; charset=utf-8")
            #expect(evidence.info.metadata.labels["name"] == "alert-HighErrorRate-evidence.md")
            let document = String(decoding: evidence.content, as: UTF8.self)
            #expect(document.hasPrefix("# Alert HighErrorRate: evidence"))
            #expect(document.contains("| State | firing |"))
            #expect(document.contains("| Job | api |"))
            for (_, pointer) in charts { #expect(document.contains(pointer.stringValue ?? "?")) }
            #expect(summary["text"]?.stringValue?.contains(evidence.info.pointer) == true)
            let errors = try await rig.job(run, "errors")
            #expect(errors.input["query"]?.stringValue?.contains("job=\"api\"") == true)
            #expect(errors.decision?.ruleID == "prometheus-query-read")
        }
    }

    @Test("slo.report measures availability and budget and charts the burn rate")
    func sloReport() async throws {
        try await withRig { rig, _ in
            let id = try await rig.start(
                "prometheus-query.slo.report",
                ["job": "api", "objective": 0.99, "window": "1h"]
            )
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run)")
            let summary = try #require(run.steps["summary"]?.output)
            let availability = try #require(summary["availability"]?.stringValue)
            let budget = try #require(summary["budget_remaining"]?.stringValue)
            let pointer = try #require(summary["burn_chart"]?.stringValue)
            let artifact = try rig.services.artifacts.get(tenant: PackRig.tenant, pointer: pointer)
            #expect(String(decoding: artifact.content, as: UTF8.self).contains("Error budget burn rate of api"))
            // The report: a Markdown artifact with the figures and the chart's pointer, linked by the summary.
            let reportPointer = try #require(summary["report"]?.stringValue)
            let report = try rig.services.artifacts.get(tenant: PackRig.tenant, pointer: reportPointer)
            #expect(report.info.metadata.labels["name"] == "slo-report-api.md")
            #expect(report.info.metadata.labels["run_id"] == id)
            let document = String(decoding: report.content, as: UTF8.self)
            #expect(document.hasPrefix("# SLO report: api"))
            #expect(document.contains("| Availability | \(availability) |"))
            #expect(document.contains("| Error budget remaining | \(budget) "))
            #expect(document.contains("| Burn-rate chart | \(pointer) |"))
            #expect(document.contains("| Objective | 0.99 "))
            #expect(summary["text"]?.stringValue?.contains(reportPointer) == true)
        }
    }

    @Test("silence.create silences the alert once, after one approval, as the run's principal, under its lock")
    func silenceOnce() async throws {
        try await withRig { rig, emulator in
            let input: JSONValue = ["alertname": "HighErrorRate", "duration": "2h", "comment": "deploying the fix"]
            let id = try await rig.start("prometheus-query.silence.create", input)
            let approval = try #require(try await rig.pending(run: id).first)
            #expect(approval.summary["message"]?.stringValue?.contains("HighErrorRate") == true)
            #expect(emulator.state.withLock { $0.silences.isEmpty })
            try await rig.approve(approval)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run)")
            let silence = try await rig.job(run, "silence")
            #expect(silence.decision?.ruleID == "prometheus-query-silence-approved")
            #expect(silence.lock?.resource.hasPrefix("alertmanager:silence:") == true)
            let silences = emulator.state.withLock { $0.silences }
            #expect(silences.count == 1)
            #expect(silences.first?.createdBy == PackRig.requester)
            #expect(silences.first?.comment == "deploying the fix")
            // The alert is silenced now: a second run finds no unsilenced alert and creates nothing.
            let second = try await rig.start("prometheus-query.silence.create", input)
            _ = try await rig.approveAll(run: second)
            #expect(emulator.state.withLock { $0.silences.count } == 1)
        }
    }

    @Test("Rerunning silence.create for the same alert does not silence it twice")
    func rerunIsIdempotent() async throws {
        try await withRig { rig, emulator in
            let input: JSONValue = ["alertname": "HighErrorRate", "comment": "once"]
            let id = try await rig.start("prometheus-query.silence.create", input)
            _ = try await rig.approveAll(run: id)
            #expect(try await rig.run(id).status == .succeeded)
            // Expire it at Alertmanager behind the workflow's back: the alert fires unsilenced again, and a rerun
            // of the same run (same alert, same start) is still held by the idempotency key.
            emulator.state.withLock { world in world.silences[0].endsAt = 0 }
            let again = try await rig.rerun(id)
            _ = try await rig.approveAll(run: again)
            _ = try await rig.run(again)
            #expect(emulator.requestLog.entries(method: "POST", path: "/api/v2/silences").count == 1)
        }
    }
}
