import EmulatorKit
import Foundation
import PackTesting
import PrometheusQueryEmulator
import PrometheusQueryWorker
import StructuredData
import Testing
import WorkerKit

/// Every action of the worker against the emulator: the request it sends, the envelope it answers, charts of range
/// queries, and the silences it creates and expires.
@Suite("Prometheus worker actions against the emulator")
struct PrometheusActionTests {
    @Test("query sends the expression and time, and counts the series")
    func instantQuery() async throws {
        try await EmulatorHarness.with { harness in
            let outcome = await harness.run("query", ["query": "up{job=\"api\"}", "time": "2026-12-07T10:00:00Z"])
            let output = try #require(outcome.output, "\(String(describing: outcome.error))")
            #expect(output["status_code"] == 200)
            #expect(output["result"]?["status"] == "success")
            #expect(output["result"]?["data"]?["resultType"] == "vector")
            #expect(output["series_count"] == 1)
            #expect(output["request_id"]?.stringValue?.isEmpty == false)
            let sent = try #require(harness.emulator.requestLog.entries(method: "GET", path: "/api/v1/query").first)
            #expect(sent.query.contains(QueryItem(name: "query", value: "up{job=\"api\"}")))
            #expect(sent.query.contains(QueryItem(name: "time", value: "1796637600")))
            #expect(sent.headers["authorization"]?.hasPrefix("Basic ") == true)
        }
    }

