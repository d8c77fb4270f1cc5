/// Shared release logic for the seeding API and the REST handlers.
enum GitHubReleases {
    /// Inserts a release, creating its tag at `target` when the tag does not exist.
    /// - Throws: 422 when the tag already has a release or `target` does not resolve.
    static func insert(
        _ world: inout GitHubWorld,
        _ repository: inout RepositoryRecord,
        tag: String,
        target: String,
        name: String?,
        body: String?,
        draft: Bool,
        prerelease: Bool,
        author: String,
        now: Double
    ) throws(GitHubAPIError) -> Int {
        guard !tag.isEmpty else { throw .validation(resource: "Release", field: "tag_name", code: "missing_field") }
        if repository.releases.contains(where: { $0.tagName == tag }) {
            throw .validation(resource: "Release", field: "tag_name", code: "already_exists")
        }
        if repository.tags[tag] == nil, !draft {
            guard let sha = GitHubRefs.resolve(target, in: repository) else {
                throw .validation(resource: "Release", field: "target_commitish", code: "invalid")
            }
            repository.tags[tag] = sha
        }
        let id = world.makeID()
        let login = world.ensureUser(author).login
        // Keep creation order strictly increasing so "newest" is well defined for releases made in one second.
        let created = max(now, (repository.releases.map(\.createdAt).max() ?? 0) + 0.001)
        repository.releases.append(
            ReleaseRecord(
                id: id,
                tagName: tag,
                targetCommitish: target,
                name: name,
                body: body,
                draft: draft,
                prerelease: prerelease,
                author: login,
                createdAt: created,
                publishedAt: draft ? nil : created
            )
        )
        return id
    }

    /// Releases newest first (GitHub's list order).
    static func sorted(_ releases: [ReleaseRecord]) -> [ReleaseRecord] {
        releases.sorted { ($0.createdAt, $0.id) > ($1.createdAt, $1.id) }
    }

    /// The latest release: the newest that is neither a draft nor a prerelease.
    static func latest(_ releases: [ReleaseRecord]) -> ReleaseRecord? {
        sorted(releases).first { !$0.draft && !$0.prerelease }
    }
}
