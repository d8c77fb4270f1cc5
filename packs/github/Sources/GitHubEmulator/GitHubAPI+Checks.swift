import EmulatorKit
import StructuredData

extension GitHubAPI {
    func addCheckRoutes(_ router: inout EmulatorRouter) {
        router.add("GET", "/repos/{owner}/{repo}/commits/{ref...}/check-runs") { request, parameters in
            try checkRuns(request, parameters)
        }
        router.add("GET", "/repos/{owner}/{repo}/commits/{ref...}/status") { request, parameters in
            try combinedStatus(request, parameters)
        }
        router.add("GET", "/repos/{owner}/{repo}/commits/{ref...}/statuses") { request, parameters in
            try readRepository(parameters) { world, repository throws(GitHubAPIError) in
                let sha = try resolveCommit(parameters["ref"], in: repository)
                let rendered = json(baseURL: request.baseURL, world: world)
                let statuses = repository.statuses.filter { $0.sha == sha }.sorted { $0.id > $1.id }
                return Pagination.page(statuses.map { rendered.status($0, in: repository) }, request: request)
                    .response()
            }
        }
    }

    private func resolveCommit(_ ref: String, in repository: RepositoryRecord) throws(GitHubAPIError) -> String {
        guard let sha = GitHubRefs.resolve(ref, in: repository) else {
            throw GitHubAPIError(status: 422, message: "No commit found for SHA: \(ref)")
        }
        return sha
    }

    private func checkRuns(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        if let status = request.queryValue("status"), !["queued", "in_progress", "completed"].contains(status) {
            throw GitHubAPIError.validation(resource: "CheckRun", field: "status", code: "invalid")
        }
        let filter = request.queryValue("filter") ?? "latest"
        guard ["latest", "all"].contains(filter) else {
            throw GitHubAPIError.validation(resource: "CheckRun", field: "filter", code: "invalid")
        }
        return try readRepository(parameters) { world, repository throws(GitHubAPIError) in
            let sha = try resolveCommit(parameters["ref"], in: repository)
            var runs = repository.checkRuns.filter { run in
                run.headSHA == sha
                    && (request.queryValue("check_name").map { $0 == run.name } ?? true)
                    && (request.queryValue("status").map { $0 == run.status } ?? true)
            }
            if filter == "latest" {
                var newest: [String: CheckRunRecord] = [:]
                for run in runs where (newest[run.name]?.id ?? .min) < run.id { newest[run.name] = run }
                runs = runs.filter { newest[$0.name]?.id == $0.id }
            }
            runs.sort { $0.id > $1.id }
            let rendered = json(baseURL: request.baseURL, world: world)
            let page = Pagination.page(runs.map { rendered.checkRun($0, in: repository) }, request: request)
            var response = EmulatorResponse.json([
                "total_count": .integer(runs.count),
                "check_runs": .array(page.items),
            ])
            if let link = page.linkHeader { response.headers["link"] = link }
            return response
        }
    }

    private func combinedStatus(_ request: EmulatorRequest, _ parameters: RouteParameters) throws(GitHubAPIError)
        -> EmulatorResponse
    {
        try readRepository(parameters) { world, repository throws(GitHubAPIError) in
            let sha = try resolveCommit(parameters["ref"], in: repository)
            var latest: [String: StatusRecord] = [:]
            for status in repository.statuses
            where status.sha == sha && (latest[status.context]?.id ?? .min) < status.id {
                latest[status.context] = status
            }
            let statuses = latest.values.sorted { $0.context < $1.context }
            let state: String
            if statuses.contains(where: { $0.state == "error" || $0.state == "failure" }) {
                state = "failure"
            } else if statuses.isEmpty || statuses.contains(where: { $0.state == "pending" }) {
                state = "pending"
            } else {
                state = "success"
            }
            let rendered = json(baseURL: request.baseURL, world: world)
            let repoURL = "\(request.baseURL)/repos/\(repository.fullName)"
            let page = Pagination.page(statuses.map { rendered.status($0, in: repository) }, request: request)
            var response = EmulatorResponse.json([
                "state": .string(state),
                "statuses": .array(page.items),
                "sha": .string(sha),
                "total_count": .integer(statuses.count),
                "repository": rendered.repository(repository),
                "commit_url": .string("\(repoURL)/commits/\(sha)"),
                "url": .string("\(repoURL)/commits/\(sha)/status"),
            ])
            if let link = page.linkHeader { response.headers["link"] = link }
            return response
        }
    }
}
