import Foundation
import PackHost
import PackTesting
import PrometheusQueryWorker
import ServerTesting
import StructuredData
import Testing
import WorkerKit
import WorkflowEngine

/// Every action and every reference workflow against Debian's real Prometheus 2.42 and Alertmanager 0.25 (TLS
/// with a custom CA, basic auth), started once for the suite and stopped at its end.
@Suite("Prometheus pack against real Prometheus and Alertmanager")
struct RealPrometheusTests {
    @Test("Actions, bounds, auth and TLS failures, and the three workflows on the real servers")
    func realServers() async throws {
        let stack = try await RealStack.start()
        do {
            try await checks(stack)
        } catch {
            await stack.stop()
            throw error
        }
        await stack.stop()
    }

    func makeWorker(_ settings: [String: String], secrets: SecretRegistry) throws -> Worker {
        let configuration = try PrometheusQueryConfiguration(environment: settings, secrets: secrets)
        return try PrometheusQueryWorker.make(configuration: configuration)
    }

    func checks(_ stack: RealStack) async throws {
        let secrets = SecretRegistry()
        let worker = try makeWorker(stack.settings(), secrets: secrets)
        let artifacts = MemoryArtifacts()
        let run = { (action: String, input: JSONValue) async -> WorkerKit.JobOutcome in
            await runJob(
                worker,
                topic: "job.prometheus-query.\(action)",
                input,
                secrets: secrets,
                artifacts: artifacts.writer(secrets)
            )
        }
        // The alert fires at Prometheus and reaches Alertmanager (generous: a loaded machine).
        let fired = try await eventually(timeout: .seconds(120)) {
            let alerts = await run("alertmanager.alerts.list", ["filter": ["alertname=\"HighErrorRate\""]])
            return alerts.output?["items"]?.arrayValue?.isEmpty == false
        }
        #expect(fired, "HighErrorRate never reached the Alertmanager")

        // At least one scrape succeeded (a single one may time out on a loaded machine: 1 s interval and timeout).
        let query = await run("query", ["query": "max_over_time(up{job=\"api\"}[5m])"])
        #expect(query.output?["result"]?["data"]?["result"]?[0]?["value"]?[1] == "1", "\(query)")
        #expect(query.output?["series_count"] == 1)

        let range = await run(
            "query.range",
            ["query": "rate(http_requests_total{job=\"api\"}[10s])", "range": "5m", "step": "1s", "unit": "req/s"]
        )
        let output = try #require(range.output, "\(String(describing: range.error))")
        #expect(output["result"]?["data"]?["resultType"] == "matrix")
        #expect(output["series_count"] == 2)
        let pointer = try #require(output["chart"]?["pointer"]?.stringValue)
        let svg = String(decoding: try #require(artifacts.content(pointer)), as: UTF8.self)
        // The servers are seconds old: each series has a few samples yet (a line, or dots).
        #expect(svg.contains("data-series=\"1\"") && svg.contains("code=&quot;500&quot;"), "\(svg)")

        let series = await run("series", ["match": ["http_requests_total{job=\"api\"}"], "range": "10m"])
        #expect(series.output?["series_count"] == 2, "\(series)")
        let labels = await run("labels", ["match": ["up"]])
        #expect(labels.output?["result"]?["data"]?.arrayValue?.contains("instance") == true)
        let values = await run("label.values", ["name": "code"])
        #expect(values.output?["result"]?["data"] == ["200", "500"], "\(values)")
        let targets = await run("targets", ["state": "active"])
        let target = targets.output?["result"]?["data"]?["activeTargets"]?[0]
        #expect(target?["labels"]?["job"] == "api", "\(targets)")
        #expect(target?["scrapeUrl"]?.stringValue?.hasSuffix("/metrics") == true)
        let rules = await run("rules", ["type": "alert", "rule_name": ["HighErrorRate"]])
        #expect(rules.output?["result"]?["data"]?["groups"]?[0]?["rules"]?[0]?["state"] == "firing", "\(rules)")
        let alerts = await run("alerts", [:])
        #expect(alerts.output?["result"]?["data"]?["alerts"]?[0]?["labels"]?["job"] == "api")
        let metadata = await run("metadata", ["metric": "http_requests_total"])
        #expect(metadata.output?["result"]?["data"]?["http_requests_total"]?[0]?["type"] == "counter", "\(metadata)")
        let exemplars = await run("query.exemplars", ["query": "http_request_duration_seconds_bucket", "range": "5m"])
        #expect(exemplars.output?["result"]?["status"] == "success", "\(exemplars)")

        // Bounds: over max_range (1d) and under min_step are refused before anything is sent; more series than
        // max_series is refused with its own code.
        let tooLong = await run("query.range", ["query": "up", "range": "2d"])
        #expect(tooLong.error?.code == .invalidInput)
        #expect(tooLong.error?.message.contains("max_range 1d") == true)
        let tooFine = await run("query.range", ["query": "up", "range": "1h", "step": "500ms"])
        #expect(tooFine.error?.message.contains("min_step 1s") == true)
        let bad = await run("query", ["query": "sum(rate(up[5m])"])
        #expect(bad.error?.code == .validationFailed, "\(bad)")
        let narrow = try makeWorker(
            stack.settings().merging(["CORDUM_PROMETHEUS_QUERY_MAX_SERIES": "1"]) { $1 }.mapValues {
                $0.replacingOccurrences(of: "\"max_series\":\"50\",", with: "")
            },
            secrets: SecretRegistry()
        )
        let many = await runJob(narrow, topic: "job.prometheus-query.series", ["match": ["http_requests_total"]])
        #expect(many.error?.code == PrometheusQueryWorker.tooManySeries, "\(many)")
        #expect(many.error?.message.contains("2 series, more than max_series 1") == true)

        // Auth and trust: a wrong password is refused by the server; without the CA the certificate is not trusted.
        let wrong = try makeWorker(stack.settings(password: "not-the-password"), secrets: SecretRegistry())
        let refused = await runJob(wrong, topic: "job.prometheus-query.query", ["query": "up"])
        #expect(refused.error?.code == .unauthorized, "\(refused)")
        let untrusting = try makeWorker(
            stack.settings(caFile: stack.certificates.rogueCAFile),
            secrets: SecretRegistry()
        )
        let untrusted = await runJob(untrusting, topic: "job.prometheus-query.query", ["query": "up"])
        #expect(untrusted.error?.code == .unavailable, "\(untrusted)")
        #expect(untrusted.error?.message.contains("ca_file") == true)

        // The workflows on the host, with the worker on the real servers.
        let pack = try PackUnderTest(id: "prometheus-query", worker: PrometheusQueryWorker.registration, emulator: nil)
        try await withPackRig(pack, PackRigOptions(startEmulator: false, settings: stack.settings())) { rig in
            let investigate = try await rig.start("prometheus-query.alert.investigate", ["alertname": "HighErrorRate"])
            let investigated = try await rig.run(investigate)
            #expect(investigated.status == .succeeded, "\(investigated)")
            #expect(investigated.steps["summary"]?.output?["job"] == "api")
            #expect(investigated.steps["summary"]?.output?["charts"]?["error_ratio"]?.stringValue != nil)
            #expect(investigated.steps["summary"]?.output?["evidence"]?.stringValue?.hasPrefix("redis://art:") == true)

            let slo = try await rig.start(
                "prometheus-query.slo.report",
                ["job": "api", "objective": 0.99, "window": "5m"]
            )
            let report = try await rig.run(slo)
            #expect(report.status == .succeeded, "\(report)")
            let figures = report.steps["summary"]?.output
            let availability = figures?["availability"]?.stringValue.flatMap(Double.init)
            #expect(availability.map { $0 > 0.7 && $0 < 0.95 } == true, "\(String(describing: availability))")
            // Real PromQL: the budget left is consistent with the availability (1 - (1 - a) / (1 - objective)).
            let budget = figures?["budget_remaining"]?.stringValue.flatMap(Double.init)
            if let availability, let budget {
                #expect(
                    abs(budget - (1 - (1 - availability) / 0.01)) < 0.5,
                    "budget \(budget), availability \(availability)"
                )
            }
            let reportPointer = try #require(figures?["report"]?.stringValue)
            let document = try rig.services.artifacts.get(tenant: PackRig.tenant, pointer: reportPointer)
            #expect(String(decoding: document.content, as: UTF8.self).hasPrefix("# SLO report: api"))

            let silence = try await rig.start(
                "prometheus-query.silence.create",
                ["alertname": "HighErrorRate", "duration": "1h", "comment": "real servers"]
            )
            #expect(try await rig.approveAll(run: silence) == 1)
            #expect(try await rig.run(silence).status == .succeeded)
        }
        let silences = await run("alertmanager.silences.list", ["filter": ["alertname=\"HighErrorRate\""]])
        let created = try #require(silences.output?["items"]?[0], "\(silences)")
        #expect(created["createdBy"] == .string(PackRig.requester))
        #expect(created["status"]?["state"] == "active")
        let id = try #require(created["id"]?.stringValue)
        let read = await run("alertmanager.silences.get", ["silence_id": .string(id)])
        #expect(read.output?["result"]?["comment"] == "real servers")
        let expired = await run("alertmanager.silences.expire", ["silence_id": .string(id)])
        #expect(expired.output?["objects"]?[0]?["id"] == .string(id), "\(expired)")
        let after = await run("alertmanager.silences.get", ["silence_id": .string(id)])
        #expect(after.output?["result"]?["status"]?["state"] == "expired")

        // No credential in anything the worker answered.
        for outcome in [query, range, series, rules, silences, read, expired, refused] {
            #expect(!outcome.text.contains(RealStack.password))
        }
    }
}
