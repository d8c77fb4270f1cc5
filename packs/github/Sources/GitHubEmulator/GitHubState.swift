public import EmulatorKit
import Foundation
public import StructuredData

/// The emulator's in-memory GitHub, with the Swift API tests use to seed it and read it back. Thread-safe.
public final class GitHubState: ResettableState {
    let storage: EmulatorState<GitHubWorld>
    /// The wall clock: seconds since 1970 now.
    public static let systemClock: @Sendable () -> Double = { Date().timeIntervalSince1970 }
    let clock: @Sendable () -> Double

    /// Creates state that ``reset()`` puts back to what `seed` makes.
    /// - Throws: the seed's error when it fails.
    /// - Parameters:
    ///   - clock: the current time in seconds since 1970 (tests may pin it).
    ///   - seed: fills a fresh world through the seeding API.
    public init(
        clock: @escaping @Sendable () -> Double = GitHubState.systemClock,
        seed: @escaping @Sendable (GitHubState) throws -> Void = { _ in }
    ) throws {
        self.clock = clock
        self.storage = EmulatorState { GitHubWorld() }
        self.seed = seed
        try reset()
    }

    private let seed: @Sendable (GitHubState) throws -> Void

    /// Puts the world back to the seed (every change, token and rate-limit count forgotten).
    /// - Throws: the seed's error when it fails (the world is then empty, never half-seeded by a crash).
    public func reset() throws {
        try storage.reset { try seed(self) }
    }

    func mutate<Result: Sendable>(
        _ body: (inout GitHubWorld) throws(GitHubSeedError) -> Result
    ) throws(GitHubSeedError) -> Result {
        try storage.withLock(body)
    }

    func repository(
        _ world: inout GitHubWorld,
        _ fullName: String
    ) throws(GitHubSeedError) -> RepositoryRecord {
        guard let repository = world.repositories[GitHubWorld.key(fullName)] else {
            throw GitHubSeedError("no repository `\(fullName)`; create it with createRepository first")
        }
        return repository
    }

    // MARK: Users and tokens

    /// Adds a user (no-op when it exists).
    public func createUser(_ login: String) {
        storage.withLock { world in _ = world.ensureUser(login) }
    }

    /// Accepts `token` as `Authorization: Bearer <token>` / `token <token>` for `grant`.
    public func addToken(_ token: String, grant: GitHubTokenGrant) {
        storage.withLock { world in
            _ = world.ensureUser(grant.login)
            world.credentials.register(.token(token), grant.callerGrant)
        }
    }

    /// Stops accepting a token (a personal access token or an installation token).
    public func revokeToken(_ token: String) {
        storage.withLock { world in world.credentials.revoke(.token(token)) }
    }

    // MARK: Repositories and git data

