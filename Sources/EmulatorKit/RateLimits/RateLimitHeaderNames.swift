/// The header names a vendor reports rate limits under (any left `nil` is not sent). Names are lowercased.
public struct RateLimitHeaderNames: Sendable, Hashable {
    /// How the reset header counts.
    public enum ResetStyle: Sendable, Hashable {
        /// The window's end in seconds since 1970 (`x-ratelimit-reset: 1764093047`).
        case epochSeconds
        /// Seconds until the window ends (`ratelimit-reset: 42`).
        case secondsLeft
    }

    /// Requests allowed per window.
    public var limit: String?
    /// Requests left.
    public var remaining: String?
    /// When the window resets (see ``resetStyle``).
    public var reset: String?
    /// Requests used.
    public var used: String?
    /// The resource of the budget.
    public var resource: String?
    /// How ``reset`` counts.
    public var resetStyle: ResetStyle
    /// The header sent with a refused request (seconds to wait), normally `retry-after`.
    public var retryAfter: String?

    /// Creates header names.
    public init(
        limit: String? = nil,
        remaining: String? = nil,
        reset: String? = nil,
        used: String? = nil,
        resource: String? = nil,
        resetStyle: ResetStyle = .epochSeconds,
        retryAfter: String? = "retry-after"
    ) {
        self.limit = limit?.lowercased()
        self.remaining = remaining?.lowercased()
        self.reset = reset?.lowercased()
        self.used = used?.lowercased()
        self.resource = resource?.lowercased()
        self.resetStyle = resetStyle
        self.retryAfter = retryAfter?.lowercased()
    }

    /// `x-ratelimit-limit`, `-remaining`, `-reset` (epoch seconds), `-used`, `-resource`.
    public static let xRateLimit = Self(
        limit: "x-ratelimit-limit",
        remaining: "x-ratelimit-remaining",
        reset: "x-ratelimit-reset",
        used: "x-ratelimit-used",
        resource: "x-ratelimit-resource"
    )

    /// `x-ratelimit-limit`, `-remaining`, `-reset` (seconds left).
    public static let xRateLimitSecondsLeft = Self(
        limit: "x-ratelimit-limit",
        remaining: "x-ratelimit-remaining",
        reset: "x-ratelimit-reset",
        resetStyle: .secondsLeft
    )

    /// The IETF draft's `ratelimit-limit`, `ratelimit-remaining`, `ratelimit-reset` (seconds left).
    public static let rateLimitFields = Self(
        limit: "ratelimit-limit",
        remaining: "ratelimit-remaining",
        reset: "ratelimit-reset",
        resetStyle: .secondsLeft
    )
}
