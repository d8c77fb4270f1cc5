import EmulatorKit

/// The emulated GitHub: every repository, user, credential, app and installation, and the rate-limit windows, as
/// plain values guarded by ``GitHubState`` (a reset forgets them all).
struct GitHubWorld: Sendable {
    var users: [String: UserRecord] = [:]
    var repositories: [String: RepositoryRecord] = [:]
    /// Personal access tokens and installation tokens (`Authorization: Bearer|token <token>`).
    var credentials = CredentialRegistry()
    var apps: [Int: AppRecord] = [:]
    var installations: [Int: InstallationRecord] = [:]
    var rateLimits = RateLimitLedger()
    var nextID = 1000
    var counter = 0

    mutating func makeID() -> Int {
        nextID += 1
        return nextID
    }

    /// The repository key: `owner/name` lower-cased (GitHub names are case-insensitive).
    static func key(_ fullName: String) -> String { fullName.lowercased() }

    mutating func ensureUser(_ login: String, type: String = "User") -> UserRecord {
        if let user = users[login.lowercased()] { return user }
        let user = UserRecord(id: makeID(), login: login, type: type)
        users[login.lowercased()] = user
        return user
    }
}

struct UserRecord: Sendable {
    var id: Int
    var login: String
    var type: String
}

struct CommitRecord: Sendable {
    var sha: String
    var treeSHA: String
    var message: String
    var parents: [String]
    var files: [String: [UInt8]]
    var author: String
    var date: Double
}

struct LabelRecord: Sendable {
    var id: Int
    var name: String
    var color: String
    var description: String?
    var isDefault: Bool
}

struct IssueRecord: Sendable {
    var id: Int
    var number: Int
    var title: String
    var body: String?
    var state: String
    var stateReason: String?
    var labels: [String]
    var assignees: [String]
    var author: String
    var createdAt: Double
    var updatedAt: Double
    var closedAt: Double?
    var comments: Int
    var locked: Bool
    var isPull: Bool
}

struct PullRecord: Sendable {
    var number: Int
    var headRef: String
    var headSHA: String
    var baseRef: String
    var draft: Bool
    var mergeable: Bool
    var merged: Bool
    var mergedAt: Double?
    var mergedBy: String?
    var mergeCommitSHA: String?
}

struct CommentRecord: Sendable {
    var id: Int
    var issueNumber: Int
    var body: String
    var author: String
    var createdAt: Double
    var updatedAt: Double
}

struct ReviewRecord: Sendable {
    var id: Int
    var pullNumber: Int
    var body: String
    var state: String
    var author: String
    var commitID: String
    var submittedAt: Double?
}

struct CheckRunRecord: Sendable {
    var id: Int
    var headSHA: String
    var name: String
    var status: String
    var conclusion: String?
    var startedAt: Double
    var completedAt: Double?
    var title: String?
    var summary: String?
    var detailsURL: String?
    var suiteID: Int
}

struct StatusRecord: Sendable {
    var id: Int
    var sha: String
    var context: String
    var state: String
    var description: String?
    var targetURL: String?
    var creator: String
    var createdAt: Double
}

struct ReleaseRecord: Sendable {
    var id: Int
    var tagName: String
    var targetCommitish: String
    var name: String?
    var body: String?
    var draft: Bool
    var prerelease: Bool
    var author: String
    var createdAt: Double
    var publishedAt: Double?
}

struct RepositoryRecord: Sendable {
    var id: Int
    var owner: String
    var name: String
    var isPrivate: Bool
    var description: String?
    var defaultBranch: String
    var createdAt: Double
    var updatedAt: Double
    var branches: [String: String] = [:]
    var tags: [String: String] = [:]
    var commits: [String: CommitRecord] = [:]
    var labels: [String: LabelRecord] = [:]
    var issues: [Int: IssueRecord] = [:]
    var pulls: [Int: PullRecord] = [:]
    var comments: [CommentRecord] = []
    var reviews: [ReviewRecord] = []
    var checkRuns: [CheckRunRecord] = []
    var statuses: [StatusRecord] = []
    var releases: [ReleaseRecord] = []
    var nextNumber = 1

    var fullName: String { "\(owner)/\(name)" }
}

struct AppRecord: Sendable {
    var id: Int
    var slug: String
    var name: String
    var owner: String
    var publicKeyPEM: String
    var permissions: [String: String]
    var createdAt: Double
}

struct InstallationRecord: Sendable {
    var id: Int
    var appID: Int
    var account: String
    /// Repository full names (lower-cased), or `nil` for all of the account's repositories.
    var repositories: Set<String>?
    var permissions: [String: String]
    var createdAt: Double
}
