public import Foundation

/// The wall clock the worker reads for JWT claims, token expiry and rate-limit resets; tests inject their own.
public struct GitHubClock: Sendable {
    /// The current time.
    public var now: @Sendable () -> Date

    /// A clock.
    public init(now: @escaping @Sendable () -> Date) {
        self.now = now
    }

    /// The system clock.
    public static let system = GitHubClock(now: { Date() })
}
