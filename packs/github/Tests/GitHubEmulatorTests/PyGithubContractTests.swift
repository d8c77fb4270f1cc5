import EmulatorKit
import Foundation
import GitHubEmulator
import PackTesting
import Testing
import _CryptoExtras

/// PyGithub (pinned in `packs/github/Tests/contract/setup-venv.sh`) pointed at the emulator: every endpoint the
/// pack uses, the App installation-token flow, and error statuses, parsed by GitHub's most used Python client.
@Suite("GitHub emulator: PyGithub contract")
struct PyGithubContractTests {
    /// `packs/github/Tests/contract/` (through any symlinked dev package).
    static let contractFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contract")

    static let pyGithub = PythonEnvironment(
        "PyGithub 2.10.0",
        setupScript: contractFolder.appendingPathComponent("setup-venv.sh")
    )

    @Test("PyGithub works against the emulator end to end")
    func pyGithub() async throws {
        _ = try await Self.pyGithub.python()
        let jwt = try AppJWT()
        let keyFile = FileManager.default.temporaryDirectory.appendingPathComponent("gh-emu-\(UUID().uuidString).pem")
        try jwt.key.pemRepresentation.write(to: keyFile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: keyFile) }
        let pem = jwt.publicKeyPEM
        let emulator = try await GitHubEmulator.start(
            GitHubEmulator.Configuration(
                seed: .custom { state in
                    try GitHubDemo.seed(state)
                    try state.registerApp(id: 31337, slug: "cordum-contract", publicKeyPEM: pem)
                    try state.addInstallation(id: 555, appID: 31337, account: "acme")
                }
            )
        )
        let result: ChildProcess.Finished
        do {
            result = try await Self.pyGithub.run(
                Self.contractFolder.appendingPathComponent("pygithub_contract.py"),
                [emulator.baseURL, GitHubDemo.token, "31337", keyFile.path, "555"],
                timeout: .seconds(600)
            )
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
        #expect(result.exitCode == 0, "pygithub_contract.py failed:\n\(result.output)")
        #expect(result.stdout.contains("OK "), "pygithub_contract.py did not finish:\n\(result.output)")
        // PyGithub really talked to the emulator: the App token flow and the merge went through it.
        #expect(!emulator.requestLog.entries(method: "POST", path: "/app/installations/555/access_tokens").isEmpty)
        #expect(
            emulator.requestLog.entries(method: "PUT", path: "/repos/acme/widgets/pulls/4/merge").map(\.status) == [
                409, 200,
            ]
        )
        #expect(
            emulator.requestLog.entries.allSatisfy { !($0.headers["authorization"] ?? "").contains(GitHubDemo.token) }
        )
    }
}
