import Synchronization

/// Events per minute per source: a token bucket refilled continuously, so a burst up to the limit passes and a
/// sustained flood is answered 429 with `Retry-After`.
final class RateLimiter: Sendable {
    private let buckets = Mutex<[String: (tokens: Double, at: Double)]>([:])

    /// Takes one token of `source`'s bucket at `now` (seconds); returns the seconds to wait when none is left.
    func take(_ source: String, perMinute: Int, now: Double) -> Int? {
        guard perMinute > 0 else { return nil }
        let capacity = Double(perMinute)
        let rate = capacity / 60
        return buckets.withLock { buckets -> Int? in
            var bucket = buckets[source] ?? (capacity, now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.at) * rate)
            bucket.at = now
            defer { buckets[source] = bucket }
            guard bucket.tokens >= 1 else { return max(1, Int(((1 - bucket.tokens) / rate).rounded(.up))) }
            bucket.tokens -= 1
            return nil
        }
    }
}
