import APIContracts
import EmulatorKit
import Foundation
import JiraEmulator
import PackTesting
import Testing

/// The jira Python client (PyPI "jira", pinned in `packs/jira/Tests/contract/setup-venv.sh`) pointed at the
/// emulator on REST API v3: every operation of the pack it supports, paging, multipart upload and an error answer.
@Suite("Jira emulator: jira Python client contract")
struct JiraClientContractTests {
    static let contractFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contract")

    static let client = PythonEnvironment(
        "jira 3.10.5",
        setupScript: contractFolder.appendingPathComponent("setup-venv.sh")
    )

    @Test("the jira client works against the emulator")
    func jiraClient() async throws {
        _ = try await Self.client.python()
        let emulator = try await Emulator.start(try JiraEmulator.definition(), port: 0)
        let result: ChildProcess.Finished
        do {
            result = try await Self.client.run(
                Self.contractFolder.appendingPathComponent("jira_client_contract.py"),
                [emulator.baseURL, JiraDemo.email, JiraDemo.apiToken],
                timeout: .seconds(600)
            )
        } catch {
            await emulator.stop()
            throw error
        }
        let paths = Set(emulator.requestLog.entries.map { "\($0.method) \($0.path)" })
        let log = emulator.requestLog.exchangeLog(redacting: [JiraDemo.apiToken])
        await emulator.stop()
        // What the client sent and the emulator answered, against Atlassian's description of the API.
        let checker = try ContractChecker(
            specPath: Self.contractFolder.appendingPathComponent("jira-platform-v3.json").path,
            exceptionsPath: Self.contractFolder.appendingPathComponent("client-exceptions.yaml").path
        )
        let report = try checker.check(log: log)
        #expect(report.passed, "\(report)")
        #expect(result.exitCode == 0, "jira_client_contract.py failed:\n\(result.output)")
        #expect(result.stdout.contains("OK "), "jira_client_contract.py did not finish:\n\(result.output)")
        for call in [
            "POST /rest/api/3/search/jql", "GET /rest/api/3/search/jql", "POST /rest/api/3/issue",
            "POST /rest/api/3/issue/OPS-5/attachments", "POST /rest/api/3/issueLink",
        ] {
            #expect(paths.contains(call), "the jira client never called \(call)")
        }
    }
}
