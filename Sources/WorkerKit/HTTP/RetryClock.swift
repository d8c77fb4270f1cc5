public import Foundation

/// The time source of ``VendorHTTPClient``: a monotonic reading, a sleep, and the wall clock (for HTTP-date
/// `Retry-After` values). Tests inject one that records sleeps and returns at once.
public struct RetryClock: Sendable {
    /// Monotonic time since an arbitrary origin.
    public var now: @Sendable () -> Duration
    /// Waits; throws `CancellationError` when the task is cancelled.
    public var sleep: @Sendable (Duration) async throws -> Void
    /// The wall-clock time.
    public var date: @Sendable () -> Date

    /// A clock from closures.
    public init(
        now: @escaping @Sendable () -> Duration,
        sleep: @escaping @Sendable (Duration) async throws -> Void,
        date: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.now = now
        self.sleep = sleep
        self.date = date
    }

    /// A clock that reads and sleeps on `clock`.
    public init<C: Clock>(_ clock: C) where C.Duration == Duration {
        let origin = clock.now
        self.init(now: { origin.duration(to: clock.now) }, sleep: { try await clock.sleep(for: $0) })
    }

    /// The continuous clock of the process.
    public static var continuous: RetryClock { RetryClock(ContinuousClock()) }
}
