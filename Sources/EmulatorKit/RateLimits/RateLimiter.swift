import StructuredData
import Synchronization

/// Rate limits per caller: counts each request against a ``RateLimitBudget``, reports the usage in the vendor's
/// headers, and refuses a spent budget with the vendor's answer (429 with `Retry-After` by default).
///
/// ```swift
/// let limiter = RateLimiter(headers: .rateLimitFields)
/// let usage = try limiter.spend(caller: caller.budgetKey, budget: RateLimitBudget(limit: 100, windowSeconds: 60),
///                               now: clock())
/// response.headers.merge(usage.headers(limiter.headers, now: clock())) { _, new in new }
/// ```
public final class RateLimiter: Sendable {
    /// The header names usage is reported under.
    public let headers: RateLimitHeaderNames
    /// The vendor's answer to a refused request, before the rate-limit headers are added.
    public let exceeded: @Sendable (RateLimitUsage) -> EmulatorResponse
    private let ledger = Mutex(RateLimitLedger())

    /// Creates a limiter.
    /// - Parameters:
    ///   - headers: the header names (default `x-ratelimit-*`).
    ///   - exceeded: the answer to a refused request (default 429 `{"message", "code": "rate_limited"}`).
    public init(
        headers: RateLimitHeaderNames = .xRateLimit,
        exceeded: @escaping @Sendable (RateLimitUsage) -> EmulatorResponse = RateLimiter.defaultExceeded
    ) {
        self.headers = headers
        self.exceeded = exceeded
    }

    /// The default refusal: 429 `{"message": "rate limit exceeded ...", "code": "rate_limited"}`.
    public static let defaultExceeded: @Sendable (RateLimitUsage) -> EmulatorResponse = { usage in
        .json(
            [
                "message": .string("rate limit exceeded: \(usage.limit) requests per window for `\(usage.resource)`"),
                "code": "rate_limited",
            ],
            status: 429
        )
    }

    /// Counts one request; returns the usage to report.
    /// - Throws: ``RateLimitExceeded`` with the vendor's answer plus the usage headers and `Retry-After`.
    @discardableResult
    public func spend(caller: String, budget: RateLimitBudget, now: Double) throws(RateLimitExceeded) -> RateLimitUsage
    {
        let usage = ledger.withLock { $0.spend(caller: caller, budget: budget, now: now) }
        guard usage.exceeded else { return usage }
        throw refusal(usage, now: now)
    }

    /// The error for a refused usage: the vendor's answer with the usage headers and `Retry-After`.
    public func refusal(_ usage: RateLimitUsage, now: Double) -> RateLimitExceeded {
        var response = exceeded(usage)
        for (name, value) in usage.headers(headers, now: now) where response.headers[name] == nil {
            response.headers[name] = value
        }
        return RateLimitExceeded(usage: usage, response: response)
    }

    /// Gives back one request (e.g. a `304`).
    @discardableResult
    public func refund(caller: String, budget: RateLimitBudget) -> RateLimitUsage? {
        ledger.withLock { $0.refund(caller: caller, budget: budget) }
    }

    /// A caller's usage without counting.
    public func usage(caller: String, budget: RateLimitBudget, now: Double) -> RateLimitUsage {
        ledger.withLock { $0.usage(caller: caller, budget: budget, now: now) }
    }

    /// Forgets every window (call it from the emulator's reset).
    public func reset() {
        ledger.withLock { $0.clear() }
    }
}

/// A request refused by a rate limit; carries the vendor's answer.
public struct RateLimitExceeded: Error, Sendable, EmulatorResponseError {
    /// The usage that was spent.
    public var usage: RateLimitUsage
    /// The answer.
    public var response: EmulatorResponse

    /// Creates the error.
    public init(usage: RateLimitUsage, response: EmulatorResponse) {
        self.usage = usage
        self.response = response
    }
}
