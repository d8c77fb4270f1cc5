/// What every caller spent of every budget, as a plain value: keep it in the emulator's state so a reset clears it,
/// or let a ``RateLimiter`` hold one.
public struct RateLimitLedger: Sendable {
    private struct Key: Hashable {
        var caller: String
        var resource: String
    }

    private struct Window {
        var used: Int
        var resetAt: Double
    }

    private var windows: [Key: Window] = [:]

    /// Creates an empty ledger.
    public init() {}

    /// Counts one request of `caller` against `budget` at `now`; refused (``RateLimitUsage/exceeded``, not counted)
    /// when the window's budget is spent. A window that has ended starts again.
    public mutating func spend(caller: String, budget: RateLimitBudget, now: Double) -> RateLimitUsage {
        let key = Key(caller: caller, resource: budget.resource)
        var window = live(key, budget: budget, now: now)
        let exceeded = window.used >= budget.limit
        if !exceeded { window.used += 1 }
        windows[key] = window
        return usage(window, budget: budget, exceeded: exceeded)
    }

    /// Gives back one request of `caller` (e.g. answered `304` from a cache); `nil` when there is no window.
    public mutating func refund(caller: String, budget: RateLimitBudget) -> RateLimitUsage? {
        let key = Key(caller: caller, resource: budget.resource)
        guard var window = windows[key] else { return nil }
        window.used = max(0, window.used - 1)
        windows[key] = window
        return usage(window, budget: budget, exceeded: false)
    }

    /// `caller`'s use of `budget` at `now`, without counting a request.
    public func usage(caller: String, budget: RateLimitBudget, now: Double) -> RateLimitUsage {
        usage(
            live(Key(caller: caller, resource: budget.resource), budget: budget, now: now),
            budget: budget,
            exceeded: false
        )
    }

    /// Spends all of `caller`'s budget (its next request is refused until the window ends), for tests.
    public mutating func exhaust(caller: String, budget: RateLimitBudget, now: Double) {
        var window = live(Key(caller: caller, resource: budget.resource), budget: budget, now: now)
        window.used = max(window.used, budget.limit)
        windows[Key(caller: caller, resource: budget.resource)] = window
    }

    /// Forgets every window.
    public mutating func clear() {
        windows = [:]
    }

    private func live(_ key: Key, budget: RateLimitBudget, now: Double) -> Window {
        if let window = windows[key], window.resetAt > now { return window }
        return Window(used: 0, resetAt: now + Double(budget.windowSeconds))
    }

    private func usage(_ window: Window, budget: RateLimitBudget, exceeded: Bool) -> RateLimitUsage {
        RateLimitUsage(
            resource: budget.resource,
            limit: budget.limit,
            used: window.used,
            resetAt: window.resetAt,
            exceeded: exceeded
        )
    }
}
