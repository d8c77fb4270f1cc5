import CAP
import HelloWorker
import PackHost
import StructuredData
import Telemetry
import Testing
import WorkerKit
import WorkflowEngine

/// W3C trace context over CAP: the host puts its job span's `TRACEPARENT` in the JobRequest's `env`, and a worker in
/// another service (its own exporter, its own service name) parents its span on it.
@Suite(.serialized) struct CAPTracingTests {
    @Test func aRemoteWorkersSpanJoinsTheRunsTraceThroughTheJobRequest() async throws {
        let collector = OTLPJSONCollector()
        try await collector.serve { port in
            func export(_ service: String) throws -> TraceExport {
                try TraceExport(
                    try TraceExportSettings(
                        endpoint: "http://127.0.0.1:\(port)",
                        serviceName: service,
                        wireFormat: .json,
                        scheduleDelay: .milliseconds(50)
                    )
                )
            }
            let hostTraces = try export("cordum-packhost")
            let workerTraces = try export("cordum-hello")
            var configuration = HostConfiguration()
            configuration.tracer = hostTraces.tracer
            let rig = try await CAPRig(catalog: try StaticCatalog.hello(), host: configuration)
            var worker = HelloWorker.make(guestbook: Guestbook())
            worker.tracer = workerTraces.tracer
            let capWorker = try await rig.startWorker(worker, id: "hello-traced")

            // The raw JobRequest on the wire carries the context.
            let direct = try await rig.peer.subscribe(to: "worker.hello-traced.jobs")
            let started = try await rig.host.startRun(
                workflowID: "hello.greet",
                input: ["name": "Ada"],
                tenant: "default",
                principal: "alice"
            )
            var run = try await rig.host.run(started.id, tenant: "default")
            try await rig.waitUntil {
                run = try await rig.host.run(started.id, tenant: "default")
                return run.status.isTerminal
            }
            #expect(run.status == .succeeded)
            var requests = direct.makeAsyncIterator()
            let message = try #require(try await requests.next())
            let request = try #require(jobRequest(in: message))
            let traceparent = try #require(request.env["TRACEPARENT"])
            #expect(traceparent.split(separator: "-").count == 4)

            await capWorker.shutdown()
            await rig.stop()
            await workerTraces.shutdown()
            await hostTraces.shutdown()

            let spans = collector.spans
            let job = try #require(spans.first { $0.name == "job job.hello.greet" }, "\(spans.map(\.name))")
            #expect(job.serviceName == "cordum-packhost")
            #expect(traceparent.contains(job.traceID) && traceparent.contains(job.spanID))
            let work = try #require(spans.first { $0.name == "job.hello.greet" })
            #expect(work.serviceName == "cordum-hello")
            #expect(work.traceID == job.traceID)
            #expect(work.parentSpanID == job.spanID)
            #expect(work.attributes["cordum.worker.id"] == .string("hello-traced"))
        }
    }
}
