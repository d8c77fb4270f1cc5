import EmulatorKit

/// What a configured token may do in the emulator.
public struct GitHubTokenGrant: Sendable, Hashable {
    /// The user the token belongs to.
    public var login: String
    /// Whether writes are allowed (a read-only token gets `403 Resource not accessible by personal access token`).
    public var canWrite: Bool
    /// Repositories (`owner/name`) the token can see; `nil` = all (others answer 404, as GitHub does).
    public var repositories: Set<String>?

    /// Creates a grant.
    public init(login: String, canWrite: Bool = true, repositories: Set<String>? = nil) {
        self.login = login
        self.canWrite = canWrite
        self.repositories = repositories.map { Set($0.map { $0.lowercased() }) }
    }

    /// The grant as EmulatorKit registers it: a `user` caller with scope `read` (and `write`).
    var callerGrant: CallerGrant {
        CallerGrant(
            subject: login,
            kind: "user",
            scopes: AuthenticatedCaller.scopes(canWrite: canWrite),
            resources: repositories
        )
    }
}
