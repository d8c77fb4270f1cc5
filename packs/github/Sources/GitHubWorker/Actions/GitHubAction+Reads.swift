import NIOHTTP1
import StructuredData
import WorkerKit

extension GitHubAction {
    typealias Query = GitHubCall.QueryItem

    /// The read actions answered by one object.
    static let reads: [GitHubAction] = [
        GitHubAction("repos.get", .read) { _, repo in
            GitHubCall(method: .GET, path: repoPath(repo))
        },
        GitHubAction("issues.get", .read) { input, repo in
            GitHubCall(method: .GET, path: repoPath(repo) + "/issues/\(try input.integer("issue_number"))")
        },
        GitHubAction("pulls.get", .read) { input, repo in
            GitHubCall(method: .GET, path: repoPath(repo) + "/pulls/\(try input.integer("pull_number"))")
        },
        GitHubAction("commits.status", .read) { input, repo in
            let ref = try input.pathLike("ref") ?? ""
            return GitHubCall(method: .GET, path: repoPath(repo) + "/commits/\(URLEncoding.path(ref))/status")
        },
        GitHubAction("commits.compare", .read) { input, repo in
            let base = try input.pathLike("base") ?? ""
            let head = try input.pathLike("head") ?? ""
            return GitHubCall(
                method: .GET,
                path: repoPath(repo) + "/compare/\(URLEncoding.path(base))...\(URLEncoding.path(head))"
            )
        },
        GitHubAction("contents.get", .read) { input, repo in
            let path = try input.pathLike("path", allowEmpty: true) ?? ""
            var query: [Query] = []
            if let ref = try input.pathLike("ref", required: false) { query.append(Query("ref", ref)) }
            return GitHubCall(method: .GET, path: repoPath(repo) + "/contents/\(URLEncoding.path(path))", query: query)
        },
        GitHubAction("releases.latest", .read) { _, repo in
            GitHubCall(method: .GET, path: repoPath(repo) + "/releases/latest")
        },
    ]

    /// The paginated read actions.
    static let lists: [GitHubAction] = [
        GitHubAction("issues.list", .list(itemsKey: nil)) { input, repo in
            var query: [Query] = []
            if let state = try input.choice("state", ["open", "closed", "all"]) { query.append(Query("state", state)) }
            if let labels = try input.stringList("labels") {
                query.append(Query("labels", labels.joined(separator: ",")))
            }
            if let assignee = try input.optionalString("assignee", limit: 100) {
                query.append(Query("assignee", assignee))
            }
            if let since = try input.optionalString("since", limit: 40) { query.append(Query("since", since)) }
            if let sort = try input.choice("sort", ["created", "updated", "comments"]) {
                query.append(Query("sort", sort))
            }
            if let direction = try input.choice("direction", ["asc", "desc"]) {
                query.append(Query("direction", direction))
            }
            return GitHubCall(method: .GET, path: repoPath(repo) + "/issues", query: query + (try paging(input)))
        },
        GitHubAction("issues.comments.list", .list(itemsKey: nil)) { input, repo in
            var query: [Query] = []
            if let since = try input.optionalString("since", limit: 40) { query.append(Query("since", since)) }
            return GitHubCall(
                method: .GET,
                path: repoPath(repo) + "/issues/\(try input.integer("issue_number"))/comments",
                query: query + (try paging(input))
            )
        },
        GitHubAction("pulls.list", .list(itemsKey: nil)) { input, repo in
            var query: [Query] = []
            if let state = try input.choice("state", ["open", "closed", "all"]) { query.append(Query("state", state)) }
            if let head = try input.optionalString("head", limit: 256) { query.append(Query("head", head)) }
            if let base = try input.optionalString("base", limit: 256) { query.append(Query("base", base)) }
            if let sort = try input.choice("sort", ["created", "updated", "popularity", "long-running"]) {
                query.append(Query("sort", sort))
            }
            if let direction = try input.choice("direction", ["asc", "desc"]) {
                query.append(Query("direction", direction))
            }
            return GitHubCall(method: .GET, path: repoPath(repo) + "/pulls", query: query + (try paging(input)))
        },
        GitHubAction("pulls.files", .list(itemsKey: nil)) { input, repo in
            GitHubCall(
                method: .GET,
                path: repoPath(repo) + "/pulls/\(try input.integer("pull_number"))/files",
                query: try paging(input)
            )
        },
        GitHubAction("pulls.reviews.list", .list(itemsKey: nil)) { input, repo in
            GitHubCall(
                method: .GET,
                path: repoPath(repo) + "/pulls/\(try input.integer("pull_number"))/reviews",
                query: try paging(input)
            )
        },
        GitHubAction("checks.list", .list(itemsKey: "check_runs")) { input, repo in
            let ref = try input.pathLike("ref") ?? ""
            var query: [Query] = []
            if let name = try input.optionalString("check_name", limit: 256) { query.append(Query("check_name", name)) }
            if let status = try input.choice("status", ["queued", "in_progress", "completed"]) {
                query.append(Query("status", status))
            }
            if let filter = try input.choice("filter", ["latest", "all"]) { query.append(Query("filter", filter)) }
            return GitHubCall(
                method: .GET,
                path: repoPath(repo) + "/commits/\(URLEncoding.path(ref))/check-runs",
                query: query + (try paging(input))
            )
        },
        GitHubAction("search.issues", .list(itemsKey: "items"), needsRepository: false) { input, _ in
            var q = try input.string("q", limit: 256)
            // `repo` scopes the search to that repository (checked against the allow/deny lists like any repo).
            if let repo = input.has("repo") ? try input.repository() : nil,
                !searchRepositories(in: q).contains(where: { $0.lowercased() == repo.lowercased() })
            {
                q += " repo:\(repo)"
            }
            var query = [Query("q", q)]
            if let sort = try input.choice(
                "sort",
                [
                    "comments", "reactions", "reactions-+1", "reactions--1", "reactions-smile",
                    "reactions-thinking_face",
                    "reactions-heart", "reactions-tada", "interactions", "created", "updated",
                ]
            ) {
                query.append(Query("sort", sort))
            }
            if let order = try input.choice("order", ["asc", "desc"]) { query.append(Query("order", order)) }
            return GitHubCall(method: .GET, path: "/search/issues", query: query + (try paging(input)))
        },
        GitHubAction("releases.list", .list(itemsKey: nil)) { input, repo in
            GitHubCall(method: .GET, path: repoPath(repo) + "/releases", query: try paging(input))
        },
    ]

    /// The repositories a search query names with `repo:` qualifiers.
    static func searchRepositories(in query: String) -> [String] {
        query.split(whereSeparator: \.isWhitespace).compactMap { term in
            let text = term.hasPrefix("+") ? term.dropFirst() : term[...]
            guard text.lowercased().hasPrefix("repo:") else { return nil }
            let name = text.dropFirst(5).trimmingCharacters(in: "\"")
            return name.isEmpty ? nil : name
        }
    }

    /// `per_page` (1–100, default 100) and the first `page` (default 1).
    static func paging(_ input: ActionInput) throws(WorkerError) -> [Query] {
        let perPage = try input.optionalInteger("per_page", in: 1...100) ?? 100
        var query = [Query("per_page", String(perPage))]
        if let page = try input.optionalInteger("page", in: 1...100_000), page > 1 {
            query.append(Query("page", String(page)))
        }
        return query
    }
}

extension Substring {
    fileprivate func trimmingCharacters(in character: Character) -> String {
        String(drop(while: { $0 == character }).reversed().drop(while: { $0 == character }).reversed())
    }
}
