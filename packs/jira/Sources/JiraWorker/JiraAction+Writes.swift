import NIOHTTP1
import StructuredData
import WorkerKit

extension JiraAction {
    static let writes: [Action] = [
        action("issue.create", .write, objects: createdIssue) { input throws(WorkerError) in
            var fields: [String: JSONValue] = [
                "project": ["key": .string(try input.string("project"))],
                "summary": .string(try input.string("summary")),
                "issuetype": ["name": .string(try input.optionalString("issue_type") ?? "Task")],
            ]
            if let description = try document(
                input,
                text: "description",
                format: "description_format",
                adf: "description_adf"
            ) {
                fields["description"] = description
            }
            if let labels = try input.strings("labels") { fields["labels"] = .array(labels.map { .string($0) }) }
            if let priority = try input.optionalString("priority") { fields["priority"] = ["name": .string(priority)] }
            if let assignee = try input.optionalString("assignee") {
                fields["assignee"] = ["accountId": .string(assignee)]
            }
            if let parent = try input.optionalString("parent") { fields["parent"] = ["key": .string(parent)] }
            for (name, value) in input.value("fields")?.objectValue ?? [:] { fields[name] = value }
            return ActionRequest(method: .POST, path: "\(api)/issue", body: ["fields": .object(fields)])
        },
        action("issue.update", .write, objects: updatedIssue) { input throws(WorkerError) in
            var fields: [String: JSONValue] = [:]
            var update: [String: JSONValue] = [:]
            if let summary = try input.optionalString("summary") { fields["summary"] = .string(summary) }
            if let description = try document(
                input,
                text: "description",
                format: "description_format",
                adf: "description_adf"
            ) {
                fields["description"] = description
            }
            if let labels = try input.strings("labels") { fields["labels"] = .array(labels.map { .string($0) }) }
            let added = (try input.strings("labels_add") ?? []).map { JSONValue.object(["add": .string($0)]) }
            let removed = (try input.strings("labels_remove") ?? []).map { JSONValue.object(["remove": .string($0)]) }
            if !added.isEmpty || !removed.isEmpty { update["labels"] = .array(added + removed) }
            if let priority = try input.optionalString("priority") { fields["priority"] = ["name": .string(priority)] }
            for (name, value) in input.value("fields")?.objectValue ?? [:] { fields[name] = value }
            var body: [String: JSONValue] = [:]
            if !fields.isEmpty { body["fields"] = .object(fields) }
            if !update.isEmpty { body["update"] = .object(update) }
            let query = try input.bool("notify_users") == false ? [Query("notifyUsers", "false")] : []
            return ActionRequest(method: .PUT, path: try issuePath(input), query: query, body: .object(body))
        },
        action(
            "issue.comment",
            .write,
            objects: { input, _, result in
                [ChangedObject(kind: "comment", id: result["id"] ?? .null, change: .created)]
                    + updatedIssue(input, ActionRequest(method: .POST, path: ""), result)
            }
        ) { input throws(WorkerError) in
            guard let body = try document(input, text: "body", format: "body_format", adf: "body_adf") else {
                throw input.invalid("issue.comment needs body or body_adf.")
            }
            return ActionRequest(method: .POST, path: try issuePath(input, "/comment"), body: ["body": body])
        },
        action("issue.transition", .write, objects: updatedIssue) { input throws(WorkerError) in
            // By name, the handler resolves the id first (JiraWorker.transition); the plan of a dry run shows
            // the target it will look for.
            let id = try input.optionalString("transition_id")
            let target = try input.optionalString("to_status")
            var body: [String: JSONValue] = [
                "transition": ["id": .string(id ?? "<the transition to \"\(target ?? "")\">")]
            ]
            if let comment = try input.optionalString("comment") {
                body["update"] = ["comment": [["add": ["body": ADFDocument.markdown(comment)]]]]
            }
            return ActionRequest(method: .POST, path: try issuePath(input, "/transitions"), body: .object(body))
        },
        action("issue.assign", .write, objects: updatedIssue) { input throws(WorkerError) in
            let account = input.value("account_id") ?? .null
            return ActionRequest(method: .PUT, path: try issuePath(input, "/assignee"), body: ["accountId": account])
        },
        action("attachment.add", .write) { input throws(WorkerError) in
            // The multipart body is the handler's (JiraWorker.attach); the action checks and plans the rest.
            ActionRequest(
                method: .POST,
                path: try issuePath(input, "/attachments"),
                headers: ["X-Atlassian-Token": "no-check"]
            )
        },
        action(
            "issue.link",
            .write,
            objects: { input, _, _ in
                [
                    ChangedObject(
                        kind: "issue_link",
                        id: .string(
                            "\(input.value("outward_issue")?.stringValue ?? "") \(input.value("type")?.stringValue ?? "") \(input.value("inward_issue")?.stringValue ?? "")"
                        ),
                        change: .created
                    )
                ]
            }
        ) { input throws(WorkerError) in
            var body: [String: JSONValue] = [
                "type": ["name": .string(try input.string("type"))],
                "inwardIssue": ["key": .string(try input.string("inward_issue"))],
                "outwardIssue": ["key": .string(try input.string("outward_issue"))],
            ]
            if let comment = try input.optionalString("comment") {
                body["comment"] = ["body": ADFDocument.markdown(comment)]
            }
            return ActionRequest(method: .POST, path: "\(api)/issueLink", body: .object(body))
        },
        action(
            "issue.delete",
            .write,
            enabling: .byExactName(reason: "destructive"),
            objects: { input, _, _ in
                [ChangedObject(kind: "issue", id: input.value("issue") ?? .null, change: .deleted)]
            }
        ) { input throws(WorkerError) in
            ActionRequest(
                method: .DELETE,
                path: try issuePath(input),
                query: [Query("deleteSubtasks", try input.bool("delete_subtasks") == true ? "true" : "false")]
            )
        },
    ]

    static let createdIssue: Action.ObjectsExtractor = { _, _, result in
        guard let key = result["key"]?.stringValue else { return [] }
        return [
            ChangedObject(
                kind: "issue",
                id: .string(key),
                url: browseURL(self: result["self"]?.stringValue, key: key),
                change: .created
            )
        ]
    }

    static let updatedIssue: Action.ObjectsExtractor = { input, _, _ in
        [ChangedObject(kind: "issue", id: input.value("issue") ?? .null, change: .updated)]
    }
}
