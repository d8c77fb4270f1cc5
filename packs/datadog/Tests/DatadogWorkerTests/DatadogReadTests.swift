import DatadogEmulator
import DatadogWorker
import EmulatorKit
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// Every read against the emulator: what the worker sends (resolved ranges, both keys) and what a workflow reads
/// back (series, charts, cursors followed, a monitor's metric query and scope, downtimes of one change).
@Suite("Datadog reads against the emulator")
struct DatadogReadTests {
    @Test("metrics.query sends the resolved range, counts the series and stores an SVG chart")
    func metricsQuery() async throws {
        try await EmulatorHarness.with { harness in
            let outcome = await harness.run(
                "metrics.query",
                ["query": "avg:system.cpu.user{env:prod} by {host}", "range": "1h", "unit": "%"]
            )
            let output = try #require(outcome.output, "\(String(describing: outcome.error))")
            #expect(output["series_count"] == 3)
            #expect(output["result"]?["series"]?[0]?["pointlist"]?.arrayValue?.isEmpty == false)
            let chart = try #require(output["chart"])
            #expect(chart["media_type"] == "image/svg+xml")
            #expect(chart["series"] == 3)
            let sent = try #require(harness.emulator.requestLog.entries(path: "/api/v1/query").first)
            let from = try #require(sent.query.first { $0.name == "from" }.flatMap { Int($0.value) })
            let to = try #require(sent.query.first { $0.name == "to" }.flatMap { Int($0.value) })
            #expect(to - from == 3_600)
            #expect(sent.headers["dd-api-key"] == "[REDACTED]")
            #expect(sent.headers["dd-application-key"] == "[REDACTED]")
            // Datadog's rate-limit headers of the answer, for audit.
            #expect(output["rate_limit"]?["name"] == "query")
            #expect(output["rate_limit"]?["limit"] == 1600)
            #expect(output["rate_limit"]?["period"] == 3600)
        }
    }

    @Test("metrics.timeseries posts the v2 request in milliseconds and charts each formula's series")
    func timeseries() async throws {
        try await EmulatorHarness.with { harness in
            let outcome = await harness.run(
                "metrics.timeseries",
                [
                    "queries": [["name": "cpu", "query": "avg:system.cpu.user{service:web} by {host}"]],
                    "range": "2h", "title": "web CPU",
                ]
            )
            let output = try #require(outcome.output, "\(String(describing: outcome.error))")
            #expect(output["series_count"] == 2)
            #expect(output["chart"]?["title"] == "web CPU")
            let body = try #require(
                harness.emulator.requestLog.entries(path: "/api/v2/query/timeseries").first?.body
            )
            let sent = try JSONParser.parse(Array(body.utf8), file: "body").value
            let attributes = sent["data"]?["attributes"]
            #expect((attributes?["to"]?.intValue ?? 0) - (attributes?["from"]?.intValue ?? 0) == 7_200_000)
            #expect(attributes?["interval"] == 29_000)
            #expect(attributes?["formulas"] == [["formula": "cpu"]])
        }
    }

    @Test("logs.search follows Datadog's cursor across pages up to max_pages")
    func logsCursor() async throws {
        try await EmulatorHarness.with { harness in
            let outcome = await harness.run(
                "logs.search",
                ["query": "service:web status:error", "range": "1h", "limit": 2, "max_pages": 2]
            )
            let output = try #require(outcome.output, "\(String(describing: outcome.error))")
            #expect(output["items"]?.arrayValue?.count == 4)
            #expect(output["pages"] == 2)
            #expect(output["truncated"] == true)
            let pages = harness.emulator.requestLog.entries(path: "/api/v2/logs/events/search")
            #expect(pages.count == 2)
            let second = try JSONParser.parse(Array(pages[1].body.utf8), file: "body").value
            #expect(second["page"]?["cursor"]?.stringValue?.isEmpty == false)
            let all = await harness.run("logs.search", ["query": "status:error", "range": "1h", "limit": 100])
            #expect(all.output?["items"]?.arrayValue?.count == 6)
            #expect(all.output?["truncated"] == false)
        }
    }

    @Test("monitors.get reads the metric query, its scope and when the state changed")
    func monitorExtras() async throws {
        try await EmulatorHarness.with { harness in
            let output = try #require(
                await harness.run("monitors.get", ["monitor_id": 1001, "group_states": ["all"]]).output
            )
            #expect(output["metric_query"] == "avg:system.cpu.user{host:web-1}")
            #expect(output["scope_query"] == "host:web-1")
            #expect(output["scope_tags"] == ["host:web-1"])
            #expect(output["state_since"]?.intValue != nil)
            #expect(output["result"]?["overall_state"] == "Alert")
            let logMonitor = try #require(await harness.run("monitors.get", ["monitor_id": 1003]).output)
            #expect(logMonitor["metric_query"] == .null)
        }
    }

    @Test("events, monitors, search, hosts, SLOs and their history answer with the demo organization")
    func listings() async throws {
        try await EmulatorHarness.with { harness in
            let events = await harness.run("events.list", ["range": "2h", "tags": ["host:web-1"]])
            #expect(events.output?["items"]?.arrayValue?.count == 2, "\(String(describing: events.error))")
            let monitors = await harness.run("monitors.list", ["monitor_tags": ["env:prod"], "name": "cpu"])
            #expect(monitors.output?["items"]?.arrayValue?.count == 1)
            let search = await harness.run("monitors.search", ["query": "status:alert"])
            #expect(search.output?["result"]?["metadata"]?["total_count"] == 1)
            let hosts = await harness.run("hosts.list", ["filter": "web"])
            #expect(hosts.output?["items"]?.arrayValue?.count == 2)
            let slos = await harness.run("slos.list", ["tags_query": "service:web"])
            #expect(slos.output?["items"]?[0]?["id"]?.stringValue == DatadogDemo.sloID)
            let history = await harness.run("slos.history", ["slo_id": .string(DatadogDemo.sloID), "range": "7d"])
            #expect(history.output?["result"]?["data"]?["overall"]?["sli_value"] == 99.93)
        }
    }

    @Test("downtimes.list finds a change's downtime by its change id")
    func downtimesByChange() async throws {
        try await EmulatorHarness.with { harness in
            let created = await harness.run(
                "downtimes.create",
                ["scope": ["env:prod"], "duration": "1h", "change_id": "CHG-7"]
            )
            #expect(created.output?["result"]?["message"] == "[change CHG-7] Maintenance window")
            let mine = await harness.run("downtimes.list", ["change_id": "CHG-7", "current_only": true])
            #expect(mine.output?["items"]?.arrayValue?.count == 1)
            let all = await harness.run("downtimes.list", [:])
            #expect(all.output?["items"]?.arrayValue?.count == 2)
        }
    }
}
