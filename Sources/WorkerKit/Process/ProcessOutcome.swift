import Foundation

/// How a program run by ``ProcessRunner`` ended, with what it wrote (secrets scrubbed, bounded).
public struct ProcessOutcome: Sendable, Hashable {
    /// How the process ended.
    public enum Termination: Sendable, Hashable {
        /// It exited with this code.
        case exited(Int32)
        /// A signal ended it.
        case signaled(Int32)
    }

    /// How it ended.
    public var termination: Termination
    /// Standard output, at most the request's `outputLimit` bytes of it, decoded as UTF-8 (invalid bytes
    /// replaced), secrets scrubbed.
    public var standardOutput: String
    /// Standard error, bounded and scrubbed in the same way.
    public var standardError: String
    /// Bytes of standard output beyond the limit, dropped.
    public var droppedOutputBytes: Int
    /// Bytes of standard error beyond the limit, dropped.
    public var droppedErrorBytes: Int
    /// How long it ran.
    public var duration: Duration

    /// Whether it exited with 0.
    public var succeeded: Bool { termination == .exited(0) }

    /// The outcome of a successful run, or the failure its exit code maps to.
    /// - Parameters:
    ///   - program: the program's name, for the message.
    ///   - exitCodes: the codes a pack gives its CLI's documented exit codes (terraform's 1 is an error, `plan
    ///     -detailed-exitcode`'s 2 is "changes present", …); exit codes it does not name fail with `vendor_error`.
    ///   - success: further exit codes that mean success.
    /// - Returns: the outcome when the exit code means success.
    /// - Throws: a ``WorkerError`` with the mapped code and the last lines of standard error (scrubbed).
    public func checked(
        program: String,
        exitCodes: [Int32: WorkerError.Code] = [:],
        success: Set<Int32> = [0]
    ) throws(WorkerError) -> ProcessOutcome {
        switch termination {
        case .exited(let code) where success.contains(code):
            return self
        case .exited(let code):
            throw WorkerError(
                code: exitCodes[code] ?? WorkerError.Code.vendorError,
                message: "\(program) exited with code \(code)\(errorTail)",
                retryable: false
            )
        case .signaled(let signal):
            throw WorkerError(
                code: WorkerError.Code.vendorError,
                message: "\(program) was ended by signal \(signal)\(errorTail)",
                retryable: true
            )
        }
    }

    /// `: <the last lines of standard error>` (at most 500 characters), or nothing when it wrote none.
    var errorTail: String {
        let text = standardError.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty else { return "." }
        let tail = text.count > 500 ? "…" + String(text.suffix(500)) : text
        return ": \(tail)"
    }
}
