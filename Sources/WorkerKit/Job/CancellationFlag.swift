import Synchronization

/// Set once when a job is cancelled (`sys.job.cancel`, or a drain past its timeout); handlers that poll use it
/// alongside Swift task cancellation, which WorkerKit also triggers.
public final class CancellationFlag: Sendable {
    private let state = Mutex<String?>(nil)

    /// A flag that is not set.
    public init() {}

    /// Whether the job was cancelled.
    public var isCancelled: Bool { state.withLock { $0 != nil } }

    /// The reason given with the cancel, once cancelled.
    public var reason: String? { state.withLock { $0 } }

    /// Sets the flag; the first reason wins. Returns whether this call set it.
    @discardableResult
    public func cancel(reason: String) -> Bool {
        state.withLock { current in
            guard current == nil else { return false }
            current = reason
            return true
        }
    }
}
