public import Foundation
import Synchronization
public import WorkerKit

/// A wall clock tests move by hand, for workers and emulators that read the date (token expiry, JWT claims,
/// `Retry-After` dates). The host's own clock is WorkflowEngine's `ManualClock`; ``PackRig`` moves both.
public final class ManualDateClock: Sendable {
    private let current: Mutex<Date>

    /// A clock at `start` (2027-01-15 by default, a date no real answer carries).
    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        current = Mutex(start)
    }

    /// The current time.
    public var now: Date { current.withLock { $0 } }

    /// Moves the clock forward by `seconds`.
    public func advance(_ seconds: TimeInterval) {
        current.withLock { $0 = $0.addingTimeInterval(seconds) }
    }

    /// A retry clock that never sleeps: it records each wait in `sleeps` and moves this clock by it, so retries
    /// and `Retry-After` waits take no real time.
    public func retryClock(recording sleeps: Sleeps) -> RetryClock {
        let origin = ContinuousClock.now
        let start = now.timeIntervalSince1970
        return RetryClock(
            now: { origin.duration(to: .now) + .seconds(self.now.timeIntervalSince1970 - start) },
            sleep: { duration in
                sleeps.record(duration)
                self.advance(Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18)
            },
            date: { self.now }
        )
    }
}

/// The waits a retry clock was asked for.
public final class Sleeps: Sendable {
    private let values = Mutex<[Duration]>([])

    /// No waits yet.
    public init() {}

    /// Records one wait.
    public func record(_ duration: Duration) { values.withLock { $0.append(duration) } }

    /// Every wait, in order.
    public var all: [Duration] { values.withLock { $0 } }
}
