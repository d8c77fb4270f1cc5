import Foundation
import HelloWorker
import StructuredData
import Telemetry
import Testing
import WorkerKit
import WorkflowEngine

@testable import PackHost

/// The host's own runs as OpenTelemetry traces: exported over OTLP/HTTP to a collector, one trace per run, with the
/// worker's span joined to it through the job's `TRACEPARENT`.
@Suite struct RunTracingTests {
    /// Runs hello.greet-and-sign (a read, an approval by bob, a write) on a host exporting to `port`.
    static func tracedRun(port: Int) async throws -> (runID: String, jobs: [String]) {
        let settings = try TraceExportSettings(
            endpoint: "http://127.0.0.1:\(port)",
            serviceName: "cordum-test-host",
            wireFormat: .json,
            scheduleDelay: .milliseconds(50)
        )
        let export = try TraceExport(settings)
        var configuration = HostConfiguration()
        configuration.tracer = export.tracer
        let fixture = try HostFixture(catalog: try StaticCatalog.hello(), configuration: configuration)
        let host = fixture.host
        try await host.register(
            InProcessWorker(HelloWorker.make(guestbook: Guestbook()), pool: "hello", tracer: host.tracer)
        )
        let started = try await host.startRun(
            workflowID: "hello.greet-and-sign",
            input: ["name": "Ada"],
            tenant: "default",
            principal: "alice"
        )
        await host.settle()
        try await fixture.advance(seconds: 5)
        let approval = try #require(try await host.approvals(tenant: "default").first)
        try await fixture.advance(seconds: 30, settle: false)
        _ = try await host.approve(
            approval.id,
            tenant: "default",
            principal: "bob",
            reason: "reviewed",
            expectedDigest: approval.digest
        )
        await host.settle()
        let run = try await host.run(started.id, tenant: "default")
        #expect(run.status == .succeeded)
        await export.shutdown()
        return (started.id, [run.steps["greet"]?.jobID, run.steps["sign"]?.jobID].compactMap { $0 })
    }

    @Test func aRunIsOneTraceOfItsStepsJobsPolicyDecisionsAndApprovalWait() async throws {
        let collector = OTLPJSONCollector()
        try await collector.serve { port in
            let (runID, jobs) = try await Self.tracedRun(port: port)
            #expect(jobs.count == 2)
            let spans = collector.spans
            #expect(collector.contentTypes.allSatisfy { $0.hasPrefix("application/json") })
            let run = try #require(spans.first { $0.name == "run hello.greet-and-sign" }, "\(spans.map(\.name))")
            #expect(run.parentSpanID.isEmpty, "the run is the trace's root")
            #expect(run.attributes["cordum.run.id"] == .string(runID))
            #expect(run.attributes["cordum.run.status"] == .string("succeeded"))
            #expect(run.serviceName == "cordum-test-host")
            let trace = spans.filter { $0.traceID == run.traceID }
            #expect(trace.count == spans.count, "every span of the run is in its trace")
            let names = trace.map(\.name)
            for name in Set(names) where !name.hasPrefix("policy") {
                #expect(names.filter { $0 == name }.count == 1, "one span for \(name): \(names)")
            }

            // Steps under the run, jobs under their steps.
            for step in ["greet", "approve", "sign"] {
                let span = try #require(trace.first { $0.name == "step \(step)" }, "step \(step)")
                #expect(span.parentSpanID == run.spanID)
                #expect(span.start >= run.start && span.end <= run.end)
            }
            let greetStep = try #require(trace.first { $0.name == "step greet" })
            let greetJob = try #require(trace.first { $0.name == "job job.hello.greet" })
            #expect(greetJob.parentSpanID == greetStep.spanID)
            #expect(greetJob.attributes["cordum.job.id"] == .string(jobs[0]))
            #expect(greetJob.attributes["cordum.job.state"] == .string("succeeded"))
            #expect(greetJob.kind.contains("PRODUCER") || greetJob.kind == "4")

            // The policy decision under each job.
            let policy = try #require(
                trace.first { $0.parentSpanID == greetJob.spanID && $0.name.hasPrefix("policy ") }
            )
            #expect(policy.attributes["cordum.policy.rule_id"] == .string("hello-greet"))
            #expect(policy.attributes["cordum.policy.decision"] == .string("ALLOW"))

            // The approval step's wait: 30 s of the manual clock, decided by bob.
            let approveStep = try #require(trace.first { $0.name == "step approve" })
            let wait = try #require(trace.first { $0.name == "wait approve" })
            #expect(wait.parentSpanID == approveStep.spanID)
            #expect(wait.end - wait.start >= 30_000_000_000)
            #expect(wait.attributes["cordum.approval.granted_by"] == .array([.string("bob")]))

            // The worker's span joins the trace under the job span: TRACEPARENT went with the job.
            let greetWork = try #require(trace.first { $0.name == "job.hello.greet" }, "\(trace.map(\.name))")
            #expect(greetWork.parentSpanID == greetJob.spanID)
            #expect(greetWork.attributes["cordum.pack.id"] == .string("hello"))
            let signJob = try #require(trace.first { $0.name == "job job.hello.guestbook.sign" })
            let signWork = try #require(trace.first { $0.name == "job.hello.guestbook.sign" })
            #expect(signWork.parentSpanID == signJob.spanID)
        }
    }

    @Test func aDeniedJobIsAFailedSpanWithItsRule() async throws {
        let collector = OTLPJSONCollector()
        try await collector.serve { port in
            let export = try TraceExport(
                try TraceExportSettings(
                    endpoint: "http://127.0.0.1:\(port)/v1/traces",
                    serviceName: "cordum-test-host",
                    wireFormat: .json,
                    scheduleDelay: .milliseconds(50)
                )
            )
            var configuration = HostConfiguration()
            configuration.tracer = export.tracer
            let (fixture, _) = try await GateAndApprovalTests.fixture(configuration: configuration)
            let job = try await fixture.host.submitJob(
                JobSubmission(topic: "job.t.delete"),
                tenant: "a",
                principal: "p"
            )
            await fixture.host.settle()
            await export.shutdown()
            let span = try #require(collector.spans.first { $0.attributes["cordum.job.id"] == .string(job.id) })
            #expect(span.parentSpanID.isEmpty, "a job outside a run is a trace of its own")
            #expect(span.statusCode.contains("ERROR") || span.statusCode == "2")
            let policy = try #require(collector.spans.first { $0.parentSpanID == span.spanID })
            #expect(policy.attributes["cordum.policy.decision"] == .string("DENY"))
            #expect(policy.attributes["cordum.policy.rule_id"] == .string("no-deletes"))
        }
    }

    @Test func aJobsOwnEnvironmentCannotForgeItsTraceParent() throws {
        var job = HostJob(
            id: "job-1",
            tenantID: "a",
            principal: "p",
            topic: "job.t.read",
            input: [:],
            createdAt: Timestamp(milliseconds: 0)
        )
        job.envelope.env["TRACEPARENT"] = "00-11111111111111111111111111111111-2222222222222222-01"
        var assignment = JobAssignment(job: job, riskTags: [], requires: [])
        #expect(assignment.environment["TRACEPARENT"] == nil)
        assignment.traceContext = ["TRACEPARENT": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"]
        #expect(assignment.environment["TRACEPARENT"] == "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01")
    }
}
