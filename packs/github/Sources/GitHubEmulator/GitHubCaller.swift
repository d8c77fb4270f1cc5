/// Who is calling, as the emulator's auth resolved it.
struct GitHubCaller: Sendable {
    enum Kind: Sendable, Equatable {
        case user
        case installation(Int)
        case app(Int)
        case anonymous
    }

    var kind: Kind
    var login: String
    var canWrite: Bool
    /// Visible repositories (lower-cased full names); `nil` = all.
    var repositories: Set<String>?
    /// The key of the caller's rate-limit budget.
    var rateKey: String

    @TaskLocal static var current = GitHubCaller(
        kind: .anonymous,
        login: "ghost",
        canWrite: false,
        repositories: nil,
        rateKey: "anonymous"
    )

    func canSee(_ fullName: String) -> Bool {
        repositories?.contains(fullName.lowercased()) ?? true
    }

    /// The 403 a caller without write access gets.
    var forbidden: GitHubAPIError {
        switch kind {
        case .installation, .app: return GitHubAPIError(status: 403, message: "Resource not accessible by integration")
        case .anonymous: return GitHubAPIError(status: 401, message: "Requires authentication")
        default: return GitHubAPIError(status: 403, message: "Resource not accessible by personal access token")
        }
    }
}
