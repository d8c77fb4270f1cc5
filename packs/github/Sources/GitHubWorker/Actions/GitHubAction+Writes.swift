import NIOHTTP1
import StructuredData
import WorkerKit

extension GitHubAction {
    /// The write actions.
    static let writes: [Action] = [
        action("issues.create", .write, objects: created("issue", id: "number")) { input throws(WorkerError) in
            var body = try members(input, strings: ["title", "body"], lists: ["labels", "assignees"])
            if let milestone = try input.optionalInteger("milestone") { body["milestone"] = .integer(milestone) }
            return ActionRequest(method: .POST, path: try repoPath(input) + "/issues", body: .object(body))
        },
        action("issues.comment", .write, objects: created("comment", id: "id")) { input throws(WorkerError) in
            ActionRequest(
                method: .POST,
                path: try repoPath(input) + "/issues/\(try input.integer("issue_number"))/comments",
                body: ["body": .string(try input.string("body"))]
            )
        },
        action("issues.update", .write, objects: updated("issue", id: "number")) { input throws(WorkerError) in
            let body = try members(
                input,
                strings: ["title", "body", "state", "state_reason"],
                lists: ["labels", "assignees"]
            )
            guard !body.isEmpty else {
                throw input.invalid(
                    "nothing to change; give at least one of title, body, labels, assignees, state, state_reason."
                )
            }
            return ActionRequest(
                method: .PATCH,
                path: try repoPath(input) + "/issues/\(try input.integer("issue_number"))",
                body: .object(body)
            )
        },
        action("labels.add", .write, objects: labelled) { input throws(WorkerError) in
            ActionRequest(
                method: .POST,
                path: try repoPath(input) + "/issues/\(try input.integer("issue_number"))/labels",
                body: .object(try members(input, lists: ["labels"]))
            )
        },
        action("pulls.create", .write, objects: created("pull", id: "number")) { input throws(WorkerError) in
            ActionRequest(
                method: .POST,
                path: try repoPath(input) + "/pulls",
                body: .object(
                    try members(
                        input,
                        strings: ["title", "head", "base", "body"],
                        flags: ["draft", "maintainer_can_modify"]
                    )
                )
            )
        },
        action("pulls.review.create", .write, objects: created("review", id: "id")) { input throws(WorkerError) in
            let event = try input.string("event")
            if event != "APPROVE", (try input.optionalString("body"))?.isEmpty ?? true {
                throw input.invalid("body is required when event is \(event).")
            }
            return ActionRequest(
                method: .POST,
                path: try repoPath(input) + "/pulls/\(try input.integer("pull_number"))/reviews",
                body: .object(try members(input, strings: ["event", "body", "commit_id"]))
            )
        },
        action("releases.create", .write, objects: created("release", id: "id")) { input throws(WorkerError) in
            ActionRequest(
                method: .POST,
                path: try repoPath(input) + "/releases",
                body: .object(
                    try members(
                        input,
                        strings: ["tag_name", "target_commitish", "name", "body"],
                        flags: ["draft", "prerelease", "generate_release_notes"]
                    )
                )
            )
        },
        action("pulls.merge", .write, enabling: .byExactName(reason: "production"), objects: merged) {
            input throws(WorkerError) in
            var body = try members(input, strings: ["merge_method", "commit_title", "commit_message"])
            body["sha"] = .string(try input.string("expected_head_sha"))
            return ActionRequest(
                method: .PUT,
                path: try repoPath(input) + "/pulls/\(try input.integer("pull_number"))/merge",
                body: .object(body)
            )
        },
        action(
            "refs.delete",
            .write,
            enabling: .byExactName(reason: "destructive"),
            objects: { input, _, _ in
                [ChangedObject(kind: "ref", id: .string("heads/\(branch(input))"), change: .deleted)]
            },
            emptyResult: { input, _ in ["deleted": true, "ref": .string("heads/\(branch(input))")] }
        ) { input throws(WorkerError) in
            let name = branch(input)
            guard !name.isEmpty else { throw input.invalid("branch is required (a branch name such as feature/x).") }
            return ActionRequest(
                method: .DELETE,
                path: try repoPath(input) + "/git/refs/heads/\(URLEncoding.path(name))"
            )
        },
        action(
            "releases.delete",
            .write,
            enabling: .byExactName(reason: "destructive"),
            objects: { input, _, _ in
                [ChangedObject(kind: "release", id: input.value("release_id") ?? .null, change: .deleted)]
            },
            emptyResult: { input, _ in ["deleted": true, "release_id": input.value("release_id") ?? .null] }
        ) { input throws(WorkerError) in
            ActionRequest(method: .DELETE, path: try repoPath(input) + "/releases/\(try input.integer("release_id"))")
        },
    ]

    /// The body members of the inputs among `strings`, `lists` and `flags` that are set, under the same names.
    static func members(
        _ input: ActionInput,
        strings: [String] = [],
        lists: [String] = [],
        flags: [String] = []
    ) throws(WorkerError) -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        for field in strings {
            if let text = try input.optionalString(field) { body[field] = .string(text) }
        }
        for field in lists {
            if let items = try input.strings(field) { body[field] = .array(items.map(JSONValue.string)) }
        }
        for field in flags {
            if let flag = try input.bool(field) { body[field] = .bool(flag) }
        }
        return body
    }

    /// The `branch` input without a `refs/heads/` prefix.
    static func branch(_ input: ActionInput) -> String {
        let text = input.value("branch")?.stringValue ?? ""
        return text.hasPrefix("refs/heads/") ? String(text.dropFirst("refs/heads/".count)) : text
    }

    /// The object GitHub answered with, created: its `id` member and `html_url`.
    static func created(_ kind: String, id: String) -> Action.ObjectsExtractor {
        { _, _, result in answered(kind, result, id: id, change: .created) }
    }

    /// The object GitHub answered with, updated.
    static func updated(_ kind: String, id: String) -> Action.ObjectsExtractor {
        { _, _, result in answered(kind, result, id: id, change: .updated) }
    }

    static func answered(_ kind: String, _ result: JSONValue, id: String, change: ChangedObject.Change)
        -> [ChangedObject]
    {
        guard let value = result[id], value != .null else { return [] }
        return [ChangedObject(kind: kind, id: value, url: result["html_url"]?.stringValue, change: change)]
    }

    /// `labels.add` changes the issue (GitHub answers with its labels).
    static let labelled: Action.ObjectsExtractor = { input, _, _ in
        [ChangedObject(kind: "issue", id: input.value("issue_number") ?? .null, change: .updated)]
    }

    /// `pulls.merge` changes the pull request and creates the merge commit.
    static let merged: Action.ObjectsExtractor = { input, _, result in
        var objects = [ChangedObject(kind: "pull", id: input.value("pull_number") ?? .null, change: .updated)]
        if let sha = result["sha"]?.stringValue {
            objects.append(ChangedObject(kind: "commit", id: .string(sha), change: .created))
        }
        return objects
    }
}