    @Test("query.range resolves around and window, picks a step, and stores an SVG chart beside the data")
    func rangeQueryWithChart() async throws {
        try await EmulatorHarness.with { harness in
            let outcome = await harness.run(
                "query.range",
                [
                    "query": "rate(http_requests_total{job=\"api\"}[5m])", "around": "2026-12-07T10:00:00Z",
                    "window": "15m", "unit": "req/s", "title": "requests of api",
                ]
            )
            let output = try #require(outcome.output, "\(String(describing: outcome.error))")
            #expect(output["series_count"] == 2)
            let sent = try #require(harness.emulator.requestLog.entries(path: "/api/v1/query_range").first)
            #expect(sent.query.contains(QueryItem(name: "start", value: "1796636700")))
            #expect(sent.query.contains(QueryItem(name: "end", value: "1796638500")))
            #expect(sent.query.contains(QueryItem(name: "step", value: "8")))  // 30 min / 250, rounded up
            let chart = try #require(output["chart"]?.objectValue)
            #expect(chart["media_type"] == "image/svg+xml")
            #expect(chart["series"] == 2)
            #expect(chart["title"] == "requests of api")
            let pointer = try #require(chart["pointer"]?.stringValue)
            let svg = String(decoding: try #require(harness.artifacts.content(pointer)), as: UTF8.self)
            #expect(svg.contains("<title>requests of api</title>"))
            #expect(svg.contains("{code=&quot;200&quot;, instance=&quot;127.0.0.1:9100&quot;, job=&quot;api&quot;}"))
            #expect(svg.contains("req/s"))
            // chart: false answers the data alone.
            let plain = await harness.run("query.range", ["query": "up", "range": "1h", "chart": false])
            #expect(plain.output?["chart"] == .null)
        }
    }

    @Test("series, labels, label values, targets, rules, alerts, metadata and exemplars answer Prometheus' data")
    func reads() async throws {
        try await EmulatorHarness.with { harness in
            let series = await harness.run("series", ["match": ["up{job=\"api\"}"], "range": "1h"])
            #expect(series.output?["result"]?["data"]?[0]?["__name__"] == "up")
            #expect(series.output?["series_count"] == 1)
            let labels = await harness.run("labels", [:])
            #expect(labels.output?["result"]?["data"]?.arrayValue?.contains("job") == true)
            let values = await harness.run("label.values", ["name": "code", "match": ["http_requests_total"]])
            #expect(values.output?["result"]?["data"] == ["200", "500"])
            let targets = await harness.run("targets", ["state": "active"])
            #expect(targets.output?["result"]?["data"]?["activeTargets"]?[0]?["health"] == "up")
            let rules = await harness.run("rules", ["type": "alert", "rule_name": ["HighErrorRate"]])
            let rule = rules.output?["result"]?["data"]?["groups"]?[0]?["rules"]?[0]
            #expect(rule?["name"] == "HighErrorRate")
            #expect(rule?["alerts"]?[0]?["labels"]?["job"] == "api")
            let alerts = await harness.run("alerts", [:])
            #expect(alerts.output?["result"]?["data"]?["alerts"]?[0]?["state"] == "firing")
            let metadata = await harness.run("metadata", ["metric": "up"])
            #expect(metadata.output?["result"]?["data"]?["up"]?[0]?["type"] == "gauge")
            let exemplars = await harness.run(
                "query.exemplars",
                ["query": "http_request_duration_seconds_bucket", "range": "30m"]
            )
            #expect(exemplars.output?["result"]?["data"]?[0]?["exemplars"]?[0]?["labels"]?["trace_id"] != nil)
        }
    }

    @Test("rules keeps only the named rules, whatever Prometheus' version filters")
    func rulesFilteredByName() async throws {
        try await EmulatorHarness.with { harness in
            let none = await harness.run("rules", ["rule_name": ["NoSuchAlert"]])
            #expect(none.output?["result"]?["data"]?["groups"] == [])
        }
    }

    @Test("Alertmanager: alerts by matcher, then a silence created with the principal, read, listed and expired")
    func silences() async throws {
        try await EmulatorHarness.with { harness in
            let alerts = await harness.run("alertmanager.alerts.list", ["filter": ["alertname=\"HighErrorRate\""]])
            let alert = try #require(alerts.output?["items"]?[0], "\(String(describing: alerts.error))")
            #expect(alert["fingerprint"]?.stringValue?.count == 16)
            #expect(alert["status"]?["state"] == "active")
            let created = await harness.run(
                "alertmanager.silences.create",
                ["labels": alert["labels"] ?? [:], "duration": "2h", "comment": "fixing"]
            )
            let output = try #require(created.output, "\(String(describing: created.error))")
            let id = try #require(output["result"]?["silenceID"]?.stringValue)
            #expect(output["objects"] == [["kind": "silence", "id": .string(id), "change": "created"]])
            #expect(output["dry_run"] == false)
            let sent = try #require(harness.emulator.requestLog.entries(method: "POST", path: "/api/v2/silences").first)
            let body = try JSONParser.parse(sent.body)
            #expect(
                body["matchers"]?[0] == [
                    "name": "alertname", "value": "HighErrorRate", "isRegex": false, "isEqual": true,
                ]
            )
            #expect(body["createdBy"] == "cordum")
            let starts = try #require(body["startsAt"]?.stringValue)
            let ends = try #require(body["endsAt"]?.stringValue)
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            let length = try #require(formatter.date(from: ends)).timeIntervalSince(
                try #require(formatter.date(from: starts))
            )
            #expect(length == 7200)
            // Silenced now: the alert is suppressed.
            let after = await harness.run("alertmanager.alerts.list", ["filter": ["alertname=\"HighErrorRate\""]])
            #expect(after.output?["items"]?[0]?["status"]?["state"] == "suppressed")
            let unsilenced = await harness.run("alertmanager.alerts.list", ["silenced": false])
            #expect(unsilenced.output?["items"] == [])
            let read = await harness.run("alertmanager.silences.get", ["silence_id": .string(id)])
            #expect(read.output?["result"]?["status"]?["state"] == "active")
            let listed = await harness.run("alertmanager.silences.list", ["filter": ["alertname=\"HighErrorRate\""]])
            #expect(listed.output?["items"]?.arrayValue?.count == 1)
            let expired = await harness.run("alertmanager.silences.expire", ["silence_id": .string(id)])
            #expect(expired.output?["result"] == ["expired": true, "silenceID": .string(id)])
            let again = await harness.run("alertmanager.silences.get", ["silence_id": .string(id)])
            #expect(again.output?["result"]?["status"]?["state"] == "expired")
        }
    }

    @Test("A dry run of a silence returns the exact request and sends nothing")
    func dryRunSilence() async throws {
        try await EmulatorHarness.with { harness in
            let outcome = await harness.run(
                "alertmanager.silences.create",
                ["matchers": [["name": "job", "value": "api"]], "comment": "planned", "dry_run": true]
            )
            let output = try #require(outcome.output, "\(String(describing: outcome.error))")
            #expect(output["dry_run"] == true)
            #expect(output["plan"]?["method"] == "POST")
            #expect(output["plan"]?["url"]?.stringValue?.hasSuffix("/api/v2/silences") == true)
            #expect(output["plan"]?["body"]?["matchers"]?[0]?["isEqual"] == true)
            #expect(output["plan"]?["auth"] == "basic")
            #expect(harness.emulator.requestLog.entries(method: "POST", path: "/api/v2/silences").isEmpty)
            #expect(!"\(output)".contains(PrometheusDemo.password))
        }
    }
}
