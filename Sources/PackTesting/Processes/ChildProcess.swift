import Foundation
import ServerTesting
import Synchronization

/// A child process whose standard output and error are collected as they arrive.
///
/// The pipes are drained by readability handlers (dispatch threads), never by blocking reads on the cooperative
/// pool, which would starve an emulator or host running in the test process. Every child is tracked so it is
/// killed when the test process exits, even when its test never reached its teardown.
public final class ChildProcess: Sendable {
    /// A finished run.
    public struct Finished: Sendable {
        /// The exit status (-1 when the program could not be started).
        public let exitCode: Int32
        /// What it printed on standard output.
        public let stdout: String
        /// What it printed on standard error.
        public let stderr: String

        /// Standard output, then standard error under a separator, for failure messages.
        public var output: String { stdout + (stderr.isEmpty ? "" : "\n--- stderr ---\n" + stderr) }
    }

    private let process: SpawnedProcess
    private let pipes: (out: Pipe, err: Pipe)
    private let buffer: OutputBuffer

    /// Starts `executable` with `arguments`.
    /// - Parameter environment: the child's environment; the test process's when nil.
    /// - Throws: when the program cannot be started.
    public init(_ executable: String, _ arguments: [String], environment: [String: String]? = nil) throws {
        let out = Pipe()
        let err = Pipe()
        pipes = (out, err)
        let buffer = OutputBuffer()
        self.buffer = buffer
        out.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            buffer.value.withLock { $0.stdout.append(data) }
        }
        err.fileHandleForReading.readabilityHandler = { handle in
            let data = handle.availableData
            buffer.value.withLock { $0.stderr.append(data) }
        }
        process = try SpawnedProcess(
            executable,
            arguments: arguments,
            environment: environment,
            standardOutput: .pipe(out),
            standardError: .pipe(err)
        )
    }

    /// What the process printed so far.
    public var stdout: String { buffer.value.withLock { String(decoding: $0.stdout, as: UTF8.self) } }
    /// What the process printed on standard error so far.
    public var stderr: String { buffer.value.withLock { String(decoding: $0.stderr, as: UTF8.self) } }
    /// Whether it still runs.
    public var isRunning: Bool { process.isRunning }
    /// Its process id.
    public var processIdentifier: Int32 { process.processIdentifier }

    /// Kills the process (SIGKILL) and waits for it.
    public func stop() {
        process.signal(SIGKILL)
        process.waitForExit()
    }

    /// Waits for the exit, killing the process after `timeout`, and collects the rest of its output.
    public func wait(timeout: Duration) async -> Finished {
        let deadline = ContinuousClock.now + timeout
        while isRunning && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(20))
        }
        stop()
        pipes.out.fileHandleForReading.readabilityHandler = nil
        pipes.err.fileHandleForReading.readabilityHandler = nil
        // What is left in the pipes, read without waiting for their end: a grandchild the program left behind may
        // still hold the write ends.
        let rest = (Self.drain(pipes.out.fileHandleForReading), Self.drain(pipes.err.fileHandleForReading))
        buffer.value.withLock {
            $0.stdout.append(rest.0)
            $0.stderr.append(rest.1)
        }
        return Finished(exitCode: process.exitStatus ?? -1, stdout: stdout, stderr: stderr)
    }

    /// Reads what a pipe holds now, never blocking.
    static func drain(_ handle: FileHandle) -> Data {
        let descriptor = handle.fileDescriptor
        _ = fcntl(descriptor, F_SETFL, fcntl(descriptor, F_GETFL) | O_NONBLOCK)
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            data.append(contentsOf: buffer[..<count])
        }
        return data
    }

    /// Runs a program to its end (or `timeout`), collecting its output; a program that cannot start finishes with
    /// exit code -1 and the reason on standard error.
    public static func run(
        _ executable: String,
        _ arguments: [String],
        environment: [String: String]? = nil,
        timeout: Duration
    ) async -> Finished {
        do {
            return try await ChildProcess(executable, arguments, environment: environment).wait(timeout: timeout)
        } catch {
            return Finished(exitCode: -1, stdout: "", stderr: "\(executable) could not be started: \(error)")
        }
    }

    deinit { stop() }
}

/// What a child printed, shared with the pipes' readability handlers.
private final class OutputBuffer: Sendable {
    let value = Mutex((stdout: Data(), stderr: Data()))
}
