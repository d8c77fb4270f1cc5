import Foundation
import NIOHTTP1
import StructuredData
import WorkerKit

/// Runs one job of one action: intent and policy checks, input validation, the dry-run plan or the GitHub calls,
/// and the output of the contract.
struct GitHubJob: Sendable {
    let action: GitHubAction
    let configuration: GitHubConfiguration
    let client: GitHubClient

    func run(context: JobContext, input: JSONValue) async throws(WorkerError) -> JSONValue {
        let start = ContinuousClock.now
        try checkIntent(context: context, input: input)
        let profile = try resolveProfile(input: input)
        try checkAction(profile: profile)
        let (repo, call) = try action.call(for: input)
        if let repo { try checkRepository(repo, profile: profile) }
        if action.name == "search.issues" { try checkSearchScope(call, profile: profile) }
        var output: [String: JSONValue] = [
            "action": .string(action.name), "profile": .string(profile.name),
        ]
        if let repo { output["repo"] = .string(repo) }
        let request = client.request(call, profile: profile)
        if action.isWrite, context.isDryRun || input["dry_run"]?.boolValue == true {
            output["dry_run"] = true
            output["plan"] = plan(request, call: call, profile: profile)
            return .object(output)
        }
        try context.checkCancellation()
        let last: GitHubAnswer
        if case .list(let itemsKey) = action.kind {
            let maxPages =
                try ActionInput(action: action.name, input: input).optionalInteger(
                    "max_pages",
                    in: 1...GitHubConfiguration.maxPagesLimit
                ) ?? configuration.defaultMaxPages
            let pages = try await list(
                request,
                itemsKey: itemsKey,
                maxPages: maxPages,
                profile: profile,
                context: context
            )
            last = pages.last
            output["items"] = .array(pages.items)
            output["pages"] = .integer(pages.count)
            output["truncated"] = .bool(pages.truncated)
            if let total = pages.totalCount { output["total_count"] = .integer(total) }
            if let incomplete = pages.incomplete { output["incomplete_results"] = .bool(incomplete) }
        } else {
            last = try await client.send(request, profile: profile, action: action.name, logger: context.logger)
            output["result"] = try result(of: last, call: call)
        }
        if action.isWrite { output["dry_run"] = false }
        output["status_code"] = .integer(last.status)
        output["request_id"] = .string(last.requestID)
        if last.fromCache { output["cached"] = true }
        if let rate = last.rateLimit { output["rate_limit"] = rate.json }
        await LargeEvidence(threshold: configuration.artifactThreshold).apply(
            to: &output,
            action: action.name,
            context: context
        )
        output["duration_ms"] = .integer(Int((ContinuousClock.now - start) / .milliseconds(1)))
        return .object(output)
    }

    /// The answer's JSON; for deletions (204) what was deleted.
    private func result(of answer: GitHubAnswer, call: GitHubCall) throws(WorkerError) -> JSONValue {
        let json = try answer.json()
        guard json == .null, call.method == .DELETE else { return json }
        var deleted: [String: JSONValue] = ["deleted": true]
        if action.name == "refs.delete", let range = call.path.range(of: "/git/refs/") {
            deleted["ref"] = .string(String(call.path[range.upperBound...]).removingPercentEncoding ?? "")
        } else if let id = call.path.split(separator: "/").last.flatMap({ Int($0) }) {
            deleted["release_id"] = .integer(id)
        }
        return .object(deleted)
    }

    struct Pages {
        var items: [JSONValue] = []
        var count = 0
        var truncated = false
        var totalCount: Int?
        var incomplete: Bool?
        var last: GitHubAnswer
    }

