import APIContracts
import EmulatorKit
import Foundation
import OpenTelemetryEmulator
import PackTesting
import StructuredData
import Testing

/// Every exchange of every action — answers, a search without results, an unknown trace, a refused parameter —
/// checked against Jaeger's OpenAPI description of the query API v3 (`../shared/vendor-specs/jaeger/`, read where
/// it is), with the pack's reviewed exceptions.
@Suite("OpenTelemetry exchanges against Jaeger's API description")
struct OpenTelemetryContractTests {
    static let testsFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test("what the worker sends and the emulator answers matches the query API v3 description")
    func exchanges() async throws {
        var log = ""
        try await EmulatorHarness.with { harness in
            let trace: JSONValue = .string(OpenTelemetryDemo.failedTrace)
            let runs: [(String, JSONValue)] = [
                ("services.list", [:]),
                ("dependencies.graph", ["range": "2h"]),
                ("operations.list", ["service": "frontend"]),
                ("operations.list", ["service": "checkout", "span_kind": "client"]),
                ("traces.search", ["service": "frontend", "operation": "GET /checkout", "range": "2h", "limit": 5]),
                (
                    "traces.search",
                    [
                        "service": "payment", "duration_min": "1s", "duration_max": "2.5s",
                        "attributes": ["payment.provider": "legacy-bank"],
                    ]
                ),
                ("traces.search", ["service": "nobody"]),
                ("traces.get", ["trace_id": trace]),
                ("traces.get", ["trace_id": "0123456789abcdef0123456789abcdef"]),
                ("traces.analyze", ["trace_id": trace]),
                ("traces.compare", ["service": "frontend", "operation": "GET /checkout"]),
            ]
            for (action, input) in runs { _ = await harness.run(action, input) }
            log = harness.emulator.requestLog.exchangeLog(redacting: [OpenTelemetryDemo.token])
        }
        let exchanges = try HTTPExchange.readLog(log, file: "jaeger exchanges")
        #expect(exchanges.count == 11)
        let report = try ContractChecker(
            specPath: Self.testsFolder.appendingPathComponent(
                "../../../../shared/vendor-specs/jaeger/query_service.openapi.json"
            ).path,
            exceptionsPath: Self.testsFolder.appendingPathComponent("contract-exceptions.yaml").path
        ).check(exchanges)
        #expect(report.passed, "\(report)")
    }
}
