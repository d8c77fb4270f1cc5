import EmulatorKit
import Foundation
import PackTesting
import PrometheusQueryEmulator
import PrometheusQueryWorker
import StructuredData
import Testing
import WorkerKit

/// How the worker fails: Prometheus' and Alertmanager's refusals mapped to the shared codes, injected faults,
/// the profile's bounds, and configuration mistakes named by their variable.
@Suite("Prometheus worker failure modes")
struct FailureModeTests {
    @Test("Prometheus' bad_data and Alertmanager's 404 are validation_failed and not_found")
    func vendorRefusals() async throws {
        try await EmulatorHarness.with { harness in
            let bad = await harness.run("query", ["query": "sum(rate(up[5m])"])
            #expect(bad.error?.code == .validationFailed)
            #expect(
                bad.error?.message.contains("unclosed left parenthesis") == true,
                "\(String(describing: bad.error))"
            )
            let missing = await harness.run(
                "alertmanager.silences.get",
                ["silence_id": "00000000-0000-4000-8000-00000000ffff"]
            )
            #expect(missing.error?.code == .notFound)
            let gone = await harness.run(
                "alertmanager.silences.expire",
                ["silence_id": "00000000-0000-4000-8000-00000000ffff"]
            )
            #expect(gone.error?.code == .notFound)
        }
    }

    @Test("429 with Retry-After is waited for and retried; 401 and 503 answer their codes")
    func injectedFaults() async throws {
        try await EmulatorHarness.with { harness in
            harness.emulator.faults.add(try FaultRule(path: "/api/v1/query", status: 429, retryAfter: 3, count: 1))
            let retried = await harness.run("query", ["query": "up"])
            #expect(retried.output?["status_code"] == 200, "\(String(describing: retried.error))")
            #expect(harness.emulator.requestLog.entries(path: "/api/v1/query").count == 2)
            harness.emulator.faults.add(try FaultRule(path: "/api/v1/rules", status: 401))
            #expect(await harness.run("rules", [:]).error?.code == .unauthorized)
            harness.emulator.faults.add(try FaultRule(path: "/api/v2/silences", status: 503))
            let unavailable = await harness.run("alertmanager.silences.list", [:])
            #expect(unavailable.error?.code == .unavailable)
            #expect(unavailable.error?.retryable == true)
        }
    }

    @Test("Bounds: range, step, points and silence length are refused before sending, naming value and bound")
    func bounds() async throws {
        let settings = [
            "CORDUM_PROMETHEUS_QUERY_MAX_RANGE": "6h", "CORDUM_PROMETHEUS_QUERY_MIN_STEP": "30s",
            "CORDUM_PROMETHEUS_QUERY_MAX_SERIES": "1", "CORDUM_PROMETHEUS_QUERY_MAX_SILENCE": "1d",
        ]
        try await EmulatorHarness.with(settings) { harness in
            let long = await harness.run("query.range", ["query": "up", "range": "7h"])
            #expect(long.error?.code == .invalidInput)
            #expect(
                long.error?.message.contains("7h, longer than max_range 6h") == true,
                "\(String(describing: long.error))"
            )
            let fine = await harness.run("query.range", ["query": "up", "range": "1h", "step": "10s"])
            #expect(fine.error?.message.contains("10s, finer than min_step 30s") == true)
            let exemplars = await harness.run("query.exemplars", ["query": "up", "start": 0, "end": 86_400])
            #expect(exemplars.error?.message.contains("max_range 6h") == true)
            let silence = await harness.run(
                "alertmanager.silences.create",
                ["labels": ["job": "api"], "duration": "2d", "comment": "long"]
            )
            #expect(silence.error?.message.contains("2d, longer than max_silence 1d") == true)
            #expect(harness.emulator.requestLog.entries.allSatisfy { $0.path != "/api/v1/query_range" })
            #expect(harness.emulator.requestLog.entries(method: "POST", path: "/api/v2/silences").isEmpty)
            // The default step stays at least min_step.
            let short = await harness.run("query.range", ["query": "up{job=\"api\"}", "range": "10m"])
            #expect(short.output?["status_code"] == 200, "\(String(describing: short.error))")
            let sent = try #require(harness.emulator.requestLog.entries(path: "/api/v1/query_range").last)
            #expect(sent.query.contains(QueryItem(name: "step", value: "30")))
            // More series than max_series: the answer is refused, not returned.
            let many = await harness.run("query", ["query": "http_requests_total"])
            #expect(many.error?.code == PrometheusQueryWorker.tooManySeries)
            #expect(many.error?.message.contains("2 series, more than max_series 1") == true)
        }
        try await EmulatorHarness.with { harness in
            let points = await harness.run("query.range", ["query": "up", "range": "30d", "step": "1m"])
            #expect(points.error?.message.contains("more than Prometheus' 11000") == true)
        }
    }

    @Test("A bearer token and upstream's BASIC_ variables reach the proxy; a wrong password is unauthorized")
    func credentials() async throws {
        let bearer = [
            "CORDUM_PROMETHEUS_QUERY_AUTH": "bearer", "CORDUM_PROMETHEUS_QUERY_TOKEN": PrometheusDemo.token,
            "CORDUM_PROMETHEUS_QUERY_USERNAME": "", "CORDUM_PROMETHEUS_QUERY_PASSWORD": "",
        ].filter { !$0.value.isEmpty }
        try await EmulatorHarness.with(bearer) { harness in
            let outcome = await harness.run("labels", [:])
            #expect(outcome.output?["status_code"] == 200, "\(String(describing: outcome.error))")
        }
        try await EmulatorHarness.with(["CORDUM_PROMETHEUS_QUERY_PASSWORD": "wrong-password-0000"]) { harness in
            let outcome = await harness.run("labels", [:])
            #expect(outcome.error?.code == .unauthorized)
            #expect(!outcome.text.contains("wrong-password-0000"))
        }
        let emulator = try await Emulator.start(try PrometheusQueryEmulator.definition(), port: 0)
        let upstream = [
            "CORDUM_PROMETHEUS_QUERY_BASE_URL": emulator.baseURL,
            "CORDUM_PROMETHEUS_QUERY_BASIC_USERNAME": PrometheusDemo.username,
            "CORDUM_PROMETHEUS_QUERY_BASIC_PASSWORD_ENV": "PROM_TEST_PASSWORD",
            "PROM_TEST_PASSWORD": PrometheusDemo.password,
        ]
        let secrets = SecretRegistry()
        let worker = try PrometheusQueryWorker.make(
            configuration: try PrometheusQueryConfiguration(environment: upstream, secrets: secrets)
        )
        let outcome = await runJob(worker, topic: "job.prometheus-query.targets", [:], secrets: secrets)
        await emulator.stop()
        #expect(outcome.output?["status_code"] == 200, "\(String(describing: outcome.error))")
        // Without alertmanager_url the Alertmanager actions say which field is missing.
        let refused = await runJob(
            worker,
            topic: "job.prometheus-query.alertmanager.alerts.list",
            [:],
            secrets: secrets
        )
        #expect(refused.error?.code == .invalidInput)
        #expect(refused.error?.message.contains("alertmanager_url") == true)
    }

    @Test("Bad bounds and URLs fail at start-up naming the variable or profile field")
    func configurationErrors() {
        #expect(throws: ConfigurationError.self) {
            try PrometheusQueryConfiguration(environment: [
                "CORDUM_PROMETHEUS_QUERY_BASE_URL": "http://127.0.0.1:9090",
                "CORDUM_PROMETHEUS_QUERY_MAX_RANGE": "a week",
            ])
        }
        do {
            _ = try PrometheusQueryConfiguration(environment: [
                "CORDUM_PROMETHEUS_QUERY_PROFILES":
                    #"[{"name": "p", "base_url": "http://127.0.0.1:9090", "max_series": -3}]"#
            ])
            Issue.record("a negative max_series was accepted")
        } catch {
            #expect(error.message.contains("profile \"p\" field max_series"))
            #expect(error.message.contains("-3"))
        }
        do {
            _ = try PrometheusQueryConfiguration(environment: [
                "CORDUM_PROMETHEUS_QUERY_BASE_URL": "http://127.0.0.1:9090",
                "CORDUM_PROMETHEUS_QUERY_ALERTMANAGER_URL": "alertmanager:9093",
            ])
            Issue.record("an alertmanager_url without a scheme was accepted")
        } catch {
            #expect(error.variable == "CORDUM_PROMETHEUS_QUERY_PROFILES")
            #expect(error.message.contains("alertmanager:9093"))
        }
    }
}