    /// Follows `Link: rel="next"` for at most `maxPages` pages.
    private func list(
        _ first: VendorRequest,
        itemsKey: String?,
        maxPages: Int,
        profile: GitHubProfile,
        context: JobContext
    ) async throws(WorkerError) -> Pages {
        var request = first
        var answer = try await client.send(request, profile: profile, action: action.name, logger: context.logger)
        var pages = Pages(last: answer)
        while true {
            pages.count += 1
            pages.last = answer
            let json = try answer.json()
            if let itemsKey {
                guard let items = json[itemsKey]?.arrayValue else {
                    throw WorkerError(
                        code: .githubError,
                        message:
                            "GitHub's answer to \(action.name) (request id \(answer.requestID)) has no \"\(itemsKey)\" list."
                    )
                }
                pages.items += items
                pages.totalCount = json["total_count"]?.intValue ?? pages.totalCount
                if let incomplete = json["incomplete_results"]?.boolValue {
                    pages.incomplete = (pages.incomplete ?? false) || incomplete
                }
            } else {
                guard let items = json.arrayValue else {
                    throw WorkerError(
                        code: .githubError,
                        message: "GitHub's answer to \(action.name) (request id \(answer.requestID)) is not a list."
                    )
                }
                pages.items += items
            }
            guard let link = answer.nextLink else { return pages }
            guard pages.count < maxPages else {
                pages.truncated = true
                return pages
            }
            try context.checkCancellation()
            await context.progress.report(
                percent: pages.count * 100 / maxPages,
                message: "\(action.name): read page \(pages.count)"
            )
            request = try client.http.nextPageRequest(after: request, link: link)
            answer = try await client.send(request, profile: profile, action: action.name, logger: context.logger)
        }
    }

    /// The plan of a dry run: the exact request, credentials left out.
    private func plan(_ request: VendorRequest, call: GitHubCall, profile: GitHubProfile) -> JSONValue {
        var headers: [String: JSONValue] = [:]
        for (name, value) in request.headers where !HeaderRedaction.isSensitive(name) {
            headers[name] = .string(value)
        }
        var plan: [String: JSONValue] = [
            "method": .string(request.method.rawValue),
            "url": .string(request.url),
            "headers": .object(headers),
            "auth": .string(profile.authenticationKind),
        ]
        if let body = call.body { plan["body"] = body }
        return .object(plan)
    }

