import Foundation
import Synchronization

/// Where the runner gets the time. Inject ``ManualClock`` in tests to run delays, retries and timeouts in virtual time.
public protocol EngineClock: Sendable {
    /// The current time.
    func now() -> Timestamp
}

/// The system's wall clock.
public struct SystemClock: EngineClock {
    /// Creates the clock.
    public init() {}

    public func now() -> Timestamp {
        Timestamp(milliseconds: Int64((Date().timeIntervalSince1970 * 1000).rounded(.down)))
    }
}

/// A clock that moves only when told to.
public final class ManualClock: EngineClock {
    private let current: Mutex<Timestamp>

    /// Creates a clock at `start`.
    public init(_ start: Timestamp = Timestamp(seconds: 1_768_730_400)) { current = Mutex(start) }

    public func now() -> Timestamp { current.withLock { $0 } }

    /// Moves the clock forward.
    public func advance(milliseconds: Int64) { current.withLock { $0 = $0.adding(milliseconds: milliseconds) } }
}
