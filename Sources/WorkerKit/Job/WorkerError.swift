/// A job failure a handler reports, or that WorkerKit reports for it: a stable code, one sentence, and whether
/// running the same job again may succeed.
///
/// The code becomes the `JobResult.error_code` on the wire; the message becomes `error_message` after known
/// secrets are scrubbed from it.
public struct WorkerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable error code. Pack handlers may define their own with ``init(_:)``.
    public struct Code: Hashable, Sendable, CustomStringConvertible, ExpressibleByStringLiteral {
        /// The code as sent in `JobResult.error_code`.
        public let rawValue: String
        public var description: String { rawValue }

        /// A code with this text.
        public init(_ rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { self.rawValue = value }

        /// The input is not JSON, or does not match the topic's input schema.
        public static let invalidInput = Code("invalid_input")
        /// The job's topic has no handler in this worker.
        public static let unknownTopic = Code("unknown_topic")
        /// The context pointer has a scheme this worker cannot read.
        public static let unsupportedPointer = Code("unsupported_pointer")
        /// The context pointer names a key that does not exist (expired or never written).
        public static let contextMissing = Code("context_missing")
        /// Reading the input or writing the result failed (Redis unreachable, …).
        public static let storageUnavailable = Code("storage_unavailable")
        /// The handler threw an error that is not a ``WorkerError``.
        public static let handlerFailed = Code("handler_failed")
        /// The job was cancelled (`sys.job.cancel`, or the worker shutting down past its drain timeout).
        public static let cancelled = Code("cancelled")
        /// The job ran past its `budget.deadline_ms` and was stopped (reported as `TIMEOUT`).
        public static let deadlineExceeded = Code("deadline_exceeded")
        /// The job context has no artifact store.
        public static let artifactsUnavailable = Code("artifacts_unavailable")
        /// Cordum's gateway answered with an error or could not be reached.
        public static let gatewayError = Code("gateway_error")
    }

    /// The stable code.
    public var code: Code
    /// One sentence saying what failed and what would be valid; never a secret.
    public var message: String
    /// Whether the same job may succeed if run again.
    public var retryable: Bool

    /// Creates an error.
    /// - Parameters:
    ///   - code: The stable code.
    ///   - message: One sentence; secrets registered with the worker are scrubbed from it anyway.
    ///   - retryable: Whether running the job again may succeed.
    public init(code: Code, message: String, retryable: Bool = false) {
        self.code = code
        self.message = message
        self.retryable = retryable
    }

    public var description: String { "\(code): \(message)" }
}
