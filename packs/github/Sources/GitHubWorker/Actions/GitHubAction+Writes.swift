import NIOHTTP1
import StructuredData
import WorkerKit

extension GitHubAction {
    /// The write actions.
    static let writes: [GitHubAction] = [
        GitHubAction("issues.create", .write) { input, repo in
            var body: [String: JSONValue] = ["title": .string(try input.string("title", limit: 256))]
            if let text = try input.optionalText("body") { body["body"] = .string(text) }
            if let labels = try input.stringList("labels") { body["labels"] = .array(labels.map(JSONValue.string)) }
            if let assignees = try input.stringList("assignees", limit: 10) {
                body["assignees"] = .array(assignees.map(JSONValue.string))
            }
            if let milestone = try input.optionalInteger("milestone", in: 1...Int.max) {
                body["milestone"] = .integer(milestone)
            }
            return GitHubCall(method: .POST, path: repoPath(repo) + "/issues", body: .object(body))
        },
        GitHubAction("issues.comment", .write) { input, repo in
            let number = try input.integer("issue_number")
            guard let text = try input.optionalText("body"), !text.isEmpty else {
                throw input.invalid("body is required (a non-empty string).")
            }
            return GitHubCall(
                method: .POST,
                path: repoPath(repo) + "/issues/\(number)/comments",
                body: ["body": .string(text)]
            )
        },
        GitHubAction("issues.update", .write) { input, repo in
            let number = try input.integer("issue_number")
            var body: [String: JSONValue] = [:]
            if let title = try input.optionalString("title", limit: 256) { body["title"] = .string(title) }
            if let text = try input.optionalText("body") { body["body"] = .string(text) }
            if let labels = try input.stringList("labels") { body["labels"] = .array(labels.map(JSONValue.string)) }
            if let assignees = try input.stringList("assignees", limit: 10) {
                body["assignees"] = .array(assignees.map(JSONValue.string))
            }
            if let state = try input.choice("state", ["open", "closed"]) { body["state"] = .string(state) }
            if let reason = try input.choice("state_reason", ["completed", "not_planned", "reopened"]) {
                body["state_reason"] = .string(reason)
            }
            guard !body.isEmpty else {
                throw input.invalid(
                    "nothing to change; give at least one of title, body, labels, assignees, state, state_reason."
                )
            }
            return GitHubCall(method: .PATCH, path: repoPath(repo) + "/issues/\(number)", body: .object(body))
        },
        GitHubAction("labels.add", .write) { input, repo in
            let number = try input.integer("issue_number")
            guard let labels = try input.stringList("labels"), !labels.isEmpty else {
                throw input.invalid("labels is required (a non-empty list of label names).")
            }
            return GitHubCall(
                method: .POST,
                path: repoPath(repo) + "/issues/\(number)/labels",
                body: ["labels": .array(labels.map(JSONValue.string))]
            )
        },
        GitHubAction("pulls.create", .write) { input, repo in
            var body: [String: JSONValue] = [
                "title": .string(try input.string("title", limit: 256)),
                "head": .string(try input.string("head", limit: 256)),
                "base": .string(try input.string("base", limit: 256)),
            ]
            if let text = try input.optionalText("body") { body["body"] = .string(text) }
            if let draft = try input.bool("draft") { body["draft"] = .bool(draft) }
            if let modify = try input.bool("maintainer_can_modify") { body["maintainer_can_modify"] = .bool(modify) }
            return GitHubCall(method: .POST, path: repoPath(repo) + "/pulls", body: .object(body))
        },
        GitHubAction("pulls.review.create", .write) { input, repo in
            let number = try input.integer("pull_number")
            guard let event = try input.choice("event", ["APPROVE", "REQUEST_CHANGES", "COMMENT"]) else {
                throw input.invalid("event is required: APPROVE, REQUEST_CHANGES or COMMENT.")
            }
            var body: [String: JSONValue] = ["event": .string(event)]
            let text = try input.optionalText("body")
            if event != "APPROVE", text?.isEmpty ?? true {
                throw input.invalid("body is required when event is \(event).")
            }
            if let text { body["body"] = .string(text) }
            if let commit = try input.optionalString("commit_id", limit: 64) {
                guard isCommitSHA(commit) else {
                    throw input.invalid("commit_id is \"\(commit)\"; expected a 40 or 64 character hex commit sha.")
                }
                body["commit_id"] = .string(commit)
            }
            return GitHubCall(method: .POST, path: repoPath(repo) + "/pulls/\(number)/reviews", body: .object(body))
        },
        GitHubAction("releases.create", .write) { input, repo in
            var body: [String: JSONValue] = ["tag_name": .string(try input.string("tag_name", limit: 256))]
            if let target = try input.optionalString("target_commitish", limit: 256) {
                body["target_commitish"] = .string(target)
            }
            if let name = try input.optionalString("name", limit: 256) { body["name"] = .string(name) }
            if let text = try input.optionalText("body", limit: 125_000) { body["body"] = .string(text) }
            for flag in ["draft", "prerelease", "generate_release_notes"] {
                if let value = try input.bool(flag) { body[flag] = .bool(value) }
            }
            return GitHubCall(method: .POST, path: repoPath(repo) + "/releases", body: .object(body))
        },
        GitHubAction("pulls.merge", .write, explicit: true) { input, repo in
            let number = try input.integer("pull_number")
            guard let sha = try input.optionalString("expected_head_sha", limit: 64) else {
                throw input.invalid(
                    "expected_head_sha is required: the head commit sha that was reviewed and approved; GitHub refuses the merge (github_head_changed) if the branch moved since."
                )
            }
            guard isCommitSHA(sha) else {
                throw input.invalid("expected_head_sha is \"\(sha)\"; expected a 40 or 64 character hex commit sha.")
            }
            var body: [String: JSONValue] = ["sha": .string(sha)]
            if let method = try input.choice("merge_method", ["merge", "squash", "rebase"]) {
                body["merge_method"] = .string(method)
            }
            if let title = try input.optionalString("commit_title", limit: 1024) {
                body["commit_title"] = .string(title)
            }
            if let message = try input.optionalText("commit_message") { body["commit_message"] = .string(message) }
            return GitHubCall(method: .PUT, path: repoPath(repo) + "/pulls/\(number)/merge", body: .object(body))
        },
        GitHubAction("refs.delete", .write, explicit: true) { input, repo in
            var branch = try input.pathLike("branch") ?? ""
            if branch.hasPrefix("refs/heads/") { branch.removeFirst("refs/heads/".count) }
            guard !branch.isEmpty else { throw input.invalid("branch is required (a branch name such as feature/x).") }
            return GitHubCall(method: .DELETE, path: repoPath(repo) + "/git/refs/heads/\(URLEncoding.path(branch))")
        },
        GitHubAction("releases.delete", .write, explicit: true) { input, repo in
            GitHubCall(method: .DELETE, path: repoPath(repo) + "/releases/\(try input.integer("release_id"))")
        },
    ]

    static func isCommitSHA(_ text: String) -> Bool {
        (text.count == 40 || text.count == 64) && text.allSatisfy(\.isHexDigit)
    }

    /// Every action of the pack, by name.
    public static let all: [String: GitHubAction] = Dictionary(
        uniqueKeysWithValues: (reads + lists + writes).map { ($0.name, $0) }
    )

    /// The action names, sorted.
    public static var names: [String] { all.keys.sorted() }
}
