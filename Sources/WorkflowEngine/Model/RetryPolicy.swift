/// A step's `retry`: how many extra attempts a failed job gets, and how long to wait before each.
public struct RetryPolicy: Sendable, Hashable {
    /// `max_retries`: extra attempts after the first (0 = none).
    public var maxRetries: Int
    /// `initial_backoff_sec`; 1 when absent or 0.
    public var initialBackoffSeconds: Int
    /// `max_backoff_sec`: cap on one wait; nil = no cap.
    public var maxBackoffSeconds: Int?
    /// `multiplier`; 2 when absent. Must be greater than 1.
    public var multiplier: Double

    /// Creates a policy.
    public init(maxRetries: Int, initialBackoffSeconds: Int = 1, maxBackoffSeconds: Int? = nil, multiplier: Double = 2)
    {
        self.maxRetries = maxRetries
        self.initialBackoffSeconds = initialBackoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
        self.multiplier = multiplier
    }

    /// The wait before the next attempt after `attempt` attempts have failed:
    /// `initial × multiplier^(attempt-1)` seconds, capped, in milliseconds (no truncation to whole seconds).
    public func backoffMilliseconds(afterAttempt attempt: Int) -> Int64 {
        let initial = Double(max(initialBackoffSeconds, 1))
        var seconds = initial * pow(multiplier, Double(max(attempt - 1, 0)))
        if let cap = maxBackoffSeconds, cap > 0 { seconds = min(seconds, Double(cap)) }
        seconds = min(seconds, 365 * 86_400)
        return Int64((seconds * 1000).rounded(.down))
    }

    private func pow(_ base: Double, _ exponent: Double) -> Double {
        var result = 1.0
        var remaining = Int(exponent)
        while remaining > 0 && result < 1e12 {
            result *= base
            remaining -= 1
        }
        return result
    }
}
