import APIContracts
import DatadogEmulator
import DatadogWorker
import EmulatorKit
import Foundation
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// Every exchange of every action — successes, refusals and a rate limit — checked against Datadog's descriptions:
/// the v1 operations against Datadog's own v1 file (`../shared/vendor-specs/datadog/v1_openapi.yaml`,
/// read where it is), the v2 ones against the pack's `contract/datadog-v2-openapi.yaml`.
@Suite("Datadog exchanges against Datadog's API descriptions")
struct DatadogContractTests {
    static let contractFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contract")

    @Test("what the worker sends and the emulator answers matches the v1 and v2 descriptions")
    func exchanges() async throws {
        var log = ""
        try await EmulatorHarness.with(["CORDUM_DATADOG_ALLOW_ACTIONS": "*,monitors.delete"]) { harness in
            let runs: [(String, JSONValue)] = [
                ("metrics.query", ["query": "avg:system.cpu.user{env:prod} by {host}"]),
                ("metrics.query", ["query": "not a query"]),
                ("metrics.timeseries", ["queries": [["name": "a", "query": "sum:trace.http.request.errors{*}"]]]),
                ("logs.search", ["query": "status:error", "range": "1h", "limit": 3, "max_pages": 3]),
                ("events.list", ["tags": ["env:prod"], "priority": "normal", "sources": "deploy"]),
                (
                    "monitors.list",
                    ["tags": ["host:web-1"], "group_states": ["alert", "warn"], "with_downtimes": true]
                ),
                ("monitors.get", ["monitor_id": 1001, "group_states": ["all"]]),
                ("monitors.get", ["monitor_id": 77]),
                ("monitors.search", ["query": "tag:env:prod", "page": 0, "per_page": 10]),
                ("downtimes.list", ["current_only": true]),
                ("hosts.list", ["filter": "web", "count": 10, "start": 0]),
                ("slos.list", ["ids": [.string(DatadogDemo.sloID)]]),
                ("slos.history", ["slo_id": .string(DatadogDemo.sloID), "range": "7d", "target": 99.9]),
                ("monitors.mute", ["monitor_id": 1001, "duration": "1h", "message": "m"]),
                ("downtimes.create", ["scope": ["env:prod"], "duration": "1h", "monitor_tags": ["service:web"]]),
                ("downtimes.cancel", ["downtime_id": 5001]),
                ("events.create", ["title": "t", "text": "x", "tags": ["a:b"], "priority": "low"]),
                ("incidents.create", ["title": "Checkout down", "customer_impacted": true, "severity": "SEV-1"]),
                ("monitors.delete", ["monitor_id": 1003]),
            ]
            for (action, input) in runs { _ = await harness.run(action, input) }
            log = harness.emulator.requestLog.exchangeLog(redacting: [DatadogDemo.apiKey, DatadogDemo.applicationKey])
        }
        let exchanges = try HTTPExchange.readLog(log, file: "datadog exchanges")
        let v2 = exchanges.filter { $0.request.path.hasPrefix("/api/v2/") }
        let v1 = exchanges.filter { !$0.request.path.hasPrefix("/api/v2/") }
        #expect(v1.count >= 16 && v2.count >= 4, "\(v1.count) v1, \(v2.count) v2")
        let v1Report = try ContractChecker(
            specPath: Self.contractFolder.appendingPathComponent(
                "../../../../../shared/vendor-specs/datadog/v1_openapi.yaml"
            ).path
        ).check(v1)
        #expect(v1Report.passed, "\(v1Report)")
        let v2Report = try ContractChecker(
            specPath: Self.contractFolder.appendingPathComponent("datadog-v2-openapi.yaml").path
        ).check(v2)
        #expect(v2Report.passed, "\(v2Report)")
    }
}
