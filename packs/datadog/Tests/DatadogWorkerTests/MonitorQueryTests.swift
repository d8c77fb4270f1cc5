import Testing

@testable import DatadogWorker

@Suite("Monitor queries")
struct MonitorQueryTests {
    @Test(
        "the metric query and scope of a monitor's query",
        arguments: [
            ("avg(last_5m):avg:system.cpu.user{host:web-1} > 90", "avg:system.cpu.user{host:web-1}", ["host:web-1"]),
            (
                "sum(last_10m):sum:trace.errors{service:api,env:prod}.as_count() >= 50",
                "sum:trace.errors{service:api,env:prod}.as_count()", ["service:api", "env:prod"]
            ),
            ("max(last_1h):max:disk.used{*} by {host} < 0.1", "max:disk.used{*} by {host}", []),
        ]
    )
    func parses(query: String, metric: String, scope: [String]) {
        let parsed = MonitorQuery(query)
        #expect(parsed.metricQuery == metric)
        #expect(parsed.scopeTags == scope)
    }

    @Test("a log monitor has no metric query")
    func logMonitor() {
        #expect(
            MonitorQuery("logs(\"service:checkout\").index(\"*\").rollup(\"count\").last(\"5m\") > 100").metricQuery
                == nil
        )
    }
}
