import Foundation
import InMemoryTracing
import Logging
import NIOHTTP1
import ServerTesting
import StructuredData
import Telemetry
import Testing
import Tracing
import WorkerKit

/// A worker's job span, and a CLIENT span per vendor call under it (the job span's parent from `TRACEPARENT` is
/// covered with the real W3C propagator by the host's `RunTracingTests` and `CAPTracingTests`).
@Suite struct WorkerTracingTests {
    static func context(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) -> JobContext {
        JobContext(
            jobID: "job-1",
            topic: "job.acme.read",
            tenant: "default",
            principal: "alice",
            environment: environment,
            secrets: secrets
        )
    }

    @Test func vendorCallsAreClientSpansUnderTheJobsSpanWithoutQueryOrSecrets() async throws {
        let server = try await TestHTTPServer.start { _, index in
            index == 0 ? ScriptedResponse(body: #"{"ok":true}"#) : ScriptedResponse(status: .notFound, body: "{}")
        }
        defer { Task { await server.stop() } }
        let tracer = InMemoryTracer()

        let secrets = SecretRegistry()
        secrets.register("tok-123456789")
        var worker = Worker(packID: "acme")
        worker.tracer = tracer
        worker.handle("job.acme.read") { context, _ in
            let client = VendorHTTPClient(vendor: "acme", secrets: context.secrets, retry: RetryPolicy(maxAttempts: 1))
            _ = try await client.send(
                VendorRequest(url: server.baseURL + "/items?token=tok-123456789"),
                logger: context.logger
            )
            _ = try? await client.send(VendorRequest(url: server.baseURL + "/missing"), logger: context.logger)
            return ["done": true]
        }
        let outcome = await worker.execute(Self.context(environment: [:], secrets: secrets), input: [:])
        guard case .succeeded = outcome else {
            Issue.record("the job failed: \(outcome)")
            return
        }
        let spans = tracer.finishedSpans
        let job = try #require(spans.first { $0.operationName == "job.acme.read" })
        #expect(job.kind == .consumer)
        #expect(job.attributes["cordum.job.outcome"]?.toSpanAttribute() == "succeeded")

        let calls = spans.filter { $0.operationName == "GET acme" }
        #expect(calls.count == 2)
        for call in calls {
            #expect(call.parentSpanID == job.spanID && call.traceID == job.traceID && call.kind == .client)
        }
        let found = try #require(calls.first { $0.attributes["url.path"]?.toSpanAttribute() == "/items" })
        #expect(found.attributes["http.response.status_code"]?.toSpanAttribute() == 200)
        let missing = try #require(calls.first { $0.attributes["url.path"]?.toSpanAttribute() == "/missing" })
        #expect(missing.attributes["http.response.status_code"]?.toSpanAttribute() == 404)
        #expect(missing.status?.code == .error)
        let everything = spans.map { "\($0.operationName) \($0.attributes)" }.joined()
        #expect(!everything.contains("tok-123456789"), "no query, no secret in a span")
    }

    @Test func aFailedJobsSpanIsAnErrorWithTheScrubbedMessage() async throws {
        let tracer = InMemoryTracer()
        let secrets = SecretRegistry()
        secrets.register("hunter2-secret")
        var worker = Worker(packID: "acme")
        worker.tracer = tracer
        worker.handle("job.acme.read") { _, _ in
            throw WorkerError(code: .unauthorized, message: "the token hunter2-secret was refused")
        }
        _ = await worker.execute(Self.context(environment: [:], secrets: secrets), input: [:])
        let job = try #require(tracer.finishedSpans.first)
        #expect(job.parentSpanID == nil, "without TRACEPARENT the job is a trace of its own")
        #expect(job.status?.code == .error)
        #expect(job.status?.message?.contains("hunter2-secret") == false)
        #expect(job.attributes["cordum.error.code"]?.toSpanAttribute() == "unauthorized")
    }
}