    /// The topic, the input's `action`, the job's capability and risk tags must all name this action.
    private func checkIntent(context: JobContext, input: JSONValue) throws(WorkerError) {
        if context.topic != action.topic {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The job's topic \"\(context.topic)\" does not match the action \(action.name) (\(action.topic))."
            )
        }
        if let named = input["action"], named != .null, named.stringValue != action.name {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The input names action \(JSONEncoding.compact(named)), but the topic \(action.topic) runs \(action.name); send each action on its own topic."
            )
        }
        if !context.capability.isEmpty, context.capability != action.capability {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The job declares capability \"\(context.capability)\", but the topic \(action.topic) is capability \(action.capability)."
            )
        }
        let tags = Set(context.riskTags.map { $0.lowercased() })
        if action.isWrite, tags.contains("read"), !tags.contains("write") {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The job declares risk tags [\(context.riskTags.joined(separator: ", "))], but \(action.name) is a write action; its topic's risk tags include write."
            )
        }
        if !action.isWrite, tags.contains("write"), !tags.contains("read") {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The job declares risk tags [\(context.riskTags.joined(separator: ", "))], but \(action.name) is a read action."
            )
        }
    }

    /// The job's profile; with inline `auth` (only when `ALLOW_INLINE_AUTH` is on) a profile built from it.
    private func resolveProfile(input: JSONValue) throws(WorkerError) -> GitHubProfile {
        let settings = configuration.settings
        let vendorProfile = try settings.resolveProfile(for: input)
        guard let configured = configuration.profiles[vendorProfile.name] else {
            throw WorkerError(
                code: .unknownProfile,
                message: "The profile \"\(vendorProfile.name)\" is not configured."
            )
        }
        guard let auth = input["auth"], auth != .null else { return configured }
        do {
            var merged = vendorProfile
            if merged.baseURL == nil { merged.baseURL = configured.baseURL }
            let inlineApp = merged.credentials["app_private_key"] != nil
            if merged.credentials["token"] != nil, !inlineApp {
                for field in ["app_private_key"] { merged.credentials[field] = nil }
                for field in ["app_id", "app_installation_id"] { merged.settings[field] = nil }
            }
            for field in ["app_id", "app_installation_id", "token_type"] {
                if let value = merged.credentials[field] { merged.settings[field] = .string(value) }
            }
            return try GitHubProfile.parse(
                merged,
                place: ProfilePlace(variable: { _ in "auth" }, label: { "The job's auth: \($0)" }),
                defaults: ["api_version": configured.apiVersion]
            )
        } catch {
            throw WorkerError(code: .invalidInput, message: error.message)
        }
    }

    /// `ALLOW_ACTIONS`/`DENY_ACTIONS` and the profile's lists; destructive actions must be named exactly.
    private func checkAction(profile: GitHubProfile) throws(WorkerError) {
        let settings = configuration.settings
        do {
            try settings.checkAction(action.name, profile: profile.vendorProfile)
        } catch {
            throw WorkerError(code: .actionNotAllowed, message: error.message)
        }
        guard action.requiresExplicitEnable else { return }
        let named =
            settings.actions.allow.contains { $0.pattern == action.name }
            || profile.vendorProfile.accessList("actions").allow.contains { $0.pattern == action.name }
        guard named else {
            throw WorkerError(
                code: .actionNotAllowed,
                message:
                    "\(action.name) is \(action.name == "pulls.merge" ? "a production" : "a destructive") action the worker refuses unless enabled by name: add \"\(action.name)\" to \(settings.variablePrefix)ALLOW_ACTIONS or to allow_actions of profile \"\(profile.name)\" (a glob such as * does not enable it)."
            )
        }
    }

    /// When repository lists apply, a search must name its repositories (`repo:` qualifiers or the `repo` input),
    /// each permitted: otherwise it could read issues of repositories the lists keep the worker away from.
    private func checkSearchScope(_ call: GitHubCall, profile: GitHubProfile) throws(WorkerError) {
        let q = call.query.first { $0.name == "q" }?.value ?? ""
        let named = GitHubAction.searchRepositories(in: q)
        let lists = [configuration.settings.resources["REPOS"], profile.vendorProfile.accessList("repos")]
        let restricted = lists.contains { list in list.map { !$0.allow.isEmpty || !$0.deny.isEmpty } ?? false }
        if named.isEmpty {
            guard !restricted else {
                throw WorkerError(
                    code: .repoNotAllowed,
                    message:
                        "search.issues must name its repositories (repo:owner/name in q, or the repo input) while \(configuration.settings.variablePrefix)ALLOWED_REPOS, DENIED_REPOS or the profile's repository lists apply."
                )
            }
            return
        }
        for repo in named { try checkRepository(repo, profile: profile) }
    }

    /// `ALLOWED_REPOS`/`DENIED_REPOS` and the profile's lists, ignoring letter case as GitHub does.
    private func checkRepository(_ repo: String, profile: GitHubProfile) throws(WorkerError) {
        let settings = configuration.settings
        var lists: [(AccessList, String, String)] = []
        if let list = settings.resources["REPOS"] {
            lists.append((list, "\(settings.variablePrefix)ALLOWED_REPOS", "\(settings.variablePrefix)DENIED_REPOS"))
        }
        lists.append(
            (
                profile.vendorProfile.accessList("repos"), "allowed_repos of profile \"\(profile.name)\"",
                "denied_repos of profile \"\(profile.name)\""
            )
        )
        for (list, allowName, denyName) in lists {
            let folded = AccessList(
                allow: list.allow.map(\.pattern),
                deny: list.deny.map(\.pattern),
                caseInsensitive: true
            )
            switch folded.check(repo) {
            case .allowed: continue
            case .denied(let pattern):
                throw WorkerError(
                    code: .repoNotAllowed,
                    message: "The repository \"\(repo)\" is denied by \"\(pattern)\" in \(denyName)."
                )
            case .notAllowed:
                throw WorkerError(
                    code: .repoNotAllowed,
                    message:
                        "The repository \"\(repo)\" matches no pattern in \(allowName) (\(folded.allow.map(\.pattern).joined(separator: ", ")))."
                )
            }
        }
    }
}
