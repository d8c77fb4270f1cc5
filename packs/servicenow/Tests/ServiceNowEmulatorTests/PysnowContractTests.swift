import APIContracts
import EmulatorKit
import Foundation
import PackTesting
import ServiceNowEmulator
import Testing

/// pysnow (PyPI "pysnow", pinned in `packs/servicenow/Tests/contract/setup-venv.sh`) pointed at the emulator: every
/// Table API operation it has (get with dict and QueryBuilder queries, fields, display values and Link paging;
/// create; update; delete), a dot-walked query, and pysnow's OAuthClient with the password grant. Every exchange is
/// then checked against the pack's description of the Table API (`contract/servicenow-table-api.yaml`).
@Suite("ServiceNow emulator: pysnow contract")
struct PysnowContractTests {
    static let contractFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contract")

    static let client = PythonEnvironment(
        "pysnow 0.7.17",
        setupScript: contractFolder.appendingPathComponent("setup-venv.sh")
    )

    @Test("pysnow works against the emulator, and every exchange fits the Table API description")
    func pysnow() async throws {
        _ = try await Self.client.python()
        let emulator = try await Emulator.start(try ServiceNowEmulator.definition(), port: 0)
        let result: ChildProcess.Finished
        do {
            result = try await Self.client.run(
                Self.contractFolder.appendingPathComponent("pysnow_contract.py"),
                [
                    emulator.baseURL, ServiceNowDemo.username, ServiceNowDemo.password, ServiceNowDemo.clientID,
                    ServiceNowDemo.clientSecret,
                ],
                timeout: .seconds(600)
            )
        } catch {
            await emulator.stop()
            throw error
        }
        let calls = Set(emulator.requestLog.entries.map { "\($0.method) \($0.path)" })
        let log = emulator.requestLog.exchangeLog(redacting: [ServiceNowDemo.password, ServiceNowDemo.clientSecret])
        await emulator.stop()
        let checker = try ContractChecker(
            specPath: Self.contractFolder.appendingPathComponent("servicenow-table-api.yaml").path
        )
        let report = try checker.check(log: log)
        #expect(report.passed, "\(report)")
        #expect(result.exitCode == 0, "pysnow_contract.py failed:\n\(result.output)")
        #expect(result.stdout.contains("OK "), "pysnow_contract.py did not finish:\n\(result.output)")
        for call in ["GET /api/now/table/incident", "POST /api/now/table/incident", "POST /oauth_token.do"] {
            #expect(calls.contains(call), "pysnow never called \(call)")
        }
        #expect(calls.contains { $0.hasPrefix("PUT /api/now/table/incident/") })
        #expect(calls.contains { $0.hasPrefix("DELETE /api/now/table/incident/") })
    }
}
