import EmulatorKit
import Foundation
import StructuredData

extension GitHubAPI {
    func addIssueRoutes(_ router: inout EmulatorRouter) {
        router.add("GET", "/repos/{owner}/{repo}/issues") { request, parameters in
            try listIssues(request, parameters)
        }
        router.add("POST", "/repos/{owner}/{repo}/issues") { request, parameters in
            try createIssue(request, parameters)
        }
        router.add("GET", "/repos/{owner}/{repo}/issues/{number}") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                let issue = try issue(parameters, in: repository)
                return .json(json(baseURL: request.baseURL, world: world).issue(issue, in: repository))
            }
        }
        router.add("PATCH", "/repos/{owner}/{repo}/issues/{number}") { request, parameters in
            try updateIssue(request, parameters)
        }
        router.add("GET", "/repos/{owner}/{repo}/issues/{number}/comments") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                let issue = try issue(parameters, in: repository)
                let since = try since(request)
                let rendered = json(baseURL: request.baseURL, world: world)
                let comments = repository.comments.filter { $0.issueNumber == issue.number && $0.updatedAt >= since }
                return Pagination.page(comments.map { rendered.comment($0, in: repository) }, request: request)
                    .response()
            }
        }
        router.add("POST", "/repos/{owner}/{repo}/issues/{number}/comments") { request, parameters in
            let body = try GitHubBody(request)
            let text = try body.required("body", resource: "IssueComment")
            let now = self.now
            let login = caller.login
            return try mutateRepository(parameters) { world, repository throws(GitHubAPIError) in
                let issue = try issue(parameters, in: repository)
                let comment = CommentRecord(
                    id: world.makeID(),
                    issueNumber: issue.number,
                    body: text,
                    author: world.ensureUser(login).login,
                    createdAt: now,
                    updatedAt: now
                )
                repository.comments.append(comment)
                repository.issues[issue.number]?.comments += 1
                repository.issues[issue.number]?.updatedAt = now
                return .json(json(baseURL: request.baseURL, world: world).comment(comment, in: repository), status: 201)
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/issues/{number}/labels") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                let issue = try issue(parameters, in: repository)
                return .json(json(baseURL: request.baseURL, world: world).labels(issue.labels, in: repository))
            }
        }
        router.add("POST", "/repos/{owner}/{repo}/issues/{number}/labels") { request, parameters in
            let body = try GitHubBody(request)
            let names: [String]
            if let array = body.array {
                names = array.compactMap { $0.stringValue ?? $0["name"]?.stringValue }
            } else if let labels = try body.names("labels") {
                names = labels
            } else {
                throw GitHubAPIError.validation(resource: "Label", field: "labels", code: "missing_field")
            }
            let now = self.now
            return try mutateRepository(parameters) { world, repository throws(GitHubAPIError) in
                let issue = try issue(parameters, in: repository)
                let added = GitHubIssues.ensureLabels(&world, &repository, names)
                var labels = issue.labels
                for name in added where !labels.contains(name) { labels.append(name) }
                repository.issues[issue.number]?.labels = labels
                repository.issues[issue.number]?.updatedAt = now
                return .json(json(baseURL: request.baseURL, world: world).labels(labels, in: repository))
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/labels") { request, parameters in
            try readRepository(parameters) { world, repository in
                let rendered = json(baseURL: request.baseURL, world: world)
                let labels = repository.labels.values.sorted { $0.name.lowercased() < $1.name.lowercased() }
                return Pagination.page(labels.map { rendered.label($0, in: repository) }, request: request).response()
            }
        }
        router.add("GET", "/search/issues") { request, _ in
            try searchIssues(request)
        }
    }

    func issue(_ parameters: RouteParameters, in repository: RepositoryRecord) throws(GitHubAPIError) -> IssueRecord {
        guard let number = parameters.int("number"), let issue = repository.issues[number] else {
            throw GitHubAPIError.notFound
        }
        return issue
    }

    func since(_ request: EmulatorRequest) throws(GitHubAPIError) -> Double {
        guard let text = request.queryValue("since") else { return -.infinity }
        guard let value = GitHubTime.parse(text) else {
            throw GitHubAPIError.validation(resource: "Issue", field: "since", code: "invalid")
        }
        return value
    }

    private func listIssues(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        let state = request.queryValue("state") ?? "open"
        guard ["open", "closed", "all"].contains(state) else {
            throw GitHubAPIError.validation(resource: "Issue", field: "state", code: "invalid")
        }
        let sort = request.queryValue("sort") ?? "created"
        guard ["created", "updated", "comments"].contains(sort) else {
            throw GitHubAPIError.validation(resource: "Issue", field: "sort", code: "invalid")
        }
        let direction = request.queryValue("direction") ?? "desc"
        guard ["asc", "desc"].contains(direction) else {
            throw GitHubAPIError.validation(resource: "Issue", field: "direction", code: "invalid")
        }
        let labels =
            request.queryValue("labels").map {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter {
                    !$0.isEmpty
                }
            } ?? []
        let since = try since(request)
        return try readRepository(parameters) { world, repository in
            var issues = repository.issues.values.filter { issue in
                (state == "all" || issue.state == state)
                    && labels.allSatisfy { wanted in issue.labels.contains { $0.lowercased() == wanted } }
                    && issue.updatedAt >= since
                    && Self.matchesUser(request.queryValue("assignee"), issue.assignees)
                    && (request.queryValue("creator").map { $0.lowercased() == issue.author.lowercased() } ?? true)
            }
            issues.sort { left, right in
                let key: (IssueRecord) -> Double = {
                    sort == "updated" ? $0.updatedAt : sort == "comments" ? Double($0.comments) : $0.createdAt
                }
                let (a, b) = (key(left), key(right))
                if a != b { return direction == "asc" ? a < b : a > b }
                return direction == "asc" ? left.number < right.number : left.number > right.number
            }
            let rendered = json(baseURL: request.baseURL, world: world)
            return Pagination.page(issues.map { rendered.issue($0, in: repository) }, request: request).response()
        }
    }

    private static func matchesUser(_ filter: String?, _ assignees: [String]) -> Bool {
        guard let filter else { return true }
        switch filter {
        case "*": return !assignees.isEmpty
        case "none": return assignees.isEmpty
        default: return assignees.contains { $0.lowercased() == filter.lowercased() }
        }
    }

    private func validateAssignees(_ assignees: [String], world: GitHubWorld) throws(GitHubAPIError) {
        if let unknown = assignees.first(where: { world.users[$0.lowercased()] == nil }) {
            throw GitHubAPIError(
                status: 422,
                message: "Validation Failed",
                errors: [
                    .object([
                        "resource": "Issue", "field": "assignees", "code": "invalid", "value": .string(unknown),
                    ])
                ]
            )
        }
    }

    private func createIssue(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        let body = try GitHubBody(request)
        let title = try body.required("title", resource: "Issue")
        let text = try body.string("body")
        let labels = try body.names("labels") ?? []
        var assignees = try body.names("assignees") ?? []
        if let single = try body.string("assignee"), !assignees.contains(single) { assignees.append(single) }
        let now = self.now
        let login = caller.login
        return try mutateRepository(parameters) { world, repository throws(GitHubAPIError) in
            try validateAssignees(assignees, world: world)
            let number = GitHubIssues.insertIssue(
                &world,
                &repository,
                title: title,
                body: text,
                labels: labels,
                assignees: assignees,
                author: login,
                isPull: false,
                now: now
            )
            guard let issue = repository.issues[number] else { throw GitHubAPIError.notFound }
            return .json(json(baseURL: request.baseURL, world: world).issue(issue, in: repository), status: 201)
        }
    }

    private func updateIssue(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        let body = try GitHubBody(request)
        let title = try body.string("title")
        let text = try body.nullableString("body")
        let state = try body.string("state")
        let stateReason = try body.nullableString("state_reason")
        let labels = try body.names("labels")
        var assignees = try body.names("assignees")
        if let single = try body.nullableString("assignee") { assignees = single.map { [$0] } ?? [] }
        if let state, !["open", "closed"].contains(state) {
            throw GitHubAPIError.validation(resource: "Issue", field: "state", code: "invalid")
        }
        if let reason = stateReason ?? nil, !["completed", "not_planned", "reopened", "duplicate"].contains(reason) {
            throw GitHubAPIError.validation(resource: "Issue", field: "state_reason", code: "invalid")
        }
        if let title, title.isEmpty {
            throw GitHubAPIError.validation(resource: "Issue", field: "title", code: "missing_field")
        }
        let now = self.now
        return try mutateRepository(parameters) { world, repository throws(GitHubAPIError) in
            var issue = try issue(parameters, in: repository)
            if let assignees { try validateAssignees(assignees, world: world) }
            if let title { issue.title = title }
            if let text { issue.body = text }
            if let labels { issue.labels = GitHubIssues.ensureLabels(&world, &repository, labels) }
            if let assignees { issue.assignees = assignees.map { world.ensureUser($0).login } }
            if let state, state != issue.state {
                if state == "closed", issue.isPull, repository.pulls[issue.number]?.merged == true {
                    // Already closed by the merge.
                } else {
                    issue.state = state
                    issue.closedAt = state == "closed" ? now : nil
                    issue.stateReason = state == "closed" ? "completed" : "reopened"
                }
            }
            if let reason = stateReason { issue.stateReason = reason }
            issue.updatedAt = now
            repository.issues[issue.number] = issue
            return .json(json(baseURL: request.baseURL, world: world).issue(issue, in: repository))
        }
    }

    private func searchIssues(_ request: EmulatorRequest) throws(GitHubAPIError) -> EmulatorResponse {
        guard let text = request.queryValue("q"), !text.allSatisfy(\.isWhitespace) else {
            throw GitHubAPIError.validation(resource: "Search", field: "q", code: "missing")
        }
        let query = GitHubSearchQuery(text)
        let sort = request.queryValue("sort")
        let ascending = request.queryValue("order") == "asc"
        let visible = caller
        return state.storage.withLock { world in
            var hits: [(IssueRecord, RepositoryRecord)] = []
            for repository in world.repositories.values where visible.canSee(repository.fullName) {
                for issue in repository.issues.values where query.matches(issue, in: repository) {
                    hits.append((issue, repository))
                }
            }
            hits.sort { left, right in
                let key: (IssueRecord) -> Double = {
                    switch sort {
                    case "comments": return Double($0.comments)
                    case "updated": return $0.updatedAt
                    default: return $0.createdAt
                    }
                }
                let (a, b) = (key(left.0), key(right.0))
                if a != b { return ascending ? a < b : a > b }
                return (left.1.fullName, left.0.number) > (right.1.fullName, right.0.number)
            }
            let rendered = json(baseURL: request.baseURL, world: world)
            let items = hits.map { hit -> JSONValue in
                guard case .object(var object) = rendered.issue(hit.0, in: hit.1) else { return .null }
                object["score"] = .number(1.0)
                return .object(object)
            }
            let page = Pagination.page(items, request: request)
            var response = EmulatorResponse.json([
                "total_count": .integer(items.count),
                "incomplete_results": false,
                "items": .array(page.items),
            ])
            if let link = page.linkHeader { response.headers["link"] = link }
            return response
        }
    }
}
