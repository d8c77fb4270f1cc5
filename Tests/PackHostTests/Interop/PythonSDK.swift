import Foundation
import ServerTesting
import Synchronization
import Testing

/// The official CAP Python SDK (cap-sdk-python 2.0.12) in a virtualenv made by `Tests/Interop/setup-venv.sh`, and
/// the interop programs in `Tests/Interop/` run with it.
///
/// The virtualenv is created once per test process (and reused across runs from its cache folder). When the
/// package index cannot be reached the tests are cancelled with that reason, except under `CI=true`, where they
/// fail: CI must run them.
enum PythonSDK {
    /// `Tests/Interop/` of the repository (through any symlinked dev package).
    static let interopFolder: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Interop")

    private static let venv = Mutex<Task<Result<URL, SetupFailure>, Never>?>(nil)

    /// What `setup-venv.sh` reported.
    struct SetupFailure: Error, CustomStringConvertible {
        let exitCode: Int32
        let output: String
        var unreachable: Bool { exitCode == 3 }
        var description: String { "Tests/Interop/setup-venv.sh exited with \(exitCode):\n\(output)" }
    }

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
            let inCI = ProcessInfo.processInfo.environment["CI"] == "true"
            if failure.unreachable && !inCI {
                try Test.cancel("The package index is unreachable, so cap-sdk-python 2.0.12 cannot be installed.")
            }
            throw failure
        }
    }

    private static func setUp() async -> Result<URL, SetupFailure> {
        let script = interopFolder.appendingPathComponent("setup-venv.sh").path
        let run = await ChildProcess.run("/bin/bash", [script], timeout: .seconds(600))
        guard run.exitCode == 0, let last = run.stdout.split(separator: "\n").last else {
            return .failure(SetupFailure(exitCode: run.exitCode, output: run.stderr + run.stdout))
        }
        return .success(URL(fileURLWithPath: String(last)))
    }

    /// Runs `Tests/Interop/<program>` with the SDK's python and waits for it to exit.
    static func run(_ program: String, _ arguments: [String], timeout: Duration = .seconds(60)) async throws
        -> ChildProcess.Finished
    {
        let python = try await python().path
        let path = interopFolder.appendingPathComponent(program).path
        return await ChildProcess.run(python, ["-u", path] + arguments, timeout: timeout)
    }

    /// Starts `Tests/Interop/<program>` with the SDK's python and returns it running.
    static func start(_ program: String, _ arguments: [String]) async throws -> ChildProcess {
        let python = try await python().path
        let path = interopFolder.appendingPathComponent(program).path
        return try ChildProcess(python, ["-u", path] + arguments)
    }
}

/// A child process whose standard output and error are collected as they arrive.
final class ChildProcess: Sendable {
    /// A finished run.
    struct Finished: Sendable {
        let exitCode: Int32
        let stdout: String
        let stderr: String
    }

    private let process: Process
    private let pipes: (out: Pipe, err: Pipe)
    private let output = OutputBuffer()

    init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        self.process = process
        pipes = (out, err)
        let output = self.output
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.value.withLock { $0.stdout.append(data) }
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            output.value.withLock { $0.stderr.append(data) }
        }
        try process.run()
        ChildProcesses.track(process.processIdentifier)
    }

    /// What the process printed so far.
    var stdout: String { output.value.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    /// What the process printed on standard error so far.
    var stderr: String { output.value.withLock { String(decoding: $0.stderr, as: UTF8.self) } }
    var isRunning: Bool { process.isRunning }
    var processIdentifier: Int32 { process.processIdentifier }

    /// Kills the process (SIGKILL) and waits for it.
    func stop() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
        ChildProcesses.forget(process.processIdentifier)
    }

    /// Waits for the exit, killing the process after `timeout`.
    func wait(timeout: Duration) async -> Finished {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        stop()
        pipes.out.fileHandleForReading.readabilityHandler = nil
        pipes.err.fileHandleForReading.readabilityHandler = nil
        let rest = (
            pipes.out.fileHandleForReading.readDataToEndOfFile(), pipes.err.fileHandleForReading.readDataToEndOfFile()
        )
        output.value.withLock {
            $0.stdout.append(rest.0)
            $0.stderr.append(rest.1)
        }
        return Finished(exitCode: process.terminationStatus, stdout: stdout, stderr: stderr)
    }

    /// Runs a program to its end (or `timeout`), collecting its output.
    static func run(_ executable: String, _ arguments: [String], timeout: Duration) async -> Finished {
        do {
            return try await ChildProcess(executable, arguments).wait(timeout: timeout)
        } catch {
            return Finished(exitCode: -1, stdout: "", stderr: "\(executable) could not be started: \(error)")
        }
    }

    deinit { stop() }
}

/// What a child printed, shared with the pipes' readability handlers.
final class OutputBuffer: Sendable {
    let value = Mutex((stdout: Data(), stderr: Data()))
}
