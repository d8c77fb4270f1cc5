import EmulatorKit
import Foundation
import OpenTelemetryEmulator
import OpenTelemetryWorker
import PackHost
import PackTesting
import StructuredData
import Testing
import WorkflowEngine

/// The opentelemetry pack's reference workflows on the host with the worker in-process and the emulator's demo
/// shop: the evidence they store, the summaries they answer and the decision of each job.
@Suite("OpenTelemetry workflows against the emulator")
struct OpenTelemetryWorkflowTests {
    func withRig(_ body: (PackRig, Emulator<SeededState<TraceStore>>) async throws -> Void) async throws {
        let pack = try PackUnderTest(id: "opentelemetry", worker: OpenTelemetryWorker.registration, emulator: nil)
        let emulator = try await Emulator.start(try OpenTelemetryEmulator.definition(), port: 0)
        try await withPackRig(pack, PackRigOptions(emulator: emulator.running)) { rig in
            try await body(rig, emulator)
        }
    }

    func text(_ rig: PackRig, _ pointer: JSONValue?) throws -> (String, [String: String]) {
        let artifact = try rig.services.artifacts.get(
            tenant: PackRig.tenant,
            pointer: try #require(pointer?.stringValue)
        )
        return (String(decoding: artifact.content, as: UTF8.self), artifact.info.metadata.labels)
    }

    @Test("trace.investigate: critical path, errors, the slow-versus-fast comparison, waterfall and evidence")
    func investigate() async throws {
        try await withRig { rig, _ in
            let id = try await rig.start(
                "opentelemetry.trace.investigate",
                ["trace_id": .string(OpenTelemetryDemo.failedTrace)]
            )
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run)")
            let summary = try #require(run.steps["summary"]?.output)
            let text = try #require(summary["text"]?.stringValue)
            #expect(text.contains("payment payment.charge"), "\(text)")
            #expect(text.contains("payment.provider=legacy-bank"), "\(text)")
            #expect(summary["distinguishing"]?.arrayValue?.first?["value"] == "legacy-bank")
            let (svg, svgLabels) = try self.text(rig, summary["waterfall"])
            #expect(svg.hasPrefix("<svg") && svg.contains("bar critical error"))
            #expect(svgLabels["kind"] == "chart")
            let (evidence, labels) = try self.text(rig, summary["evidence"])
            #expect(labels["name"] == "trace-\(OpenTelemetryDemo.failedTrace)-evidence.md")
            #expect(evidence.hasPrefix("# Trace \(OpenTelemetryDemo.failedTrace): evidence"))
            #expect(evidence.contains("| Root | frontend GET /checkout |"))
            #expect(evidence.contains(summary["waterfall"]?.stringValue ?? "?"))
            let compare = try await rig.job(run, "compare")
            #expect(compare.input["operation"] == "GET /checkout")
            #expect(compare.decision?.ruleID == "opentelemetry-read")
        }
    }

    @Test("service.errors groups a service's error traces by operation and error in a report")
    func serviceErrors() async throws {
        try await withRig { rig, _ in
            let id = try await rig.start("opentelemetry.service.errors", ["service": "frontend", "range": "2h"])
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run)")
            let summary = try #require(run.steps["summary"]?.output)
            #expect(summary["traces"] == 2)
            let groups = summary["groups"]?.arrayValue ?? []
            #expect(
                groups.contains {
                    $0["operation"] == "SELECT cart" && $0["error"] == "ConnectionResetError: connection reset by peer"
                }
            )
            #expect(groups.contains { $0["operation"] == "payment.charge" })
            let (report, labels) = try self.text(rig, summary["report"])
            #expect(labels["name"] == "service-frontend-errors.md")
            #expect(report.contains("Traces with spans in error: 2"))
        }
    }

    @Test("traces exported to the emulator over OTLP protobuf are investigated through the pack")
    func exportedThenInvestigated() async throws {
        try await withRig { rig, emulator in
            let trace = "0af7651916cd43dd8448eb211c80319c"
            let start = UInt64(Date().timeIntervalSince1970 - 120) * 1_000_000_000
            let body = OTLPTestExport.request(
                service: "host",
                trace: trace,
                steps: [("run", nil, 0, 900), ("step-a", "run", 10, 300), ("step-b", "run", 310, 880)],
                start: start
            )
            let status = try await OTLPTestExport.post(body, to: "\(emulator.baseURL)/v1/traces")
            #expect(status == 200)
            let spans = emulator.state.withLock { $0.trace(trace) }
            #expect(spans.count == 3)
            let id = try await rig.start("opentelemetry.trace.investigate", ["trace_id": .string(trace)])
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(run)")
            let path = run.steps["analyze"]?.output?["result"]?["critical_path"]?.arrayValue?.compactMap {
                $0["name"]?.stringValue
            }
            #expect(path == ["run", "step-a", "step-b"])
        }
    }
}
