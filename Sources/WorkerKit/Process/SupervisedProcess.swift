import Foundation
public import StructuredData
import Subprocess
import Synchronization

#if canImport(System)
    import System
#else
    import SystemPackage
#endif

/// A long-lived child process that speaks line-delimited JSON-RPC 2.0 on its standard input and output (an MCP
/// server over stdio, a language server), supervised for the worker's lifetime.
///
/// - Requests are matched to answers by `id`; each waits at most its timeout.
/// - The child is started when first needed, with ``ProcessRunner``'s rules: no shell, an explicit environment,
///   secrets registered for scrubbing, a private working directory, its own process group.
/// - When it exits, every request in flight fails with `unavailable` (retryable), naming how it ended and the last
///   lines it wrote to standard error (scrubbed); the next request starts it again after a backoff that doubles
///   with each crash in a row (up to `maxDelay`); after `maxCrashes` crashes in a row, each within `stableAfter`
///   of its start, it is not started again and requests fail at once saying so.
/// - Messages the child sends that answer nothing (notifications, or requests of its own) go to ``incoming``.
/// - ``stop()`` ends the child and its process group; call it when the worker shuts down.
///
/// ```swift
/// let server = SupervisedProcess(ProcessRequest(.name("uvx"), arguments: ["mcp-server-time"]), secrets: secrets)
/// let tools = try await server.call("tools/list", params: [:], timeout: .seconds(30))
/// ```
public actor SupervisedProcess {
    /// When a crashed child is started again.
    public struct RestartPolicy: Sendable, Hashable {
        /// The wait before the first restart; it doubles with each crash in a row.
        public var initialDelay: Duration
        /// The longest wait.
        public var maxDelay: Duration
        /// Crashes in a row after which the child is not started again.
        public var maxCrashes: Int
        /// A child that ran at least this long before it ended is not counted as crashing in a row.
        public var stableAfter: Duration

        /// A policy (200 ms doubling to 30 s; five crashes in a row within 30 s of their start).
        public init(
            initialDelay: Duration = .milliseconds(200),
            maxDelay: Duration = .seconds(30),
            maxCrashes: Int = 5,
            stableAfter: Duration = .seconds(30)
        ) {
            self.initialDelay = initialDelay
            self.maxDelay = maxDelay
            self.maxCrashes = maxCrashes
            self.stableAfter = stableAfter
        }
    }

    private let request: ProcessRequest
    private let runner: ProcessRunner
    private let policy: RestartPolicy
    private var outgoing: AsyncStream<[UInt8]>.Continuation?
    private var child: Task<Void, Never>?
    private let errors: JSONRPCErrors
    private var pending: [Int: CheckedContinuation<JSONValue, any Error>] = [:]
    private var nextID = 1
    private var crashesInARow = 0
    private var notBefore: ContinuousClock.Instant?
    private var gaveUp: String?
    private var lastEnd: String?
    private var starts = 0
    private var stopped = false
    private let incomingPair = AsyncStream<JSONValue>.makeStream()

    /// Messages from the child that answer none of our requests: notifications and its own requests.
    public nonisolated var incoming: AsyncStream<JSONValue> { incomingPair.stream }

    /// A supervisor; nothing starts until the first message.
    /// - Parameters:
    ///   - request: the program and its environment (its `timeout` is not used: the child lives on).
    ///   - secrets: scrubbed from standard error kept for messages.
    ///   - restart: the restart policy.
    ///   - errors: how the child's JSON-RPC error answers map to the shared codes; default the specification's.
    public init(
        _ request: ProcessRequest,
        secrets: SecretRegistry = SecretRegistry(),
        restart: RestartPolicy = RestartPolicy(),
        errors: JSONRPCErrors = JSONRPCErrors()
    ) {
        self.request = request
        self.runner = ProcessRunner(secrets: secrets)
        self.policy = restart
        self.errors = errors
    }

    /// How many times the child was started.
    public var startCount: Int { starts }

    /// Whether the child is running now (a protocol with a handshake, such as MCP's `initialize`, repeats it when
    /// the child it spoke to is gone: the next request starts a new one).
    public var isRunning: Bool { child != nil }

    /// Requests sent and not answered yet.
    public var inFlightCount: Int { pending.count }

    /// Sends a request and waits for its answer.
    /// - Returns: the answer's `result`.
    /// - Throws: `unavailable` (retryable) when the child cannot run or ended while the request was in flight;
    ///   `timeout` (retryable) after `timeout`; `vendor_error` with the child's error object (`code`, `message`) when
    ///   it answers with an error; `cancelled` when the calling task is cancelled.
    public func call(_ method: String, params: JSONValue? = nil, timeout: Duration = .seconds(60))
        async throws(WorkerError) -> JSONValue
    {
        try ensureRunning()
        let id = nextID
        nextID += 1
        var message: [String: JSONValue] = ["jsonrpc": "2.0", "id": .integer(id), "method": .string(method)]
        message["params"] = params
        let timer = Task { [weak self] in
            try? await Task.sleep(for: timeout)
            await self?.expire(id, method: method, after: timeout)
        }
        defer { timer.cancel() }
        do {
            return try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { continuation in
                    pending[id] = continuation
                    send(.object(message))
                }
            } onCancel: {
                Task { await self.abandon(id) }
            }
        } catch let error as WorkerError {
            throw error
        } catch {
            throw WorkerError(code: .cancelled, message: "\(method) was abandoned: the job was cancelled.")
        }
    }

    /// Sends a notification (no answer expected).
    public func notify(_ method: String, params: JSONValue? = nil) throws(WorkerError) {
        try ensureRunning()
        var message: [String: JSONValue] = ["jsonrpc": "2.0", "method": .string(method)]
        message["params"] = params
        send(.object(message))
    }

    /// Answers a request the child sent (from ``incoming``).
    public func respond(to id: JSONValue, result: JSONValue) throws(WorkerError) {
        try ensureRunning()
        send(["jsonrpc": "2.0", "id": id, "result": result])
    }

    /// Stops the child and its process group; requests in flight fail with `unavailable`.
    public func stop() async {
        stopped = true
        let running = child
        child = nil
        outgoing?.finish()
        running?.cancel()
        await running?.value
        failPending("the supervisor was stopped")
        incomingPair.continuation.finish()
    }

    // MARK: - The child

    private func ensureRunning() throws(WorkerError) {
        if stopped {
            throw WorkerError(code: WorkerError.Code.unavailable, message: "\(request.displayName) was stopped.")
        }
        if let gaveUp {
            throw WorkerError(code: WorkerError.Code.unavailable, message: gaveUp)
        }
        guard child == nil else { return }
        if let notBefore, ContinuousClock.now < notBefore {
            let wait = notBefore - ContinuousClock.now
            throw WorkerError(
                code: WorkerError.Code.unavailable,
                message:
                    "\(request.displayName) is restarting after it ended (\(lastEnd ?? "unknown")); try again in \(wait).",
                retryable: true
            )
        }
        start()
    }

    private func start() {
        let (stream, continuation) = AsyncStream<[UInt8]>.makeStream()
        outgoing = continuation
        starts += 1
        let request = request
        let runner = runner
        // The child's task holds the supervisor until the child ends; ``stop()`` ends it.
        child = Task {
            let started = ContinuousClock.now
            let stderr = ErrorTail()
            let ended = await Self.runChild(request, runner: runner, outgoing: stream, stderr: stderr) { line in
                await self.received(line)
            }
            self.childEnded(
                ended,
                stderr: stderr.text(scrubbing: runner.secrets),
                ranFor: ContinuousClock.now - started
            )
        }
    }

    /// Runs the child until it exits (or the task is cancelled); returns how it ended.
    private static func runChild(
        _ request: ProcessRequest,
        runner: ProcessRunner,
        outgoing: AsyncStream<[UInt8]>,
        stderr: ErrorTail,
        onLine: @escaping @Sendable ([UInt8]) async -> Void
    ) async -> String {
        let directory: String
        do { directory = try runner.makeDirectory(request) } catch { return error.message }
        defer {
            if case .temporary = request.workingDirectory { try? FileManager.default.removeItem(atPath: directory) }
        }
        let options = request.platformOptions
        let executable = request.subprocessExecutable
        do {
            let result = try await Subprocess.run(
                executable,
                arguments: Arguments(request.arguments),
                environment: .custom(runner.childEnvironment(request)),
                workingDirectory: FilePath(directory),
                platformOptions: options,
                input: .inputWriter,
                output: .sequence,
                error: .sequence
            ) { execution in
                let pid = execution.processIdentifier.value
                defer { ProcessRunner.killGroup(pid) }
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        let writer = execution.standardInputWriter
                        for await line in outgoing {
                            do { _ = try await writer.write(line) } catch { break }
                        }
                        try? await writer.finish()
                    }
                    group.addTask {
                        var pending: [UInt8] = []
                        do {
                            for try await buffer in execution.standardOutput {
                                pending += buffer.withUnsafeBytes { Array($0) }
                                while let end = pending.firstIndex(of: UInt8(ascii: "\n")) {
                                    let line = Array(pending[..<end])
                                    pending.removeSubrange(...end)
                                    await onLine(line)
                                }
                            }
                        } catch {}
                        if !pending.isEmpty { await onLine(pending) }
                    }
                    group.addTask {
                        do {
                            for try await buffer in execution.standardError {
                                stderr.append(buffer.withUnsafeBytes { Array($0) })
                            }
                        } catch {}
                    }
                    // The child closed its output (it exited, or will): stop feeding it.
                    await group.next()
                    group.cancelAll()
                }
            }
            switch result.terminationStatus {
            case .exited(let code): return "exited with code \(code)"
            case .signaled(let signal): return "was ended by signal \(signal)"
            }
        } catch {
            return "could not be started: \(error)"
        }
    }

    private func childEnded(_ how: String, stderr: String, ranFor: Duration) {
        child = nil
        outgoing?.finish()
        outgoing = nil
        let tail = stderr.isEmpty ? "" : ": \(stderr)"
        lastEnd = how + tail
        failPending("\(request.displayName) \(how) while the request was in flight\(tail)")
        guard !stopped else { return }
        crashesInARow = ranFor >= policy.stableAfter ? 1 : crashesInARow + 1
        if crashesInARow >= policy.maxCrashes {
            gaveUp =
                "\(request.displayName) ended \(crashesInARow) times in a row (last: \(how)\(tail)); it is not started again until the worker restarts."
            return
        }
        var delay = policy.initialDelay
        for _ in 1..<crashesInARow { delay = min(policy.maxDelay, delay * 2) }
        notBefore = ContinuousClock.now + delay
    }

    private func send(_ message: JSONValue) {
        outgoing?.yield(Array((JSONEncoding.compact(message) + "\n").utf8))
    }

    private func received(_ line: [UInt8]) {
        guard let message = try? JSONParser.parse(String(decoding: line, as: UTF8.self)), message.objectValue != nil
        else { return }
        let isAnswer = message["method"] == nil && (message["result"] != nil || message["error"] != nil)
        guard isAnswer, let id = message["id"]?.intValue, let continuation = pending.removeValue(forKey: id) else {
            if message["method"] != nil { incomingPair.continuation.yield(message) }
            return
        }
        if let error = message["error"] {
            continuation.resume(throwing: errors.error(error, peer: request.displayName, secrets: runner.secrets))
        } else {
            continuation.resume(returning: message["result"] ?? .null)
        }
    }

    private func expire(_ id: Int, method: String, after timeout: Duration) {
        guard let continuation = pending.removeValue(forKey: id) else { return }
        continuation.resume(
            throwing: WorkerError(
                code: WorkerError.Code.timeout,
                message: "\(request.displayName) did not answer \(method) within \(timeout).",
                retryable: true
            )
        )
    }

    private func abandon(_ id: Int) {
        pending.removeValue(forKey: id)?.resume(throwing: CancellationError())
    }

    private func failPending(_ message: String) {
        let waiting = pending
        pending = [:]
        for continuation in waiting.values {
            continuation.resume(
                throwing: WorkerError(code: WorkerError.Code.unavailable, message: message, retryable: true)
            )
        }
    }
}

/// The last lines a child wrote to standard error (at most 2 KiB).
final class ErrorTail: Sendable {
    private let bytes = Mutex<[UInt8]>([])

    func append(_ more: [UInt8]) {
        bytes.withLock { bytes in
            bytes += more
            if bytes.count > 2048 { bytes.removeFirst(bytes.count - 2048) }
        }
    }

    func text(scrubbing secrets: SecretRegistry) -> String {
        let text = bytes.withLock { String(decoding: $0, as: UTF8.self) }
        return secrets.scrub(text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
