import AsyncHTTPClient
import CoreMetrics
import NIOCore
import NIOHTTP1
import Prometheus
import Testing
import WorkerKit

@Suite("/metrics over HTTP")
struct MetricsHTTPServerTests {
    @Test("GET /metrics serves the exporter's text; other paths are 404, other methods 405; stop closes the port")
    func servesMetrics() async throws {
        let exporter = PrometheusExporter()
        exporter.factory.makeCounter(
            label: "cordum_worker_jobs_started_total",
            dimensions: [("topic", "job.hello.echo")]
        )
        .increment(by: 1)
        let server = MetricsHTTPServer(exporter: exporter, host: "127.0.0.1", port: 0)
        let port = try await server.start()
        let client = HTTPClient.shared
        let response = try await client.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"),
            timeout: .seconds(5)
        )
        #expect(response.status == .ok)
        #expect(response.headers["Content-Type"] == [PrometheusExporter.contentType])
        let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
        #expect(text.contains("cordum_worker_jobs_started_total"))
        #expect(text.contains(#"topic="job.hello.echo""#))
        let missing = try await client.execute(
            HTTPClientRequest(url: "http://127.0.0.1:\(port)/other"),
            timeout: .seconds(5)
        )
        #expect(missing.status == .notFound)
        var post = HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics")
        post.method = .POST
        #expect(try await client.execute(post, timeout: .seconds(5)).status == .methodNotAllowed)
        await server.stop()
        await #expect(throws: (any Error).self) {
            _ = try await client.execute(
                HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics"),
                timeout: .seconds(2)
            )
        }
    }

    @Test(
        "CORDUM_METRICS_ADDR: host:port or :port; anything else names the variable",
        arguments: [
            (":9102", true), ("127.0.0.1:9102", true), ("[::1]:9102", true), ("9102", false), (":0", false),
            (":70000", false), ("host:", false),
        ]
    )
    func metricsAddress(value: String, valid: Bool) {
        let environment = ["CORDUM_METRICS_ADDR": value]
        do {
            let configuration = try WorkerConfiguration(packID: "hello", environment: environment)
            #expect(valid)
            #expect(configuration.metricsAddress == value)
        } catch {
            #expect(!valid)
            #expect(error.variable == "CORDUM_METRICS_ADDR")
        }
    }

    @Test("CORDUM_GATEWAY_URL must be http(s) with a host; CORDUM_API_KEY is kept as a secret")
    func gatewayConfiguration() throws {
        let configuration = try WorkerConfiguration(
            packID: "hello",
            environment: ["CORDUM_GATEWAY_URL": "http://localhost:8081", "CORDUM_API_KEY": "key-abc-123"]
        )
        #expect(configuration.gatewayURL == "http://localhost:8081")
        #expect(configuration.apiKey == "key-abc-123")
        #expect(configuration.secrets.scrub("key-abc-123") == SecretRegistry.mask)
        #expect(try WorkerConfiguration(packID: "hello", environment: [:]).metricsAddress == nil)
        #expect(throws: ConfigurationError.self) {
            try WorkerConfiguration(packID: "hello", environment: ["CORDUM_GATEWAY_URL": "localhost:8081"])
        }
    }
}
