/// How many requests a caller may make to one resource per window.
public struct RateLimitBudget: Sendable, Hashable {
    /// The resource the budget is for (`core`, `search`, `tier2`, ...), also the `resource` header's value.
    public var resource: String
    /// Requests allowed per window (0 = none).
    public var limit: Int
    /// The window length in seconds (at least 1); it starts at a caller's first request and resets when it ends.
    public var windowSeconds: Int

    /// Creates a budget (limits below 0 count as 0, windows below 1 s as 1 s).
    public init(resource: String = "default", limit: Int, windowSeconds: Int) {
        self.resource = resource
        self.limit = max(0, limit)
        self.windowSeconds = max(1, windowSeconds)
    }
}

/// One caller's use of a budget at a moment.
public struct RateLimitUsage: Sendable, Hashable {
    /// The resource.
    public var resource: String
    /// Requests allowed per window.
    public var limit: Int
    /// Requests counted in the current window.
    public var used: Int
    /// When the window ends, in seconds since 1970.
    public var resetAt: Double
    /// Whether this request was refused (the budget was spent).
    public var exceeded: Bool

    /// Creates a usage.
    public init(resource: String, limit: Int, used: Int, resetAt: Double, exceeded: Bool = false) {
        self.resource = resource
        self.limit = limit
        self.used = used
        self.resetAt = resetAt
        self.exceeded = exceeded
    }

    /// Requests left in the window.
    public var remaining: Int { max(0, limit - used) }

    /// Whole seconds until the window ends (at least 1), for `Retry-After`.
    public func retryAfter(now: Double) -> Int {
        let left = (resetAt - now).rounded(.up)
        guard left.isFinite, left < Double(Int.max) else { return 1 }
        return max(1, Int(left))
    }

    /// The headers that report this usage under `names` (with `Retry-After` when ``exceeded``).
    public func headers(_ names: RateLimitHeaderNames, now: Double) -> [String: String] {
        var headers: [String: String] = [:]
        if let name = names.limit { headers[name] = String(limit) }
        if let name = names.remaining { headers[name] = String(remaining) }
        if let name = names.used { headers[name] = String(used) }
        if let name = names.resource { headers[name] = resource }
        if let name = names.reset {
            switch names.resetStyle {
            case .epochSeconds: headers[name] = String(Int(resetAt.rounded(.down)))
            case .secondsLeft: headers[name] = String(max(0, Int((resetAt - now).rounded(.up))))
            }
        }
        if exceeded, let name = names.retryAfter { headers[name] = String(retryAfter(now: now)) }
        return headers
    }
}
