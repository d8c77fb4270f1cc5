import NIOHTTP1
import StructuredData
import WorkerKit

extension GitHubAction {
    /// The read actions answered by one object.
    static let reads: [Action] = [
        action("repos.get", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try repoPath(input))
        },
        action("issues.get", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try repoPath(input) + "/issues/\(try input.integer("issue_number"))")
        },
        action("pulls.get", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try repoPath(input) + "/pulls/\(try input.integer("pull_number"))")
        },
        action("commits.status", .read) { input throws(WorkerError) in
            let ref = URLEncoding.path(try input.string("ref"))
            return ActionRequest(method: .GET, path: try repoPath(input) + "/commits/\(ref)/status")
        },
        action("commits.compare", .read) { input throws(WorkerError) in
            let base = URLEncoding.path(try input.string("base"))
            let head = URLEncoding.path(try input.string("head"))
            return ActionRequest(method: .GET, path: try repoPath(input) + "/compare/\(base)...\(head)")
        },
        action("contents.get", .read) { input throws(WorkerError) in
            let path = URLEncoding.path(try input.string("path"))
            let query = try input.optionalString("ref").map { [Query("ref", $0)] } ?? []
            return ActionRequest(method: .GET, path: try repoPath(input) + "/contents/\(path)", query: query)
        },
        action("releases.latest", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try repoPath(input) + "/releases/latest")
        },
    ]

    /// The paginated read actions.
    static let lists: [Action] = [
        action("issues.list", .list(itemsKey: nil)) { input throws(WorkerError) in
            var query = try strings(input, ["state"])
            if let labels = try input.strings("labels") { query.append(Query("labels", labels.joined(separator: ","))) }
            query += try strings(input, ["assignee", "since", "sort", "direction"])
            return ActionRequest(
                method: .GET,
                path: try repoPath(input) + "/issues",
                query: query + (try paging(input))
            )
        },
        action("issues.comments.list", .list(itemsKey: nil)) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try repoPath(input) + "/issues/\(try input.integer("issue_number"))/comments",
                query: try strings(input, ["since"]) + (try paging(input))
            )
        },
        action("pulls.list", .list(itemsKey: nil)) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try repoPath(input) + "/pulls",
                query: try strings(input, ["state", "head", "base", "sort", "direction"]) + (try paging(input))
            )
        },
        action("pulls.files", .list(itemsKey: nil)) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try repoPath(input) + "/pulls/\(try input.integer("pull_number"))/files",
                query: try paging(input)
            )
        },
        action("pulls.reviews.list", .list(itemsKey: nil)) { input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try repoPath(input) + "/pulls/\(try input.integer("pull_number"))/reviews",
                query: try paging(input)
            )
        },
        action("checks.list", .list(itemsKey: "check_runs")) { input throws(WorkerError) in
            let ref = URLEncoding.path(try input.string("ref"))
            return ActionRequest(
                method: .GET,
                path: try repoPath(input) + "/commits/\(ref)/check-runs",
                query: try strings(input, ["check_name", "status", "filter"]) + (try paging(input))
            )
        },
        action("search.issues", .list(itemsKey: "items"), resource: searchScope) { input throws(WorkerError) in
            var q = try input.string("q")
            // `repo` scopes the search to that repository (checked against the allow/deny lists like any repo).
            if let repo = try input.optionalString("repo"),
                !searchRepositories(in: q).contains(where: { $0.lowercased() == repo.lowercased() })
            {
                q += " repo:\(repo)"
            }
            return ActionRequest(
                method: .GET,
                path: "/search/issues",
                query: [Query("q", q)] + (try strings(input, ["sort", "order"])) + (try paging(input))
            )
        },
        action("releases.list", .list(itemsKey: nil)) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try repoPath(input) + "/releases", query: try paging(input))
        },
    ]

    /// The repositories a search reads: every `repo:` qualifier of its query. When repository lists apply, a
    /// search must name them, each permitted: otherwise it could read issues of repositories the lists keep the
    /// worker away from.
    static let searchScope = ActionResource(
        list: "REPOS",
        noun: "repository",
        caseInsensitive: true,
        mustNameWhenRestricted: "repo:owner/name in q, or the repo input"
    ) { _, request in
        searchRepositories(in: request.queryValue("q") ?? "")
    }

    /// The repositories a search query names with `repo:` qualifiers.
    static func searchRepositories(in query: String) -> [String] {
        query.split(whereSeparator: \.isWhitespace).compactMap { term in
            let text = term.hasPrefix("+") ? term.dropFirst() : term[...]
            guard text.lowercased().hasPrefix("repo:") else { return nil }
            let name = text.dropFirst(5).trimmingQuotes()
            return name.isEmpty ? nil : name
        }
    }

    /// The string inputs among `fields` that are set, as query parameters of the same names.
    static func strings(_ input: ActionInput, _ fields: [String]) throws(WorkerError) -> [Query] {
        var query: [Query] = []
        for field in fields {
            if let value = try input.optionalString(field) { query.append(Query(field, value)) }
        }
        return query
    }

    /// `per_page` (default 100) and the first `page` (default 1).
    static func paging(_ input: ActionInput) throws(WorkerError) -> [Query] {
        var query = [Query("per_page", String(try input.optionalInteger("per_page") ?? 100))]
        if let page = try input.optionalInteger("page"), page > 1 { query.append(Query("page", String(page))) }
        return query
    }
}

extension Substring {
    fileprivate func trimmingQuotes() -> String {
        String(drop(while: { $0 == "\"" }).reversed().drop(while: { $0 == "\"" }).reversed())
    }
}
