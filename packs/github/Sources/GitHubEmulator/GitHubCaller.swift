import EmulatorKit

/// GitHub's view of an ``AuthenticatedCaller``: kinds `user` (a personal access token), `installation` (an
/// installation token), `app` (a verified app JWT) and `anonymous`; scope `write` allows writes.
extension AuthenticatedCaller {
    /// The caller of requests without credentials when anonymous access is allowed.
    static let ghost = AuthenticatedCaller.anonymous(subject: "ghost")

    /// The login GitHub shows (`octocat`, `my-app[bot]`).
    var login: String { subject }

    /// Whether the caller may write.
    var canWrite: Bool { has(scope: "write") }

    /// The app id of an app JWT caller.
    var appID: Int? { kind == "app" ? attributes["app_id"].flatMap { Int($0) } : nil }

    /// The 403 a caller without write access gets.
    var forbidden: GitHubAPIError {
        switch kind {
        case "installation", "app":
            return GitHubAPIError(status: 403, message: "Resource not accessible by integration")
        case "anonymous": return GitHubAPIError(status: 401, message: "Requires authentication")
        default: return GitHubAPIError(status: 403, message: "Resource not accessible by personal access token")
        }
    }

    /// The scopes of a token that may or may not write.
    static func scopes(canWrite: Bool) -> Set<String> {
        canWrite ? ["read", "write"] : ["read"]
    }
}
