import EmulatorKit
import StructuredData

extension GitHubAPI {
    func addReleaseRoutes(_ router: inout EmulatorRouter) {
        router.add("GET", "/repos/{owner}/{repo}/releases") { request, parameters in
            try readRepository(parameters) { world, repository in
                let rendered = json(baseURL: request.baseURL, world: world)
                let releases = GitHubReleases.sorted(repository.releases).map { rendered.release($0, in: repository) }
                return Pagination.page(releases, request: request).response()
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/releases/latest") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                guard let latest = GitHubReleases.latest(repository.releases) else { throw GitHubAPIError.notFound }
                return .json(json(baseURL: request.baseURL, world: world).release(latest, in: repository))
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/releases/tags/{tag...}") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                guard let release = repository.releases.first(where: { $0.tagName == parameters["tag"] && !$0.draft })
                else {
                    throw GitHubAPIError.notFound
                }
                return .json(json(baseURL: request.baseURL, world: world).release(release, in: repository))
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/releases/{id}") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                guard let id = parameters.int("id"), let release = repository.releases.first(where: { $0.id == id })
                else {
                    throw GitHubAPIError.notFound
                }
                return .json(json(baseURL: request.baseURL, world: world).release(release, in: repository))
            }
        }
        router.add("POST", "/repos/{owner}/{repo}/releases") { request, parameters in
            try createRelease(request, parameters)
        }
        router.add("DELETE", "/repos/{owner}/{repo}/releases/{id}") { _, parameters in
            try mutateRepository(parameters) { _, repository throws(GitHubAPIError) in
                guard let id = parameters.int("id"), let index = repository.releases.firstIndex(where: { $0.id == id })
                else {
                    throw GitHubAPIError.notFound
                }
                repository.releases.remove(at: index)
                return .empty()
            }
        }
    }

    private func createRelease(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        let body = try GitHubBody(request)
        let tag = try body.required("tag_name", resource: "Release")
        let target = try body.string("target_commitish")
        let name = try body.string("name")
        var text = try body.string("body")
        let draft = try body.bool("draft") ?? false
        let prerelease = try body.bool("prerelease") ?? false
        let generateNotes = try body.bool("generate_release_notes") ?? false
        let now = self.now
        let login = caller.login
        return try mutateRepository(parameters) { world, repository throws(GitHubAPIError) in
            if generateNotes {
                text =
                    Self.releaseNotes(repository, tag: tag, baseURL: request.baseURL) + (text.map { "\n\n" + $0 } ?? "")
            }
            let id = try GitHubReleases.insert(
                &world,
                &repository,
                tag: tag,
                target: target ?? repository.defaultBranch,
                name: name,
                body: text,
                draft: draft,
                prerelease: prerelease,
                author: login,
                now: now
            )
            guard let release = repository.releases.first(where: { $0.id == id }) else { throw GitHubAPIError.notFound }
            return .json(json(baseURL: request.baseURL, world: world).release(release, in: repository), status: 201)
        }
    }

    /// "What's Changed": merged pull requests since the previous published release.
    private static func releaseNotes(_ repository: RepositoryRecord, tag: String, baseURL: String) -> String {
        let since = GitHubReleases.latest(repository.releases)?.createdAt ?? -.infinity
        let merged = repository.pulls.values.filter { ($0.mergedAt ?? -.infinity) > since }.sorted {
            $0.number < $1.number
        }
        var lines = ["## What's Changed"]
        for pull in merged {
            guard let issue = repository.issues[pull.number] else { continue }
            lines.append(
                "* \(issue.title) by @\(issue.author) in \(baseURL)/\(repository.fullName)/pull/\(pull.number)"
            )
        }
        if merged.isEmpty { lines.append("* No merged pull requests since the last release") }
        return lines.joined(separator: "\n")
    }
}
