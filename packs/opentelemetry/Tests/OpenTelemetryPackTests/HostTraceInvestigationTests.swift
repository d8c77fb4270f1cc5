import EmulatorKit
import Foundation
import OpenTelemetryEmulator
import OpenTelemetryWorker
import PackHost
import PackTesting
import StructuredData
import Telemetry
import Testing
import WorkflowEngine

/// The host's own runs as traces, end to end: the host exports a run over OTLP/HTTP protobuf (swift-otel's exporter)
/// to the emulator, and the pack then finds and investigates that run's trace like any other.
@Suite("The host's runs, exported to the emulator and investigated through the pack")
struct HostTraceInvestigationTests {
    @Test("a run's trace comes back through the pack with every step, job and policy decision as a span")
    func aRunsTraceComesBackWithEveryStep() async throws {
        let emulator = try await Emulator.start(try OpenTelemetryEmulator.definition(), port: 0)
        let export = try TraceExport(
            try TraceExportSettings(
                endpoint: emulator.baseURL,
                serviceName: "cordum-packhost",
                scheduleDelay: .milliseconds(50)
            )
        )
        var options = PackRigOptions(emulator: emulator.running)
        options.hostConfiguration.tracer = export.tracer
        let pack = try PackUnderTest(id: "opentelemetry", worker: OpenTelemetryWorker.registration, emulator: nil)
        try await withPackRig(pack, options) { rig in
            // A traced run: the pack's own service.errors workflow against the demo shop.
            let traced = try await rig.run(
                try await rig.start("opentelemetry.service.errors", ["service": "frontend", "range": "2h"])
            )
            #expect(traced.status == .succeeded, "\(traced)")
            await export.shutdown()  // sends what is still batched

            // Found by the run id the host puts on its spans, in the host clock's time.
            let from = traced.createdAt.milliseconds / 1000 - 60
            let searched = try await Self.read(
                rig,
                "traces.search",
                [
                    "service": "cordum-packhost",
                    "attributes": ["cordum.run.id": .string(traced.id)],
                    "start": .string(String(from)),
                    "end": .string(String(from + 3600)),
                ]
            )
            #expect(searched.state == .succeeded, "\(String(describing: searched.error))")
            let traces = searched.result?["result"]?["traces"]?.arrayValue ?? []
            #expect(traces.count == 1, "\(traces)")
            let traceID = try #require(traces.first?["trace_id"]?.stringValue)
            #expect(traces.first?["root_operation"] == "run opentelemetry.service.errors")

            // Every step of the traced run is a span of its trace.
            let fetched = try await Self.read(rig, "traces.get", ["trace_id": .string(traceID)])
            #expect(fetched.state == .succeeded, "\(String(describing: fetched.error))")
            let names = Self.spanNames(fetched.result?["result"])
            for step in traced.steps.keys {
                #expect(names.contains("step \(step)"), "step \(step) missing from \(names.sorted())")
            }
            #expect(names.contains("job job.opentelemetry.traces.search"))
            #expect(names.contains("policy ALLOW"))
            // The worker's spans joined the host's trace through TRACEPARENT.
            #expect(names.contains("job.opentelemetry.traces.search"))
            #expect(names.contains { $0.hasPrefix("GET ") }, "the worker's vendor calls")

            // Investigated through the pack's reference workflow: the run is the root of the critical path.
            let investigation = try await rig.run(
                try await rig.start("opentelemetry.trace.investigate", ["trace_id": .string(traceID)])
            )
            #expect(investigation.status == .succeeded, "\(investigation)")
            let path = investigation.steps["analyze"]?.output?["result"]?["critical_path"]?.arrayValue ?? []
            #expect(path.first?["name"] == "run opentelemetry.service.errors")
        }
        await emulator.stop()
    }

    /// Runs one read of the pack as the requester and returns the finished job.
    static func read(_ rig: PackRig, _ action: String, _ input: JSONValue) async throws -> HostJob {
        let job = try await rig.host.submitJob(
            JobSubmission(
                topic: "job.opentelemetry.\(action)",
                input: input,
                packID: "opentelemetry",
                capability: "opentelemetry.\(action)",
                riskTags: ["read", "network"],
                requires: ["network:egress", "jaeger:api"]
            ),
            tenant: PackRig.tenant,
            principal: PackRig.requester
        )
        await rig.host.settle()
        return try await rig.host.job(job.id, tenant: PackRig.tenant)
    }

    /// The span names of an OTLP JSON trace (`resourceSpans[].scopeSpans[].spans[].name`).
    static func spanNames(_ trace: JSONValue?) -> Set<String> {
        var names: Set<String> = []
        for resource in trace?["resourceSpans"]?.arrayValue ?? [] {
            for scope in resource["scopeSpans"]?.arrayValue ?? [] {
                for span in scope["spans"]?.arrayValue ?? [] {
                    if let name = span["name"]?.stringValue { names.insert(name) }
                }
            }
        }
        return names
    }
}
