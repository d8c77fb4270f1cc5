import Foundation
import Subprocess
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// Runs command-line programs for packs whose integration is a CLI (terraform, kubectl where a pack chooses it, a
/// vendor's own tool), on swift-subprocess.
///
/// - No shell: the program is started directly with its arguments.
/// - An explicit environment: the request's variables, its secret variables and the few it names from the worker's
///   own environment; nothing else leaks in.
/// - A private working directory created for the run and removed after it (or an existing one, left alone).
/// - Standard output and error read as they arrive, concurrently (so neither pipe blocks the program), each line
///   handed to `onLine` (for job progress), each stream kept up to the request's limit.
/// - The program runs in a session of its own: at the timeout, on cancellation, and after it exits, its whole
///   process group is stopped (SIGTERM, then SIGKILL after the grace period), so no grandchild outlives the job.
/// - Every secret of the registry and of the request's secret variables is scrubbed from what is captured,
///   reported and put in error messages.
///
/// ```swift
/// let runner = ProcessRunner(secrets: context.secrets)
/// let outcome = try await runner.run(
///     ProcessRequest(.name("terraform"), arguments: ["plan", "-no-color"], secretEnvironment: ["TF_TOKEN": token]),
///     onLine: { line in await context.progress.report(percent: 50, message: line.text) }
/// ).checked(program: "terraform", exitCodes: [1: .validationFailed])
/// ```
///
/// Written on swift-subprocess, which spawns without a shell, streams both pipes and tears a process group down;
/// what is ours is the policy around it (environment, directory, limits, scrubbing, the error codes).
public struct ProcessRunner: Sendable {
    /// One line the program wrote.
    public struct Line: Sendable, Hashable {
        /// Which stream.
        public enum Stream: String, Sendable, Hashable {
            case standardOutput = "stdout"
            case standardError = "stderr"
        }

        /// The stream it came from.
        public var stream: Stream
        /// The line without its end, secrets scrubbed, at most 1,000 characters.
        public var text: String
    }

    /// Values scrubbed from everything captured (the worker's registry; the request's secret variables are added
    /// for each run).
    public let secrets: SecretRegistry
    /// The worker's own environment, from which ``ProcessRequest/inheritedVariables`` are copied.
    public let parentEnvironment: [String: String]
    /// Where temporary working directories are made.
    public let temporaryRoot: String

    /// A runner.
    /// - Parameters:
    ///   - secrets: the worker's secret registry.
    ///   - parentEnvironment: the worker's environment (the process environment by default).
    ///   - temporaryRoot: the parent of temporary working directories (the system's temporary directory).
    public init(
        secrets: SecretRegistry = SecretRegistry(),
        parentEnvironment: [String: String]? = nil,
        temporaryRoot: String? = nil
    ) {
        self.secrets = secrets
        self.parentEnvironment = parentEnvironment ?? ProcessInfo.processInfo.environment
        self.temporaryRoot = temporaryRoot ?? FileManager.default.temporaryDirectory.path
    }

