import Foundation
import PackTesting

/// Cordum's official Python client, cordum-sdk 0.1.0, in a virtualenv made by
/// `Tests/Interop/setup-cordum-sdk-venv.sh` (PackTesting's ``PythonEnvironment``).
enum CordumSDK {
    static let environment = PythonEnvironment(
        "cordum-sdk 0.1.0",
        setupScript: PythonSDK.interopFolder.appendingPathComponent("setup-cordum-sdk-venv.sh")
    )

    /// The virtualenv's python.
    static func python() async throws -> URL { try await environment.python() }

    /// Runs `Tests/Interop/<program>` with the SDK's python and waits for it to exit.
    static func run(_ program: String, _ arguments: [String], timeout: Duration = .seconds(180)) async throws
        -> ChildProcess.Finished
    {
        try await environment.run(PythonSDK.interopFolder.appendingPathComponent(program), arguments, timeout: timeout)
    }
}
