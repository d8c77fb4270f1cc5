import Foundation
import PackTesting

/// The official CAP Python SDK (cap-sdk-python 2.0.12) in a virtualenv made by `Tests/Interop/setup-venv.sh`
/// (PackTesting's ``PythonEnvironment``: made once per test process, cancelled when the package index is
/// unreachable outside CI), and the interop programs in `Tests/Interop/` run with it.
enum PythonSDK {
    /// `Tests/Interop/` of the repository (through any symlinked dev package).
    static let interopFolder: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop")

    static let environment = PythonEnvironment(
        "cap-sdk-python 2.0.12",
        setupScript: interopFolder.appendingPathComponent("setup-venv.sh")
    )

    /// The virtualenv's python.
    static func python() async throws -> URL { try await environment.python() }

    /// Runs `Tests/Interop/<program>` with the SDK's python and waits for it to exit.
    static func run(_ program: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws
        -> ChildProcess.Finished
    {
        try await environment.run(interopFolder.appendingPathComponent(program), arguments, timeout: timeout)
    }

    /// Starts `Tests/Interop/<program>` with the SDK's python and returns it running.
    static func start(_ program: String, _ arguments: [String]) async throws -> ChildProcess {
        try await environment.start(interopFolder.appendingPathComponent(program), arguments)
    }
}
