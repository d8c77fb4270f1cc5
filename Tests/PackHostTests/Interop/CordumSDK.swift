import Foundation
import Synchronization
import Testing

/// Cordum's official Python client, cordum-sdk 0.1.0, in a virtualenv made by
/// `Tests/Interop/setup-cordum-sdk-venv.sh`, created once per test process and reused across runs from its cache
/// folder. When the package index cannot be reached the tests are cancelled with that reason, except under
/// `CI=true`, where they fail.
enum CordumSDK {
    private static let venv = Mutex<Task<Result<URL, PythonSDK.SetupFailure>, Never>?>(nil)

    /// The virtualenv's python; cancels the test if the package index is unreachable outside CI.
    static func python() async throws -> URL {
        let task = venv.withLock { task in
            if let task { return task }
            let created = Task { await setUp() }
            task = created
            return created
        }
        switch await task.value {
        case .success(let folder): return folder.appendingPathComponent("bin/python")
        case .failure(let failure):
            if failure.unreachable && ProcessInfo.processInfo.environment["CI"] != "true" {
                try Test.cancel("The package index is unreachable, so cordum-sdk 0.1.0 cannot be installed.")
            }
            throw failure
        }
    }

    private static func setUp() async -> Result<URL, PythonSDK.SetupFailure> {
        let script = PythonSDK.interopFolder.appendingPathComponent("setup-cordum-sdk-venv.sh").path
        let run = await ChildProcess.run("/bin/bash", [script], timeout: .seconds(600))
        guard run.exitCode == 0, let last = run.stdout.split(separator: "\n").last else {
            return .failure(PythonSDK.SetupFailure(exitCode: run.exitCode, output: run.stderr + run.stdout))
        }
        return .success(URL(fileURLWithPath: String(last)))
    }

    /// Runs `Tests/Interop/<program>` with the SDK's python and waits for it to exit.
    static func run(_ program: String, _ arguments: [String], timeout: Duration = .seconds(180)) async throws
        -> ChildProcess.Finished
    {
        let python = try await python().path
        let path = PythonSDK.interopFolder.appendingPathComponent(program).path
        return await ChildProcess.run(python, ["-u", path] + arguments, timeout: timeout)
    }
}
