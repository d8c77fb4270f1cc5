import NIOHTTP1
import StructuredData
import WorkerKit

extension SentryAction {
    /// The issue fields a change may set, sent as given (Sentry's names): `issues.update` and `issues.bulk-update`.
    static let changeFields = [
        "status", "substatus", "statusDetails", "assignedTo", "hasSeen", "isBookmarked", "isSubscribed", "isPublic",
    ]

    /// The change's JSON body: the fields the input sets.
    static func changeBody(_ input: ActionInput) -> JSONValue {
        var body: [String: JSONValue] = [:]
        for field in changeFields { if let value = input.value(field) { body[field] = value } }
        return .object(body)
    }

    /// The issue an action changed, with its Sentry link when the answer has one.
    static func issueObject(_ input: ActionInput, _ result: JSONValue, _ change: ChangedObject.Change)
        -> [ChangedObject]
    {
        let id = result["id"]?.stringValue ?? input.value("issue_id")?.stringValue ?? ""
        return [ChangedObject(kind: "issue", id: .string(id), url: result["permalink"]?.stringValue, change: change)]
    }

    // MARK: writes

    static let writes: [Action] = [
        action(
            "issues.update",
            .write,
            objects: { input, _, result in issueObject(input, result, .updated) }
        ) { input throws(WorkerError) in
            ActionRequest(method: .PUT, path: try issuePath(input), body: changeBody(input))
        },
        action(
            "issues.note",
            .write,
            objects: { input, _, result in
                [ChangedObject(kind: "issue_note", id: result["id"] ?? .null, change: .created)]
                    + issueObject(input, .null, .updated)
            }
        ) { input throws(WorkerError) in
            ActionRequest(
                method: .POST,
                path: try issuePath(input, "notes/"),
                body: ["text": .string(try input.string("text"))]
            )
        },
        action(
            "releases.create",
            .write,
            resource: project,
            objects: { input, _, result in
                [
                    ChangedObject(
                        kind: "release",
                        id: result["version"] ?? input.value("version") ?? .null,
                        change: .created
                    )
                ]
            }
        ) { input throws(WorkerError) in
            var body: [String: JSONValue] = [:]
            for field in ["version", "projects", "ref", "url", "dateReleased", "commits"] {
                if let value = input.value(field) { body[field] = value }
            }
            return ActionRequest(method: .POST, path: try organizationPath(input, "/releases/"), body: .object(body))
        },
        action(
            "releases.deploys.create",
            .write,
            resource: ActionResource(list: "PROJECTS", noun: "project", caseInsensitive: true) { input, _ in
                input.value("projects")?.arrayValue?.compactMap(\.stringValue) ?? []
            },
            objects: { _, _, result in [ChangedObject(kind: "deploy", id: result["id"] ?? .null, change: .created)] }
        ) { input throws(WorkerError) in
            var body: [String: JSONValue] = [:]
            for field in ["environment", "name", "url", "dateStarted", "dateFinished", "projects"] {
                if let value = input.value(field) { body[field] = value }
            }
            return ActionRequest(method: .POST, path: try releasePath(input, "deploys/"), body: .object(body))
        },
        action(
            "issues.delete",
            .write,
            enabling: .byExactName(reason: "destructive"),
            objects: { input, _, _ in issueObject(input, .null, .deleted) },
            emptyResult: { _, _ in ["deleted": true] }
        ) { input throws(WorkerError) in
            ActionRequest(method: .DELETE, path: try issuePath(input))
        },
        action(
            "issues.bulk-update",
            .write,
            enabling: .byExactName(reason: "destructive"),
            resource: project,
            objects: { input, _, _ in
                let ids = input.value("ids")?.arrayValue?.compactMap(\.stringValue) ?? []
                if ids.isEmpty {
                    let filter = input.value("filter_status")?.stringValue ?? ""
                    return [ChangedObject(kind: "issues", id: .string("status:\(filter)"), change: .updated)]
                }
                return ids.map { ChangedObject(kind: "issue", id: .string($0), change: .updated) }
            }
        ) { input throws(WorkerError) in
            var items = (try input.strings("ids") ?? []).map { Query("id", $0) }
            if let status = try input.optionalString("filter_status") { items.append(Query("status", status)) }
            return ActionRequest(
                method: .PUT,
                path: try projectPath(input, "issues/"),
                query: items,
                body: changeBody(input)
            )
        },
    ]
}
