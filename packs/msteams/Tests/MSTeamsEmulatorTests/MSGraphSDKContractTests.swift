import EmulatorKit
import Foundation
import MSTeamsEmulator
import PackTesting
import Testing

/// msgraph-sdk (PyPI, pinned in `packs/msteams/Tests/contract/setup-venv.sh`) pointed at the emulator: every Graph
/// call the pack makes, @odata.nextLink paging, Adaptive Card attachments and an error, through the SDK's request
/// builders and models. There is no published Graph description in `../shared/vendor-specs`, so the SDK is the
/// contract.
@Suite("Microsoft Teams emulator: msgraph-sdk contract")
struct MSGraphSDKContractTests {
    static let contractFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contract")

    static let client = PythonEnvironment(
        "msgraph-sdk 1.65.0",
        setupScript: contractFolder.appendingPathComponent("setup-venv.sh")
    )

    @Test("msgraph-sdk works against the emulator for every Graph call of the pack")
    func msgraphSDK() async throws {
        _ = try await Self.client.python()
        let emulator = try await Emulator.start(try MSTeamsEmulator.definition(), port: 0)
        let result: ChildProcess.Finished
        do {
            result = try await Self.client.run(
                Self.contractFolder.appendingPathComponent("msgraph_sdk_contract.py"),
                [
                    emulator.baseURL, MSTeamsDemo.tenantID, MSTeamsDemo.clientID, MSTeamsDemo.clientSecret,
                    MSTeamsDemo.teamID,
                ],
                timeout: .seconds(600)
            )
        } catch {
            await emulator.stop()
            throw error
        }
        let calls = Set(emulator.requestLog.entries.map { "\($0.method) \($0.path)" })
        await emulator.stop()
        #expect(result.exitCode == 0, "msgraph_sdk_contract.py failed:\n\(result.output)")
        #expect(result.stdout.contains("OK "), "msgraph_sdk_contract.py did not finish:\n\(result.output)")
        let team = "/v1.0/teams/\(MSTeamsDemo.teamID)/channels"
        for call in [
            "GET /v1.0/teams", "GET \(team)", "POST \(team)",
            "GET \(team)/19%3Aincidents%40thread.tacv2/messages",
            "POST \(team)/19%3Adeployments%40thread.tacv2/messages",
            "POST \(team)/19%3Aincidents%40thread.tacv2/messages/\(MSTeamsDemo.incidentMessage)/replies",
            "GET /v1.0/users/alice%40contoso.example",
        ] {
            #expect(calls.contains(call), "msgraph-sdk never called \(call): \(calls.sorted())")
        }
    }
}