    /// Runs the program to its end (or its timeout, or the task's cancellation).
    /// - Parameters:
    ///   - request: what to run.
    ///   - onLine: called with each line the program writes, in order per stream, scrubbed.
    /// - Returns: how it ended and what it wrote; a non-zero exit is an outcome, not an error (see
    ///   ``ProcessOutcome/checked(program:exitCodes:success:)``).
    /// - Throws: `unavailable` when it cannot start, `timeout` (retryable) when it ran too long, `cancelled` when
    ///   the job was cancelled; each message names the program and carries no secret.
    public func run(
        _ request: ProcessRequest,
        onLine: @escaping @Sendable (Line) async -> Void = { _ in }
    ) async throws(WorkerError) -> ProcessOutcome {
        for value in request.secretEnvironment.values { secrets.register(value) }
        let directory = try makeDirectory(request)
        defer {
            if case .temporary = request.workingDirectory { try? FileManager.default.removeItem(atPath: directory) }
        }
        let capture = Capture(limit: request.outputLimit)
        let started = ContinuousClock.now
        let timedOut = TimeoutFlag()
        let result: Result<TerminationStatus, any Error> = await withTaskGroup(
            of: Result<TerminationStatus, any Error>?.self
        ) { group in
            group.addTask {
                do {
                    return .success(
                        try await self.spawn(request, directory: directory, capture: capture, onLine: onLine)
                    )
                } catch {
                    return .failure(error)
                }
            }
            group.addTask {
                do { try await Task.sleep(for: request.timeout) } catch { return nil }
                timedOut.set()
                return nil
            }
            var outcome: Result<TerminationStatus, any Error>?
            while let next = await group.next() {
                if let next {
                    outcome = next
                    group.cancelAll()
                } else if timedOut.isSet {
                    group.cancelAll()
                }
            }
            return outcome ?? .failure(CancellationError())
        }
        let duration = ContinuousClock.now - started
        let output = capture.finish(scrubbing: secrets)
        if timedOut.isSet {
            throw WorkerError(
                code: WorkerError.Code.timeout,
                message:
                    "\(request.displayName) did not finish within \(request.timeout) and was stopped with its process group\(output.errorTail)",
                retryable: true
            )
        }
        if Task.isCancelled {
            throw WorkerError(code: .cancelled, message: "\(request.displayName) was stopped: the job was cancelled.")
        }
        switch result {
        case .success(let status):
            var outcome = output
            outcome.duration = duration
            switch status {
            case .exited(let code): outcome.termination = .exited(Int32(code))
            case .signaled(let signal): outcome.termination = .signaled(Int32(signal))
            }
            return outcome
        case .failure(let error) where error is CancellationError || Task.isCancelled:
            throw WorkerError(code: .cancelled, message: "\(request.displayName) was stopped: the job was cancelled.")
        case .failure(let error):
            throw WorkerError(
                code: WorkerError.Code.unavailable,
                message: secrets.scrub("\(request.displayName) could not be started: \(error)"),
                retryable: false
            )
        }
    }

    /// Starts the program and reads both streams until it exits.
    private func spawn(
        _ request: ProcessRequest,
        directory: String,
        capture: Capture,
        onLine: @escaping @Sendable (Line) async -> Void
    ) async throws -> TerminationStatus {
        let options = request.platformOptions
        let executable = request.subprocessExecutable
        let input: BytesOrNone = request.standardInput.map { .bytes($0) } ?? .none
        let secrets = self.secrets
        let body:
            @Sendable (SubprocessOutputSequence, SubprocessOutputSequence, ProcessIdentifier) async throws -> Void = {
                stdout,
                stderr,
                pid in
                defer { Self.killGroup(pid.value) }
                try await withThrowingTaskGroup(of: Void.self) { group in
                    group.addTask {
                        try await Self.read(stdout, .standardOutput, capture: capture, secrets: secrets, onLine: onLine)
                    }
                    group.addTask {
                        try await Self.read(stderr, .standardError, capture: capture, secrets: secrets, onLine: onLine)
                    }
                    try await group.waitForAll()
                }
            }
        let environment = Environment.custom(childEnvironment(request))
        switch input {
        case .bytes(let bytes):
            return try await Subprocess.run(
                executable,
                arguments: Arguments(request.arguments),
                environment: environment,
                workingDirectory: FilePath(directory),
                platformOptions: options,
                input: .array(bytes),
                output: .sequence,
                error: .sequence
            ) { execution in
                try await body(execution.standardOutput, execution.standardError, execution.processIdentifier)
            }.terminationStatus
        case .none:
            return try await Subprocess.run(
                executable,
                arguments: Arguments(request.arguments),
                environment: environment,
                workingDirectory: FilePath(directory),
                platformOptions: options,
                input: .none,
                output: .sequence,
                error: .sequence
            ) { execution in
                try await body(execution.standardOutput, execution.standardError, execution.processIdentifier)
            }.terminationStatus
        }
    }

    private enum BytesOrNone {
        case bytes([UInt8])
        case none
    }

    /// The child's environment: the request's variables, its secrets, and the inherited ones that are set.
    func childEnvironment(_ request: ProcessRequest) -> [Environment.Key: String] {
        var values: [Environment.Key: String] = [:]
        for name in request.inheritedVariables {
            if let value = parentEnvironment[name] { values[Environment.Key(stringLiteral: name)] = value }
        }
        for (name, value) in request.environment { values[Environment.Key(stringLiteral: name)] = value }
        for (name, value) in request.secretEnvironment { values[Environment.Key(stringLiteral: name)] = value }
        return values
    }

