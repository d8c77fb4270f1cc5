/// Pull-request git logic: changed files, commits, merging.
enum GitHubPulls {
    /// The base the pull request's changes are computed against: its merge base with the base branch.
    static func mergeBase(_ pull: PullRecord, in repository: RepositoryRecord) -> String? {
        guard let base = repository.branches[pull.baseRef] else { return nil }
        return GitHubRefs.mergeBase(base, pull.headSHA, in: repository)
    }

    /// Files the pull request changes (merge base → head).
    static func changes(_ pull: PullRecord, in repository: RepositoryRecord) -> [GitObjects.FileChange] {
        guard let head = repository.commits[pull.headSHA] else { return [] }
        if pull.merged, let base = pull.mergeCommitSHA.flatMap({ repository.commits[$0]?.parents.first }),
            let baseFiles = repository.commits[base]?.files
        {
            return GitObjects.changes(from: baseFiles, to: head.files)
        }
        let baseFiles = mergeBase(pull, in: repository).flatMap { repository.commits[$0]?.files } ?? [:]
        return GitObjects.changes(from: baseFiles, to: head.files)
    }

    /// Commits on the head that the base does not have.
    static func commits(_ pull: PullRecord, in repository: RepositoryRecord) -> [CommitRecord] {
        guard let base = pull.merged ? mergeBase(pull, in: repository) : repository.branches[pull.baseRef] else {
            return []
        }
        return GitHubRefs.commits(from: base, to: pull.headSHA, in: repository)
    }

    /// Merges: applies the head's changes to the base branch as a new commit (two parents for `merge`, one for
    /// `squash`/`rebase`); returns the new sha.
    static func merge(
        _ world: inout GitHubWorld,
        _ repository: inout RepositoryRecord,
        number: Int,
        method: String,
        title: String,
        message: String?,
        by login: String,
        now: Double
    ) -> String? {
        guard var pull = repository.pulls[number],
            let baseSHA = repository.branches[pull.baseRef],
            let baseCommit = repository.commits[baseSHA],
            let head = repository.commits[pull.headSHA]
        else { return nil }
        var files = baseCommit.files
        let mergeBaseFiles = mergeBase(pull, in: repository).flatMap { repository.commits[$0]?.files } ?? [:]
        for change in GitObjects.changes(from: mergeBaseFiles, to: head.files) {
            files[change.path] = head.files[change.path]
        }
        let fullMessage = [title, message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: "\n\n")
        let sha = GitHubState.addCommit(
            &world,
            &repository,
            parent: baseSHA,
            extraParents: method == "merge" ? [pull.headSHA] : [],
            files: files,
            message: fullMessage,
            author: login,
            date: now
        )
        repository.branches[pull.baseRef] = sha
        pull.merged = true
        pull.mergedAt = now
        pull.mergedBy = login
        pull.mergeCommitSHA = sha
        repository.pulls[number] = pull
        repository.issues[number]?.state = "closed"
        repository.issues[number]?.closedAt = now
        repository.issues[number]?.updatedAt = now
        repository.updatedAt = now
        return sha
    }
}
