import NIOHTTP1
import StructuredData
import Testing
import WorkerKit

@Suite("Worker metrics")
struct WorkerMetricsTests {
    @Test func countsJobsByTopicAndErrorCodeAndRendersPrometheusText() async {
        let exporter = PrometheusExporter()
        var worker = Worker(packID: "acme")
        worker.metrics = WorkerMetrics(factory: exporter.factory)
        worker.handle("job.acme.ok") { _, input in input }
        worker.handle("job.acme.fail") { _, _ in
            throw WorkerError(code: .unauthorized, message: "401")
        }
        _ = await worker.execute(JobContext(jobID: "1", topic: "job.acme.ok"), input: [:])
        _ = await worker.execute(JobContext(jobID: "2", topic: "job.acme.ok"), input: [:])
        _ = await worker.execute(JobContext(jobID: "3", topic: "job.acme.fail"), input: [:])
        _ = await worker.execute(JobContext(jobID: "4", topic: "job.other.random"), input: [:])
        let text = exporter.render()
        #expect(text.contains(#"cordum_worker_jobs_started_total{topic="job.acme.ok"} 2"#))
        #expect(text.contains(#"cordum_worker_jobs_succeeded_total{topic="job.acme.ok"} 2"#))
        #expect(
            text.contains(#"cordum_worker_jobs_failed_total{topic="job.acme.fail",error_code="unauthorized"} 1"#)
        )
        #expect(text.contains(#"cordum_worker_jobs_failed_total{topic="unknown",error_code="unknown_topic"} 1"#))
        #expect(text.contains(#"cordum_worker_job_duration_seconds_count{topic="job.acme.ok",status="succeeded"} 2"#))
        #expect(!text.contains("job.other.random"))
    }
}

@Suite("Vendor request metrics")
struct VendorRequestMetricsTests {
    @Test func countsTriesByOutcomeAndRetries() async throws {
        let server = try await TestHTTPServer.start { _, index in
            index == 0 ? ScriptedResponse(status: .serviceUnavailable) : ScriptedResponse(body: "{}")
        }
        defer { Task { await server.stop() } }
        let exporter = PrometheusExporter()
        let settings = try VendorSettings(
            packID: "acme",
            environment: ["CORDUM_ACME_USER_AGENT": "cordum-acme", "CORDUM_ACME_REQUEST_TIMEOUT": "5s"]
        )
        var client = settings.httpClient(metrics: WorkerMetrics(factory: exporter.factory))
        client.clock = RecordingClock().clock
        #expect(client.timeout == .seconds(5) && client.userAgent == "cordum-acme")
        _ = try await client.send(VendorRequest(url: server.baseURL), logger: LogCapture().logger())
        let text = exporter.render()
        #expect(text.contains(#"cordum_vendor_requests_total{vendor="acme",outcome="503"} 1"#))
        #expect(text.contains(#"cordum_vendor_requests_total{vendor="acme",outcome="200"} 1"#))
        #expect(text.contains(#"cordum_vendor_retries_total{vendor="acme"} 1"#))
    }
}
