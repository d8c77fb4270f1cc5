import EmulatorKit

/// The primary rate-limit budgets the emulator enforces per credential.
public struct GitHubRateLimitBudget: Sendable, Hashable {
    /// Requests per window for the `core` resource (REST).
    public var core: Int
    /// Requests per window for the `search` resource.
    public var search: Int
    /// Requests per window without credentials (when anonymous access is allowed).
    public var anonymous: Int
    /// The `core` window length in seconds.
    public var coreWindowSeconds: Int
    /// The `search` window length in seconds.
    public var searchWindowSeconds: Int

    /// Creates budgets (GitHub's defaults: 5000/hour core, 30/minute search, 60/hour anonymous).
    public init(
        core: Int = 5000,
        search: Int = 30,
        anonymous: Int = 60,
        coreWindowSeconds: Int = 3600,
        searchWindowSeconds: Int = 60
    ) {
        self.core = core
        self.search = search
        self.anonymous = anonymous
        self.coreWindowSeconds = coreWindowSeconds
        self.searchWindowSeconds = searchWindowSeconds
    }

    /// GitHub's rate-limit headers: `x-ratelimit-limit`, `-remaining`, `-used`, `-reset` (epoch seconds),
    /// `-resource`.
    static let headers = RateLimitHeaderNames.xRateLimit

    /// The budget a caller spends on a resource (`core` or `search`); anonymous callers have one budget.
    func budget(for caller: AuthenticatedCaller, resource: String) -> RateLimitBudget {
        if caller.isAnonymous {
            return RateLimitBudget(resource: resource, limit: anonymous, windowSeconds: coreWindowSeconds)
        }
        return resource == "search"
            ? RateLimitBudget(resource: resource, limit: search, windowSeconds: searchWindowSeconds)
            : RateLimitBudget(resource: resource, limit: core, windowSeconds: coreWindowSeconds)
    }
}
