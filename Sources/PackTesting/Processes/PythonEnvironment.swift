public import Foundation
import Synchronization
import Testing

/// A reference client's Python virtualenv, made once per test process by a setup script and reused across runs
/// from its cache folder; and the programs run with its python.
///
/// A setup script calls `Tests/Support/python-venv.sh FOLDER PROBE IMPORT_CHECK REQUIREMENT...` and prints the
/// virtualenv's folder as its last line. Its exit codes: 0 ready, 2 python3 or its venv module missing, 3 the
/// package index unreachable, 1 anything else. When the index cannot be reached the test is cancelled with that
/// reason, except under `CI=true`, where it fails: CI must run it.
public struct PythonEnvironment: Sendable {
    /// What a setup script reported.
    public struct SetupFailure: Error, CustomStringConvertible {
        /// The script's exit status.
        public let exitCode: Int32
        /// What it printed.
        public let output: String
        /// The script.
        public let script: String
        /// Whether the package index could not be reached.
        public var unreachable: Bool { exitCode == 3 }

        public var description: String {
            let hint =
                exitCode == 2 ? " (python3 or python3-venv missing: apt-get install -y python3 python3-venv)" : ""
            return "\(script) exited with \(exitCode)\(hint):\n\(output)"
        }
    }

    /// What the environment holds, for messages (`cap-sdk-python 2.0.12`).
    public let name: String
    /// The setup script.
    public let setupScript: URL

    /// An environment made by `setupScript`.
    /// - Parameters:
    ///   - name: what it holds, for messages.
    ///   - setupScript: the script that makes the virtualenv and prints its folder last.
    public init(_ name: String, setupScript: URL) {
        self.name = name
        self.setupScript = setupScript
    }

    private static let made = Mutex<[String: Task<Result<URL, SetupFailure>, Never>]>([:])

    /// The virtualenv's python, made once per process; cancels the test if the package index is unreachable
    /// outside CI.
    /// - Throws: ``SetupFailure`` when the script fails otherwise.
    public func python() async throws -> URL {
        let script = setupScript.standardizedFileURL.path
        let task = Self.made.withLock { made in
            if let task = made[script] { return task }
            let created = Task { await Self.setUp(script) }
            made[script] = created
            return created
        }
        switch await task.value {
        case .success(let folder): return folder.appendingPathComponent("bin/python")
        case .failure(let failure):
            if failure.unreachable && ProcessInfo.processInfo.environment["CI"] != "true" {
                try Test.cancel("The package index is unreachable, so \(name) cannot be installed (CI fails instead).")
            }
            throw failure
        }
    }

    private static func setUp(_ script: String) async -> Result<URL, SetupFailure> {
        let run = await ChildProcess.run("/bin/bash", [script], timeout: .seconds(600))
        guard run.exitCode == 0, let last = run.stdout.split(separator: "\n").last else {
            return .failure(SetupFailure(exitCode: run.exitCode, output: run.stderr + run.stdout, script: script))
        }
        return .success(URL(fileURLWithPath: String(last)))
    }

    /// Runs `program` (a path) with the environment's python, unbuffered, and waits for it to exit.
    public func run(
        _ program: URL,
        _ arguments: [String],
        environment: [String: String]? = nil,
        timeout: Duration = .seconds(60)
    ) async throws -> ChildProcess.Finished {
        let python = try await python().path
        return await ChildProcess.run(
            python,
            ["-u", program.path] + arguments,
            environment: environment,
            timeout: timeout
        )
    }

    /// Starts `program` with the environment's python and returns it running.
    public func start(_ program: URL, _ arguments: [String], environment: [String: String]? = nil) async throws
        -> ChildProcess
    {
        let python = try await python().path
        return try ChildProcess(python, ["-u", program.path] + arguments, environment: environment)
    }
}
