public import WorkerKit

extension WorkerError.Code {
    /// GitHub answered 401: the token is missing, wrong, expired or revoked (or the App JWT was refused).
    public static let githubUnauthorized = WorkerError.Code("github_unauthorized")
    /// GitHub answered 403: the credentials lack a permission, or the repository blocks the change.
    public static let githubForbidden = WorkerError.Code("github_forbidden")
    /// GitHub answered 404: the repository or object does not exist, or the credentials cannot see it.
    public static let githubNotFound = WorkerError.Code("github_not_found")
    /// GitHub answered 409: the change conflicts with the object's state.
    public static let githubConflict = WorkerError.Code("github_conflict")
    /// `pulls.merge`: the pull request's head is no longer `expected_head_sha` (GitHub's 409).
    public static let githubHeadChanged = WorkerError.Code("github_head_changed")
    /// `pulls.merge`: GitHub refuses to merge (405: not mergeable, checks or reviews missing, conflicts).
    public static let githubNotMergeable = WorkerError.Code("github_not_mergeable")
    /// GitHub answered 422: the request is invalid; GitHub's `errors` are in the message.
    public static let githubValidationFailed = WorkerError.Code("github_validation_failed")
    /// GitHub's primary or secondary rate limit is exhausted (429, or 403 with `x-ratelimit-remaining: 0` or
    /// `retry-after`); retryable after the reset time in the message.
    public static let githubRateLimited = WorkerError.Code("github_rate_limited")
    /// GitHub answered 5xx or could not be reached; retryable.
    public static let githubUnavailable = WorkerError.Code("github_unavailable")
    /// GitHub did not answer within the request timeout; retryable.
    public static let githubTimeout = WorkerError.Code("github_timeout")
    /// Any other GitHub failure (an unexpected status, an answer that is not JSON, a next-page link to another
    /// host).
    public static let githubError = WorkerError.Code("github_error")
    /// The repository is not permitted by `ALLOWED_REPOS`/`DENIED_REPOS` or the profile's lists.
    public static let repoNotAllowed = WorkerError.Code("repo_not_allowed")
    /// The action is not permitted by `ALLOW_ACTIONS`/`DENY_ACTIONS` or the profile's lists, or is destructive
    /// and not enabled by name.
    public static let actionNotAllowed = WorkerError.Code("action_not_allowed")
}
