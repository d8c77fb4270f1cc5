/// How a vendor writes the reset of its rate-limit window in `x-ratelimit-reset`.
public enum RateLimitResetStyle: Sendable, Hashable {
    /// Unix seconds when the window resets (GitHub, GitLab).
    case epochSeconds
    /// Seconds until the window resets (Datadog).
    case secondsLeft
}
