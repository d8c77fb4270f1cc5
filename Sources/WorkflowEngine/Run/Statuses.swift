public import StructuredData

/// The status of a run. The strings are Cordum's.
public enum RunStatus: String, Sendable, Hashable, CaseIterable {
    case pending
    case running
    case waiting
    case succeeded
    case failed
    case cancelled
    case timedOut = "timed_out"

    /// Whether the run is finished; a finished run never changes again.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .cancelled, .timedOut: return true
        case .pending, .running, .waiting: return false
        }
    }
}

/// The status of a step or a `for_each` child. Cordum's strings plus `skipped`.
public enum StepStatus: String, Sendable, Hashable, CaseIterable {
    case pending
    case running
    case waiting
    case succeeded
    case failed
    case cancelled
    case timedOut = "timed_out"
    /// The step did not run: its condition was false, or what it depends on was skipped or failed.
    case skipped

    /// Whether the step is finished.
    public var isTerminal: Bool {
        switch self {
        case .succeeded, .failed, .cancelled, .timedOut, .skipped: return true
        case .pending, .running, .waiting: return false
        }
    }

    /// Whether the step finished without doing its work successfully.
    public var isFailure: Bool { self == .failed || self == .cancelled || self == .timedOut }
}

/// Why a step failed: a stable code and a message.
public struct StepError: Sendable, Hashable {
    /// A stable code (`job_failed`, `denied`, `input_invalid`, `output_invalid`, `timed_out`, `rejected`, ...).
    public var code: String
    /// What happened, in one sentence (the worker's message for job failures).
    public var message: String
    /// Structured facts about the failure (for a policy denial: `rule_id`, `reason`, `remediations`).
    public var details: JSONValue?

    /// Creates an error.
    public init(code: String, message: String, details: JSONValue? = nil) {
        self.code = code
        self.message = message
        self.details = details
    }
}