    /// Creates a repository with one commit holding `files` on `defaultBranch`.
    /// - Throws: when `fullName` is not `owner/name` or the repository exists.
    @discardableResult
    public func createRepository(
        _ fullName: String,
        defaultBranch: String = "main",
        files: [String: String] = ["README.md": "# Project\n"],
        description: String? = nil,
        private isPrivate: Bool = false
    ) throws(GitHubSeedError) -> Int {
        let parts = fullName.split(separator: "/")
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
            throw GitHubSeedError("repository name `\(fullName)` must be `owner/name`")
        }
        let now = clock()
        return try mutate { world throws(GitHubSeedError) in
            guard world.repositories[GitHubWorld.key(fullName)] == nil else {
                throw GitHubSeedError("repository `\(fullName)` already exists")
            }
            let owner = world.ensureUser(String(parts[0]), type: "Organization")
            var repository = RepositoryRecord(
                id: world.makeID(),
                owner: owner.login,
                name: String(parts[1]),
                isPrivate: isPrivate,
                description: description,
                defaultBranch: defaultBranch,
                createdAt: now,
                updatedAt: now
            )
            let sha = Self.addCommit(
                &world,
                &repository,
                parent: nil,
                files: files.mapValues { Array($0.utf8) },
                message: "Initial commit",
                author: owner.login,
                date: now
            )
            repository.branches[defaultBranch] = sha
            world.repositories[GitHubWorld.key(fullName)] = repository
            return repository.id
        }
    }

    static func addCommit(
        _ world: inout GitHubWorld,
        _ repository: inout RepositoryRecord,
        parent: String?,
        extraParents: [String] = [],
        files: [String: [UInt8]],
        message: String,
        author: String,
        date: Double
    ) -> String {
        world.counter += 1
        let tree = GitObjects.treeSHA(files)
        let parents = (parent.map { [$0] } ?? []) + extraParents
        let sha = GitObjects.commitSHA(
            tree: tree,
            parents: parents,
            message: message,
            date: date,
            counter: world.counter
        )
        repository.commits[sha] = CommitRecord(
            sha: sha,
            treeSHA: tree,
            message: message,
            parents: parents,
            files: files,
            author: author,
            date: date
        )
        return sha
    }

    /// Creates a branch at the tip of `from` (a branch, tag or sha; default: the default branch); returns its sha.
    @discardableResult
    public func createBranch(_ repo: String, name: String, from: String? = nil) throws(GitHubSeedError) -> String {
        try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            guard repository.branches[name] == nil else {
                throw GitHubSeedError("branch `\(name)` already exists in \(repo)")
            }
            let start = from ?? repository.defaultBranch
            guard let sha = GitHubRefs.resolve(start, in: repository) else {
                throw GitHubSeedError("`\(start)` is not a branch, tag or commit of \(repo)")
            }
            repository.branches[name] = sha
            world.repositories[GitHubWorld.key(repo)] = repository
            return sha
        }
    }

    /// Commits file changes on a branch (a `nil` content deletes the file); open pull requests from that branch
    /// follow the new head. Returns the new sha.
    @discardableResult
    public func commit(
        _ repo: String,
        branch: String,
        files: [String: String?],
        message: String,
        author: String? = nil
    ) throws(GitHubSeedError) -> String {
        let now = clock()
        return try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            guard let parent = repository.branches[branch], let base = repository.commits[parent] else {
                throw GitHubSeedError("no branch `\(branch)` in \(repo)")
            }
            var snapshot = base.files
            for (path, content) in files { snapshot[path] = content.map { Array($0.utf8) } }
            let sha = Self.addCommit(
                &world,
                &repository,
                parent: parent,
                files: snapshot,
                message: message,
                author: author ?? repository.owner,
                date: now
            )
            repository.branches[branch] = sha
            for (number, pull) in repository.pulls where pull.headRef == branch && !pull.merged {
                repository.pulls[number]?.headSHA = sha
            }
            repository.updatedAt = now
            world.repositories[GitHubWorld.key(repo)] = repository
            return sha
        }
    }

    // MARK: Issues, labels, comments

    /// Creates a label (colour without `#`).
    public func createLabel(
        _ repo: String,
        name: String,
        color: String = "ededed",
        description: String? = nil
    ) throws(GitHubSeedError) {
        try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            repository.labels[name.lowercased()] = LabelRecord(
                id: world.makeID(),
                name: name,
                color: color,
                description: description,
                isDefault: false
            )
            world.repositories[GitHubWorld.key(repo)] = repository
        }
    }

    /// Creates an issue; labels are created when missing. Returns its number.
    @discardableResult
    public func createIssue(
        _ repo: String,
        title: String,
        body: String? = nil,
        labels: [String] = [],
        assignees: [String] = [],
        author: String? = nil,
        state: String = "open"
    ) throws(GitHubSeedError) -> Int {
        guard state == "open" || state == "closed" else {
            throw GitHubSeedError("issue state `\(state)` must be `open` or `closed`")
        }
        let now = clock()
        return try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            let number = GitHubIssues.insertIssue(
                &world,
                &repository,
                title: title,
                body: body,
                labels: labels,
                assignees: assignees,
                author: author ?? repository.owner,
                isPull: false,
                now: now
            )
            if state == "closed" {
                repository.issues[number]?.state = "closed"
                repository.issues[number]?.stateReason = "completed"
                repository.issues[number]?.closedAt = now
            }
            world.repositories[GitHubWorld.key(repo)] = repository
            return number
        }
    }

    /// Adds a comment to an issue or pull request; returns the comment id.
    @discardableResult
    public func addComment(
        _ repo: String,
        issue number: Int,
        body: String,
        author: String? = nil
    ) throws(GitHubSeedError) -> Int {
        let now = clock()
        return try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            guard repository.issues[number] != nil else { throw GitHubSeedError("no issue #\(number) in \(repo)") }
            let login = world.ensureUser(author ?? repository.owner).login
            let id = world.makeID()
            repository.comments.append(
                CommentRecord(id: id, issueNumber: number, body: body, author: login, createdAt: now, updatedAt: now)
            )
            repository.issues[number]?.comments += 1
            world.repositories[GitHubWorld.key(repo)] = repository
            return id
        }
    }

    // MARK: Pull requests, reviews, checks

    /// Opens a pull request from `head` into `base` (both branches of the repository); returns its number.
    @discardableResult
    public func createPullRequest(
        _ repo: String,
        title: String,
        head: String,
        base: String,
        body: String? = nil,
        draft: Bool = false,
        mergeable: Bool = true,
        author: String? = nil
    ) throws(GitHubSeedError) -> Int {
        let now = clock()
        return try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            guard let headSHA = repository.branches[head] else {
                throw GitHubSeedError("no branch `\(head)` in \(repo)")
            }
            guard repository.branches[base] != nil else { throw GitHubSeedError("no branch `\(base)` in \(repo)") }
            let number = GitHubIssues.insertIssue(
                &world,
                &repository,
                title: title,
                body: body,
                labels: [],
                assignees: [],
                author: author ?? repository.owner,
                isPull: true,
                now: now
            )
            repository.pulls[number] = PullRecord(
                number: number,
                headRef: head,
                headSHA: headSHA,
                baseRef: base,
                draft: draft,
                mergeable: mergeable,
                merged: false
            )
            world.repositories[GitHubWorld.key(repo)] = repository
            return number
        }
    }

    /// Makes a pull request mergeable or not (not mergeable: merge answers 405).
    public func setMergeable(_ repo: String, pull number: Int, _ mergeable: Bool) throws(GitHubSeedError) {
        try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            guard repository.pulls[number] != nil else {
                throw GitHubSeedError("no pull request #\(number) in \(repo)")
            }
            repository.pulls[number]?.mergeable = mergeable
            world.repositories[GitHubWorld.key(repo)] = repository
        }
    }

    /// Adds a submitted review (`APPROVED`, `CHANGES_REQUESTED`, `COMMENTED`) on the current head; returns its id.
    @discardableResult
    public func addReview(
        _ repo: String,
        pull number: Int,
        state: String,
        body: String = "",
        author: String
    ) throws(GitHubSeedError) -> Int {
        guard ["APPROVED", "CHANGES_REQUESTED", "COMMENTED", "PENDING", "DISMISSED"].contains(state) else {
            throw GitHubSeedError(
                "review state `\(state)` must be APPROVED, CHANGES_REQUESTED, COMMENTED, PENDING or DISMISSED"
            )
        }
        let now = clock()
        return try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            guard let pull = repository.pulls[number] else {
                throw GitHubSeedError("no pull request #\(number) in \(repo)")
            }
            let login = world.ensureUser(author).login
            let id = world.makeID()
            repository.reviews.append(
                ReviewRecord(
                    id: id,
                    pullNumber: number,
                    body: body,
                    state: state,
                    author: login,
                    commitID: pull.headSHA,
                    submittedAt: state == "PENDING" ? nil : now
                )
            )
            world.repositories[GitHubWorld.key(repo)] = repository
            return id
        }
    }

    /// Adds a check run on a commit (`status` queued/in_progress/completed; `conclusion` for completed ones).
    @discardableResult
    public func addCheckRun(
        _ repo: String,
        sha: String,
        name: String,
        status: String = "completed",
        conclusion: String? = "success",
        title: String? = nil,
        summary: String? = nil
    ) throws(GitHubSeedError) -> Int {
        guard ["queued", "in_progress", "completed", "waiting", "requested", "pending"].contains(status) else {
            throw GitHubSeedError("check run status `\(status)` must be queued, in_progress or completed")
        }
        let now = clock()
        return try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            guard let resolved = GitHubRefs.resolve(sha, in: repository) else {
                throw GitHubSeedError("`\(sha)` is not a commit of \(repo)")
            }
            let id = world.makeID()
            repository.checkRuns.append(
                CheckRunRecord(
                    id: id,
                    headSHA: resolved,
                    name: name,
                    status: status,
                    conclusion: status == "completed" ? conclusion : nil,
                    startedAt: now,
                    completedAt: status == "completed" ? now : nil,
                    title: title,
                    summary: summary,
                    detailsURL: nil,
                    suiteID: world.makeID()
                )
            )
            world.repositories[GitHubWorld.key(repo)] = repository
            return id
        }
    }

    /// Adds a commit status (`error`, `failure`, `pending`, `success`).
    @discardableResult
    public func addStatus(
        _ repo: String,
        sha: String,
        context: String,
        state: String,
        description: String? = nil,
        targetURL: String? = nil
    ) throws(GitHubSeedError) -> Int {
        guard ["error", "failure", "pending", "success"].contains(state) else {
            throw GitHubSeedError("status state `\(state)` must be error, failure, pending or success")
        }
        let now = clock()
        return try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            guard let resolved = GitHubRefs.resolve(sha, in: repository) else {
                throw GitHubSeedError("`\(sha)` is not a commit of \(repo)")
            }
            let id = world.makeID()
            repository.statuses.append(
                StatusRecord(
                    id: id,
                    sha: resolved,
                    context: context,
                    state: state,
                    description: description,
                    targetURL: targetURL,
                    creator: repository.owner,
                    createdAt: now
                )
            )
            world.repositories[GitHubWorld.key(repo)] = repository
            return id
        }
    }

    // MARK: Releases

    /// Creates a release (and its tag at `target`, default the default branch); returns the release id.
    @discardableResult
    public func createRelease(
        _ repo: String,
        tag: String,
        name: String? = nil,
        body: String? = nil,
        draft: Bool = false,
        prerelease: Bool = false,
        target: String? = nil,
        author: String? = nil
    ) throws(GitHubSeedError) -> Int {
        let now = clock()
        return try mutate { world throws(GitHubSeedError) in
            var repository = try repository(&world, repo)
            do throws(GitHubAPIError) {
                let id = try GitHubReleases.insert(
                    &world,
                    &repository,
                    tag: tag,
                    target: target ?? repository.defaultBranch,
                    name: name,
                    body: body,
                    draft: draft,
                    prerelease: prerelease,
                    author: author ?? repository.owner,
                    now: now
                )
                world.repositories[GitHubWorld.key(repo)] = repository
                return id
            } catch {
                throw GitHubSeedError(
                    "cannot create release `\(tag)` in \(repo): \(error.errors.first.map { JSONEncoding.compact($0) } ?? error.message)"
                )
            }
        }
    }

    // MARK: Apps

    /// Registers a GitHub App by id with its RSA public key (PEM); JWTs it signs can then mint installation tokens.
    /// - Throws: when the key is not an RSA public key in PEM.
    public func registerApp(
        id: Int,
        slug: String,
        publicKeyPEM: String,
        owner: String = "acme",
        permissions: [String: String] = [
            "contents": "write", "issues": "write", "pull_requests": "write", "checks": "read", "metadata": "read",
        ]
    ) throws(GitHubSeedError) {
        do {
            try JWTVerifier.Key.rsa(pem: publicKeyPEM).validate()
        } catch {
            throw GitHubSeedError(
                "app \(id): `publicKeyPEM` \(error.message.replacingOccurrences(of: "the key ", with: ""))"
            )
        }
        let now = clock()
        storage.withLock { world in
            _ = world.ensureUser(owner, type: "Organization")
            world.apps[id] = AppRecord(
                id: id,
                slug: slug,
                name: slug,
                owner: owner,
                publicKeyPEM: publicKeyPEM,
                permissions: permissions,
                createdAt: now
            )
        }
    }

    /// Installs a registered app on an account, for all its repositories (`repositories: nil`) or some.
    public func addInstallation(
        id: Int,
        appID: Int,
        account: String,
        repositories: [String]? = nil
    ) throws(GitHubSeedError) {
        let now = clock()
        try mutate { world throws(GitHubSeedError) in
            guard let app = world.apps[appID] else { throw GitHubSeedError("no app \(appID); register it first") }
            _ = world.ensureUser(account, type: "Organization")
            world.installations[id] = InstallationRecord(
                id: id,
                appID: appID,
                account: account,
                repositories: repositories.map { Set($0.map { $0.lowercased() }) },
                permissions: app.permissions,
                createdAt: now
            )
        }
    }

    // MARK: Rate limits

    /// Uses up the rate-limit budget of a token for a resource (`core` or `search`): its next request answers 403.
    public func exhaustRateLimit(token: String, resource: String = "core", limit: Int) {
        let now = clock()
        let credential = PresentedCredential.token(token)
        storage.withLock { world in
            let grant = world.credentials.grant(for: credential) ?? CallerGrant(subject: "")
            let caller = AuthenticatedCaller(
                grant: grant,
                credentialKind: credential.kind,
                fingerprint: credential.fingerprint
            )
            world.rateLimits.exhaust(
                caller: caller.budgetKey,
                budget: RateLimitBudget(resource: resource, limit: limit, windowSeconds: 3600),
                now: now
            )
        }
    }

    // MARK: Reading back

    /// The sha a branch points at.
    public func branchSHA(_ repo: String, _ branch: String) -> String? {
        storage.withLock { $0.repositories[GitHubWorld.key(repo)]?.branches[branch] }
    }

    /// Every branch and its sha.
    public func branches(_ repo: String) -> [String: String] {
        storage.withLock { $0.repositories[GitHubWorld.key(repo)]?.branches ?? [:] }
    }

    /// An issue (or a pull request's issue) as the API answers it.
    public func issue(_ repo: String, _ number: Int, baseURL: String = "http://127.0.0.1") -> JSONValue? {
        storage.withLock { world in
            guard let repository = world.repositories[GitHubWorld.key(repo)],
                let issue = repository.issues[number]
            else { return nil }
            return GitHubJSON(baseURL: baseURL, world: world).issue(issue, in: repository)
        }
    }

    /// A pull request as `GET /repos/{o}/{r}/pulls/{n}` answers it.
    public func pull(_ repo: String, _ number: Int, baseURL: String = "http://127.0.0.1") -> JSONValue? {
        storage.withLock { world in
            guard let repository = world.repositories[GitHubWorld.key(repo)],
                let pull = repository.pulls[number]
            else { return nil }
            return GitHubJSON(baseURL: baseURL, world: world).pull(pull, in: repository, full: true)
        }
    }

    /// The comments on an issue, oldest first.
    public func comments(_ repo: String, issue number: Int, baseURL: String = "http://127.0.0.1") -> [JSONValue] {
        storage.withLock { world in
            guard let repository = world.repositories[GitHubWorld.key(repo)] else { return [] }
            let json = GitHubJSON(baseURL: baseURL, world: world)
            return repository.comments.filter { $0.issueNumber == number }.map { json.comment($0, in: repository) }
        }
    }

    /// Every release, newest first.
    public func releases(_ repo: String, baseURL: String = "http://127.0.0.1") -> [JSONValue] {
        storage.withLock { world in
            guard let repository = world.repositories[GitHubWorld.key(repo)] else { return [] }
            let json = GitHubJSON(baseURL: baseURL, world: world)
            return GitHubReleases.sorted(repository.releases).map { json.release($0, in: repository) }
        }
    }

    /// A file's text at a branch, tag or sha (default: the default branch).
    public func fileContents(_ repo: String, path: String, ref: String? = nil) -> String? {
        storage.withLock { world in
            guard let repository = world.repositories[GitHubWorld.key(repo)],
                let sha = GitHubRefs.resolve(ref ?? repository.defaultBranch, in: repository),
                let bytes = repository.commits[sha]?.files[path]
            else { return nil }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
}
