import APIContracts
import DatadogEmulator
import EmulatorKit
import Foundation
import PackTesting
import Testing

/// datadog-api-client, Datadog's official Python client (PyPI, pinned in
/// `packs/datadog/Tests/contract/setup-venv.sh`), pointed at the emulator: every operation the pack uses, cursor
/// paging and an error answer; what it sent and what the emulator answered are checked against Datadog's v1
/// description and the pack's v2 description.
@Suite("Datadog emulator: datadog-api-client contract")
struct DatadogClientContractTests {
    static let contractFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contract")

    static let client = PythonEnvironment(
        "datadog-api-client 2.62.0",
        setupScript: contractFolder.appendingPathComponent("setup-venv.sh")
    )

    @Test("datadog-api-client works against the emulator")
    func officialClient() async throws {
        _ = try await Self.client.python()
        let emulator = try await Emulator.start(try DatadogEmulator.definition(), port: 0)
        let result: ChildProcess.Finished
        do {
            result = try await Self.client.run(
                Self.contractFolder.appendingPathComponent("datadog_client_contract.py"),
                [emulator.baseURL, DatadogDemo.apiKey, DatadogDemo.applicationKey],
                timeout: .seconds(600)
            )
        } catch {
            await emulator.stop()
            throw error
        }
        let paths = Set(emulator.requestLog.entries.map { "\($0.method) \($0.path)" })
        let log = emulator.requestLog.exchangeLog(redacting: [DatadogDemo.apiKey, DatadogDemo.applicationKey])
        await emulator.stop()
        #expect(result.exitCode == 0, "datadog_client_contract.py failed:\n\(result.output)")
        #expect(result.stdout.contains("OK "), "datadog_client_contract.py did not finish:\n\(result.output)")
        let exchanges = try HTTPExchange.readLog(log, file: "datadog-api-client exchanges")
        let v1 = try ContractChecker(
            specPath: Self.contractFolder.appendingPathComponent(
                "../../../../../shared/vendor-specs/datadog/v1_openapi.yaml"
            ).path
        ).check(exchanges.filter { !$0.request.path.hasPrefix("/api/v2/") })
        #expect(v1.passed, "\(v1)")
        let v2 = try ContractChecker(
            specPath: Self.contractFolder.appendingPathComponent("datadog-v2-openapi.yaml").path
        ).check(exchanges.filter { $0.request.path.hasPrefix("/api/v2/") })
        #expect(v2.passed, "\(v2)")
        for call in [
            "GET /api/v1/query", "POST /api/v2/query/timeseries", "POST /api/v2/logs/events/search",
            "GET /api/v1/events", "POST /api/v1/events", "GET /api/v1/monitor/1001", "GET /api/v1/monitor/search",
            "POST /api/v1/downtime", "GET /api/v1/hosts", "GET /api/v1/slo", "POST /api/v2/incidents",
            "DELETE /api/v1/monitor/1003",
        ] {
            #expect(paths.contains(call), "datadog-api-client never called \(call)")
        }
    }
}
