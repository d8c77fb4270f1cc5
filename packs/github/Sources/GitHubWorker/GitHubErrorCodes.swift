public import WorkerKit

extension WorkerError.Code {
    /// `pulls.merge`: the pull request's head is no longer `expected_head_sha` (GitHub's 409).
    public static let githubHeadChanged = WorkerError.Code("github_head_changed")
    /// `pulls.merge`: GitHub refuses to merge (405: not mergeable, checks or reviews missing, conflicts).
    public static let githubNotMergeable = WorkerError.Code("github_not_mergeable")
}

extension WorkerError.Code {
    /// The shared ``unauthorized`` under its former GitHub name, still used by the App JWT signer
    /// (`Auth/GitHubAppJWT.swift`); remove once that signer moves to WorkerKit's.
    static let githubUnauthorized = WorkerError.Code.unauthorized
}
