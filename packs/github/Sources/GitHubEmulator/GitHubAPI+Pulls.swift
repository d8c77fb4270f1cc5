import EmulatorKit
import StructuredData

extension GitHubAPI {
    func addPullRoutes(_ router: inout EmulatorRouter) {
        router.add("GET", "/repos/{owner}/{repo}/pulls") { request, parameters in
            try listPulls(request, parameters)
        }
        router.add("POST", "/repos/{owner}/{repo}/pulls") { request, parameters in
            try createPull(request, parameters)
        }
        router.add("GET", "/repos/{owner}/{repo}/pulls/{number}") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                let pull = try pull(parameters, in: repository)
                return .json(json(baseURL: request.baseURL, world: world).pull(pull, in: repository, full: true))
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/pulls/{number}/files") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                let pull = try pull(parameters, in: repository)
                let rendered = json(baseURL: request.baseURL, world: world)
                let files = GitHubPulls.changes(pull, in: repository).map {
                    rendered.file($0, ref: pull.headSHA, in: repository)
                }
                return Pagination.page(files, request: request).response()
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/pulls/{number}/commits") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                let pull = try pull(parameters, in: repository)
                let rendered = json(baseURL: request.baseURL, world: world)
                let commits = GitHubPulls.commits(pull, in: repository).map {
                    rendered.commit($0, in: repository, withFiles: false)
                }
                return Pagination.page(commits, request: request).response()
            }
        }
        router.add("GET", "/repos/{owner}/{repo}/pulls/{number}/reviews") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                let pull = try pull(parameters, in: repository)
                let rendered = json(baseURL: request.baseURL, world: world)
                let reviews = repository.reviews.filter { $0.pullNumber == pull.number }.map {
                    rendered.review($0, in: repository)
                }
                return Pagination.page(reviews, request: request).response()
            }
        }
        router.add("POST", "/repos/{owner}/{repo}/pulls/{number}/reviews") { request, parameters in
            try createReview(request, parameters)
        }
        router.add("GET", "/repos/{owner}/{repo}/pulls/{number}/merge") { _, parameters in
            try readRepository(parameters) { _, repository throws(GitHubAPIError) in
                let pull = try pull(parameters, in: repository)
                guard pull.merged else { throw GitHubAPIError.notFound }
                return .empty()
            }
        }
        router.add("PUT", "/repos/{owner}/{repo}/pulls/{number}/merge") { request, parameters in
            try mergePull(request, parameters)
        }
    }

    private func pull(_ parameters: RouteParameters, in repository: RepositoryRecord) throws(GitHubAPIError)
        -> PullRecord
    {
        guard let number = parameters.int("number"), let pull = repository.pulls[number] else {
            throw GitHubAPIError.notFound
        }
        return pull
    }

    private func listPulls(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        let state = request.queryValue("state") ?? "open"
        guard ["open", "closed", "all"].contains(state) else {
            throw GitHubAPIError.validation(resource: "PullRequest", field: "state", code: "invalid")
        }
        let sort = request.queryValue("sort") ?? "created"
        guard ["created", "updated", "popularity", "long-running"].contains(sort) else {
            throw GitHubAPIError.validation(resource: "PullRequest", field: "sort", code: "invalid")
        }
        let direction = request.queryValue("direction") ?? (sort == "created" ? "desc" : "desc")
        let head = request.queryValue("head")
        let base = request.queryValue("base")
        return try readRepository(parameters) { world, repository in
            var pulls = repository.pulls.values.filter { pull in
                guard let issue = repository.issues[pull.number] else { return false }
                let headMatches =
                    head.map { wanted in
                        let parts = wanted.split(separator: ":", maxSplits: 1).map(String.init)
                        return parts.count == 2
                            ? parts[0].lowercased() == repository.owner.lowercased() && parts[1] == pull.headRef
                            : wanted == pull.headRef
                    } ?? true
                return (state == "all" || issue.state == state) && headMatches
                    && (base.map { $0 == pull.baseRef } ?? true)
            }
            pulls.sort { left, right in
                let key: (PullRecord) -> Double = { pull in
                    let issue = repository.issues[pull.number]
                    switch sort {
                    case "updated": return issue?.updatedAt ?? 0
                    case "popularity": return Double(issue?.comments ?? 0)
                    case "long-running": return -(issue?.createdAt ?? 0)
                    default: return issue?.createdAt ?? 0
                    }
                }
                let (a, b) = (key(left), key(right))
                if a != b { return direction == "asc" ? a < b : a > b }
                return direction == "asc" ? left.number < right.number : left.number > right.number
            }
            let rendered = json(baseURL: request.baseURL, world: world)
            return Pagination.page(pulls.map { rendered.pull($0, in: repository, full: false) }, request: request)
                .response()
        }
    }

    private func createPull(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        let body = try GitHubBody(request)
        let title = try body.required("title", resource: "PullRequest")
        let headName = try body.required("head", resource: "PullRequest")
        let base = try body.required("base", resource: "PullRequest")
        let text = try body.string("body")
        let draft = try body.bool("draft") ?? false
        let now = self.now
        let login = caller.login
        return try mutateRepository(parameters) { world, repository throws(GitHubAPIError) in
            let head = headName.contains(":") ? String(headName.split(separator: ":", maxSplits: 1)[1]) : headName
            guard let headSHA = repository.branches[head] else {
                throw GitHubAPIError.validation(resource: "PullRequest", field: "head", code: "invalid")
            }
            guard let baseSHA = repository.branches[base] else {
                throw GitHubAPIError.validation(resource: "PullRequest", field: "base", code: "invalid")
            }
            if GitHubRefs.commits(from: baseSHA, to: headSHA, in: repository).isEmpty {
                throw GitHubAPIError.validationMessage(
                    resource: "PullRequest",
                    message: "No commits between \(base) and \(head)"
                )
            }
            if repository.pulls.values.contains(where: {
                $0.headRef == head && $0.baseRef == base && repository.issues[$0.number]?.state == "open"
            }) {
                throw GitHubAPIError.validationMessage(
                    resource: "PullRequest",
                    message: "A pull request already exists for \(repository.owner):\(head)."
                )
            }
            let number = GitHubIssues.insertIssue(
                &world,
                &repository,
                title: title,
                body: text,
                labels: [],
                assignees: [],
                author: login,
                isPull: true,
                now: now
            )
            let pull = PullRecord(
                number: number,
                headRef: head,
                headSHA: headSHA,
                baseRef: base,
                draft: draft,
                mergeable: true,
                merged: false
            )
            repository.pulls[number] = pull
            return .json(
                json(baseURL: request.baseURL, world: world).pull(pull, in: repository, full: true),
                status: 201
            )
        }
    }

    private func createReview(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        let body = try GitHubBody(request)
        let text = try body.string("body") ?? ""
        let event = try body.string("event")
        let commitID = try body.string("commit_id")
        let state: String
        switch event {
        case nil: state = "PENDING"
        case "APPROVE": state = "APPROVED"
        case "REQUEST_CHANGES": state = "CHANGES_REQUESTED"
        case "COMMENT": state = "COMMENTED"
        case let other?:
            throw GitHubAPIError(
                status: 422,
                message:
                    "Invalid request.\n\nFor 'properties/event', \"\(other)\" is not one of APPROVE, REQUEST_CHANGES, COMMENT."
            )
        }
        if (state == "CHANGES_REQUESTED" || state == "COMMENTED"), text.isEmpty {
            throw GitHubAPIError(
                status: 422,
                message: "Unprocessable Entity",
                errors: [.string("Review body is required for \(event ?? "")")]
            )
        }
        let now = self.now
        let login = caller.login
        return try mutateRepository(parameters) { world, repository throws(GitHubAPIError) in
            let pull = try pull(parameters, in: repository)
            if let commitID, repository.commits[commitID] == nil {
                throw GitHubAPIError.validation(resource: "PullRequestReview", field: "commit_id", code: "invalid")
            }
            if state == "APPROVED" || state == "CHANGES_REQUESTED",
                repository.issues[pull.number]?.author.lowercased() == login.lowercased()
            {
                throw GitHubAPIError(
                    status: 422,
                    message: "Unprocessable Entity",
                    errors: [
                        .string(
                            "Can not \(state == "APPROVED" ? "approve" : "request changes on") your own pull request"
                        )
                    ]
                )
            }
            let review = ReviewRecord(
                id: world.makeID(),
                pullNumber: pull.number,
                body: text,
                state: state,
                author: world.ensureUser(login).login,
                commitID: commitID ?? pull.headSHA,
                submittedAt: state == "PENDING" ? nil : now
            )
            repository.reviews.append(review)
            return .json(json(baseURL: request.baseURL, world: world).review(review, in: repository))
        }
    }

    private func mergePull(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        let body = try GitHubBody(request)
        let method = try body.string("merge_method") ?? "merge"
        guard ["merge", "squash", "rebase"].contains(method) else {
            throw GitHubAPIError(
                status: 422,
                message:
                    "Invalid request.\n\n\"\(method)\" is not a valid value for merge_method (merge, squash, rebase)."
            )
        }
        let expected = try body.string("sha")
        let title = try body.string("commit_title")
        let message = try body.string("commit_message")
        let now = self.now
        let login = caller.login
        return try mutateRepository(parameters) { world, repository throws(GitHubAPIError) in
            let pull = try pull(parameters, in: repository)
            guard !pull.merged, repository.issues[pull.number]?.state == "open", pull.mergeable, !pull.draft else {
                throw GitHubAPIError(status: 405, message: "Pull Request is not mergeable")
            }
            if let expected, expected != pull.headSHA {
                throw GitHubAPIError(status: 409, message: "Head branch was modified. Review and try the merge again.")
            }
            let issueTitle = repository.issues[pull.number]?.title ?? ""
            let defaultTitle =
                method == "merge"
                ? "Merge pull request #\(pull.number) from \(repository.owner)/\(pull.headRef)"
                : "\(issueTitle) (#\(pull.number))"
            guard
                let sha = GitHubPulls.merge(
                    &world,
                    &repository,
                    number: pull.number,
                    method: method,
                    title: title ?? defaultTitle,
                    message: message ?? (method == "merge" ? issueTitle : nil),
                    by: login,
                    now: now
                )
            else { throw GitHubAPIError(status: 405, message: "Pull Request is not mergeable") }
            return .json(["sha": .string(sha), "merged": true, "message": "Pull Request successfully merged"])
        }
    }
}
