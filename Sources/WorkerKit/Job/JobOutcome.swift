public import StructuredData

/// How a job ended, independent of the transport that carried it.
public enum JobOutcome: Sendable, Hashable {
    /// The handler returned this output.
    case succeeded(JSONValue)
    /// The job failed (handler error, invalid input, unknown topic, storage).
    case failed(WorkerError)
    /// The job was cancelled before it finished.
    case cancelled(WorkerError)

    /// The error, for failures and cancellations.
    public var error: WorkerError? {
        switch self {
        case .succeeded: nil
        case .failed(let error), .cancelled(let error): error
        }
    }
}