    /// The run's working directory: a new private one, or the existing one named.
    func makeDirectory(_ request: ProcessRequest) throws(WorkerError) -> String {
        switch request.workingDirectory {
        case .existing(let path):
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw WorkerError(
                    code: WorkerError.Code.unavailable,
                    message:
                        "\(request.displayName) could not be started: the working directory \(path) does not exist."
                )
            }
            return path
        case .temporary:
            let path = temporaryRoot + "/cordum-process-" + UUID().uuidString.lowercased()
            do {
                try FileManager.default.createDirectory(
                    atPath: path,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o700]
                )
            } catch {
                throw WorkerError(
                    code: WorkerError.Code.unavailable,
                    message:
                        "\(request.displayName) could not be started: no working directory under \(temporaryRoot) (\(error.localizedDescription))."
                )
            }
            return path
        }
    }

    /// Reads one stream to its end: keeps what fits, hands each complete line to `onLine`.
    private static func read(
        _ stream: SubprocessOutputSequence,
        _ kind: Line.Stream,
        capture: Capture,
        secrets: SecretRegistry,
        onLine: @escaping @Sendable (Line) async -> Void
    ) async throws {
        var pending: [UInt8] = []
        for try await buffer in stream {
            let bytes = buffer.withUnsafeBytes { Array($0) }
            capture.append(bytes, to: kind)
            pending += bytes
            while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<end])
                pending.removeSubrange(...end)
                await onLine(Line(stream: kind, text: Self.text(line, secrets: secrets)))
            }
            // A line longer than any progress message is handed over in pieces rather than kept whole.
            if pending.count > 64 * 1024 {
                await onLine(Line(stream: kind, text: Self.text(pending, secrets: secrets)))
                pending.removeAll()
            }
        }
        if !pending.isEmpty { await onLine(Line(stream: kind, text: Self.text(pending, secrets: secrets))) }
    }

    private static func text(_ bytes: [UInt8], secrets: SecretRegistry) -> String {
        var text = secrets.scrub(String(decoding: bytes, as: UTF8.self))
        if text.hasSuffix("\r") { text.removeLast() }
        return text.count > 1000 ? String(text.prefix(1000)) + "…" : text
    }

    /// Kills whatever is left of the program's process group (children it left behind after it exited).
    static func killGroup(_ pid: pid_t) {
        guard pid > 1 else { return }
        _ = kill(-pid, SIGKILL)
    }
}

extension ProcessRequest {
    /// The program as swift-subprocess names it.
    var subprocessExecutable: Subprocess.Executable {
        switch executable {
        case .path(let path): .path(FilePath(path))
        case .name(let name): .name(name)
        }
    }

    /// A session of its own, so that stopping it (SIGTERM, then SIGKILL after the grace period) reaches its whole
    /// process group.
    var platformOptions: PlatformOptions {
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: gracePeriod)]
        return options
    }
}

/// Set by the timer task when the run's time is up.
private final class TimeoutFlag: Sendable {
    private let value = Atomic(false)
    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}

/// What the program wrote: each stream up to the limit, with a count of what was dropped.
final class Capture: Sendable {
    private struct Streams {
        var output: [UInt8] = []
        var error: [UInt8] = []
        var droppedOutput = 0
        var droppedError = 0
    }

    private let limit: Int
    private let streams = Mutex(Streams())

    init(limit: Int) { self.limit = max(0, limit) }

    func append(_ bytes: [UInt8], to stream: ProcessRunner.Line.Stream) {
        streams.withLock { streams in
            switch stream {
            case .standardOutput:
                let room = max(0, limit - streams.output.count)
                streams.output += bytes.prefix(room)
                streams.droppedOutput += max(0, bytes.count - room)
            case .standardError:
                let room = max(0, limit - streams.error.count)
                streams.error += bytes.prefix(room)
                streams.droppedError += max(0, bytes.count - room)
            }
        }
    }

    /// The captured streams, scrubbed, as an outcome still to be completed (termination, duration).
    func finish(scrubbing secrets: SecretRegistry) -> ProcessOutcome {
        streams.withLock { streams in
            ProcessOutcome(
                termination: .exited(-1),
                standardOutput: secrets.scrub(String(decoding: streams.output, as: UTF8.self)),
                standardError: secrets.scrub(String(decoding: streams.error, as: UTF8.self)),
                droppedOutputBytes: streams.droppedOutput,
                droppedErrorBytes: streams.droppedError,
                duration: .zero
            )
        }
    }
}
