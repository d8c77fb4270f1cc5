import EmulatorKit
import Foundation
import GitHubEmulator
import Synchronization
import Testing
import _CryptoExtras

/// PyGithub (pinned in `packs/github/Tests/contract/setup-venv.sh`) pointed at the emulator: every endpoint the
/// pack uses, the App installation-token flow, and error statuses, parsed by GitHub's most used Python client.
@Suite("GitHub emulator: PyGithub contract")
struct PyGithubContractTests {
    /// `packs/github/Tests/contract/` (through any symlinked dev package).
    static let contractFolder = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("contract")

    @Test("PyGithub works against the emulator end to end")
    func pyGithub() async throws {
        let setup = try await Self.run("/bin/bash", [Self.contractFolder.appendingPathComponent("setup-venv.sh").path])
        if setup.status == 3, ProcessInfo.processInfo.environment["CI"] != "true" {
            try Test.cancel("The package index is unreachable, so PyGithub cannot be installed (CI fails instead).")
        }
        try #require(
            setup.status == 0,
            "packs/github/Tests/contract/setup-venv.sh exited with \(setup.status) (2 = python3 or python3-venv missing: apt-get install -y python3 python3-venv):\n\(setup.output)"
        )
        let venv = try #require(setup.stdout.split(separator: "\n").last.map(String.init))

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
        defer { Task { await emulator.stop() } }

        let program = Self.contractFolder.appendingPathComponent("pygithub_contract.py").path
        let result = try await Self.run(
            "\(venv)/bin/python",
            ["-u", program, emulator.baseURL, GitHubDemo.token, "31337", keyFile.path, "555"]
        )
        #expect(result.status == 0, "pygithub_contract.py failed:\n\(result.output)")
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

    struct Finished {
        var status: Int32
        var stdout: String
        var stderr: String
        var output: String { stdout + (stderr.isEmpty ? "" : "\n--- stderr ---\n" + stderr) }
    }

    /// Runs a program to its end (10 minutes at most), collecting its output. The pipes are drained by
    /// readability handlers (dispatch threads): blocking reads on the cooperative pool would starve the emulator
    /// running in this process.
    static func run(_ executable: String, _ arguments: [String]) async throws -> Finished {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        let collected = Collected()
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            collected.value.withLock { $0.out.append(data) }
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            collected.value.withLock { $0.err.append(data) }
        }
        try process.run()
        let deadline = ContinuousClock.now + .seconds(600)
        while process.isRunning {
            if ContinuousClock.now > deadline { process.terminate() }
            try await Task.sleep(for: .milliseconds(50))
        }
        out.fileHandleForReading.readabilityHandler = nil
        err.fileHandleForReading.readabilityHandler = nil
        let rest = (out.fileHandleForReading.readDataToEndOfFile(), err.fileHandleForReading.readDataToEndOfFile())
        let (outData, errData) = collected.value.withLock { ($0.out + rest.0, $0.err + rest.1) }
        return Finished(
            status: process.terminationStatus,
            stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self)
        )
    }

    /// Output shared with the pipes' handlers.
    final class Collected: Sendable {
        let value = Mutex((out: Data(), err: Data()))
    }
}
