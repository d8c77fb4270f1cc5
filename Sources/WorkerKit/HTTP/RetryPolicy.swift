/// When and how long a ``VendorHTTPClient`` waits before trying a request again.
///
/// Retried: 429 (and 403 with an exhausted rate limit), 408, 5xx other than 501/505, connection failures and
/// timeouts. 5xx, connection failures and timeouts are retried only for idempotent requests (GET, HEAD, PUT,
/// DELETE, OPTIONS, or any request with an `Idempotency-Key`) unless ``retryNonIdempotent`` is set. A
/// `Retry-After` answer (seconds or an HTTP date) is honoured; otherwise the wait is full-jitter exponential:
/// a random time between zero and `min(maxDelay, baseDelay · 2^(attempt-1))`.
public struct RetryPolicy: Sendable {
    /// Tries in all, the first included; 1 disables retries.
    public var maxAttempts: Int
    /// The backoff of the first retry, before jitter.
    public var baseDelay: Duration
    /// The longest backoff, before jitter.
    public var maxDelay: Duration
    /// Retries stop when the next wait would end later than this after the first try.
    public var maxTotalTime: Duration
    /// A `Retry-After` longer than this is not waited for: the request fails at once (still retryable).
    public var maxRetryAfter: Duration
    /// Whether 5xx, timeouts and connection failures are retried for POST/PATCH without an idempotency key.
    public var retryNonIdempotent: Bool
    /// Picks the actual wait from the capped exponential delay; the default picks uniformly in `0...delay`.
    public var jitter: @Sendable (Duration) -> Duration

    /// A policy.
    /// - Parameters:
    ///   - maxAttempts: Default 4.
    ///   - baseDelay: Default 500 ms.
    ///   - maxDelay: Default 20 s.
    ///   - maxTotalTime: Default 60 s.
    ///   - maxRetryAfter: Default 60 s.
    ///   - retryNonIdempotent: Default false.
    ///   - jitter: Default full jitter.
    public init(
        maxAttempts: Int = 4,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(20),
        maxTotalTime: Duration = .seconds(60),
        maxRetryAfter: Duration = .seconds(60),
        retryNonIdempotent: Bool = false,
        jitter: @escaping @Sendable (Duration) -> Duration = RetryPolicy.fullJitter
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxTotalTime = maxTotalTime
        self.maxRetryAfter = maxRetryAfter
        self.retryNonIdempotent = retryNonIdempotent
        self.jitter = jitter
    }

    /// No retries.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// A uniformly random duration from zero to `delay`.
    public static let fullJitter: @Sendable (Duration) -> Duration = { delay in
        let nanoseconds = delay.totalNanoseconds
        return nanoseconds > 0 ? .nanoseconds(Int64.random(in: 0...nanoseconds)) : .zero
    }

    /// The wait before try `attempt + 1`, after try `attempt` (1-based) failed, when the vendor set no
    /// `Retry-After`.
    public func backoff(afterAttempt attempt: Int) -> Duration {
        let exponent = min(max(attempt - 1, 0), 30)
        let capped = min(maxDelay, baseDelay * (1 << exponent))
        return jitter(capped)
    }
}

extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max`.
    var totalNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return scaled &+ attoseconds / 1_000_000_000
    }

    /// The duration in milliseconds.
    var milliseconds: Int64 { totalNanoseconds / 1_000_000 }
}
