import Foundation
import NIOHTTP1
import StructuredData
public import WorkerKit

/// The jira pack's actions (topic `job.jira.<name>`, capability `jira.<name>`) on Jira Cloud's REST API v3. Issues
/// are named by key (`OPS-12`), so every action that touches one names its project, which the project lists
/// (`CORDUM_JIRA_ALLOWED_PROJECTS`, the profile's `allowed_projects`, …) check before anything is sent.
public enum JiraAction {
    typealias Query = ActionRequest.QueryItem

    /// Every action of the pack, by name.
    public static let all: [String: Action] = Dictionary(uniqueKeysWithValues: actions.map { ($0.name, $0) })

    /// The actions in `topics.yaml` order.
    static let actions: [Action] = reads + writes

    static let api = "/rest/api/3"

    /// The fields `issue.search` returns unless the job names its own (`/search/jql` answers only ids otherwise).
    static let defaultSearchFields = [
        "summary", "status", "assignee", "reporter", "labels", "issuetype", "priority", "project", "created",
        "updated", "description",
    ]

    /// The projects an action touches: its `project` input and the project part of every issue key it names
    /// (`OPS-12` → `OPS`), compared without case.
    static let project = ActionResource(
        list: "PROJECTS",
        noun: "project",
        caseInsensitive: true,
        mustNameWhenRestricted: "the project input",
        outputKey: "project"
    ) { input, _ in
        var projects: [String] = []
        if let key = input.value("project")?.stringValue { projects.append(key) }
        for field in ["issue", "inward_issue", "outward_issue", "parent"] {
            if let key = input.value(field)?.stringValue, let project = projectKey(ofIssue: key),
                !projects.contains(project)
            {
                projects.append(project)
            }
        }
        return projects
    }

    /// `OPS` of `OPS-12`.
    static func projectKey(ofIssue key: String) -> String? {
        guard let dash = key.lastIndex(of: "-"), dash > key.startIndex else { return nil }
        return String(key[..<dash])
    }

    /// `/search/jql` pages: `nextPageToken` in the answer, sent back as `nextPageToken` in the JSON body.
    static let searchPaging = CursorPagination(
        from: .body("nextPageToken"),
        sendAs: .body("nextPageToken"),
        noun: "page token"
    )

    /// Comments page by `startAt` and `maxResults`, until `total`.
    static let commentPaging = OffsetPagination(
        offset: .query("startAt"),
        limit: .query("maxResults"),
        end: .total(.body("total")),
        servedOffset: .body("startAt")
    )

    static func action(
        _ name: String,
        _ kind: Action.Kind,
        enabling: Action.Enabling = .byLists,
        resource: ActionResource? = project,
        pagination: any PaginationStrategy = LinkPagination(),
        objects: @escaping Action.ObjectsExtractor = { _, _, _ in [] },
        build: @escaping Action.Builder
    ) -> Action {
        Action(
            name: name,
            topic: "job.jira.\(name)",
            capability: "jira.\(name)",
            kind: kind,
            enabling: enabling,
            resource: resource,
            pagination: pagination,
            objects: objects,
            build: build
        )
    }

    /// `/rest/api/3/issue/<key>` and what follows.
    static func issuePath(_ input: ActionInput, field: String = "issue", _ suffix: String = "") throws(WorkerError)
        -> String
    {
        "\(api)/issue/\(URLEncoding.component(try input.string(field)))\(suffix)"
    }

    /// The issue's browse URL from its REST `self` URL (`https://acme.atlassian.net/rest/api/3/issue/10001` with
    /// key `OPS-12` → `https://acme.atlassian.net/browse/OPS-12`).
    static func browseURL(self link: String?, key: String) -> String? {
        guard let link, let range = link.range(of: "/rest/api/") else { return nil }
        return String(link[..<range.lowerBound]) + "/browse/" + key
    }

    /// An ADF document from a text field and its format field, or the `…_adf` field as given.
    static func document(_ input: ActionInput, text: String, format: String, adf: String) throws(WorkerError)
        -> JSONValue?
    {
        if let document = input.value(adf), document != .null { return document }
        guard let body = try input.optionalString(text) else { return nil }
        return try input.optionalString(format) == "text" ? ADFDocument.plainText(body) : ADFDocument.markdown(body)
    }

    // MARK: reads

    static let reads: [Action] = [
        action("issue.get", .read) { input throws(WorkerError) in
            var query: [Query] = []
            if let fields = try input.strings("fields") { query.append(Query("fields", fields.joined(separator: ","))) }
            if let expand = try input.strings("expand") { query.append(Query("expand", expand.joined(separator: ","))) }
            return ActionRequest(method: .GET, path: try issuePath(input), query: query)
        },
        action("issue.search", .list(itemsKey: "issues"), pagination: searchPaging) { input throws(WorkerError) in
            var jql = try input.string("jql")
            if let project = try input.optionalString("project") {
                jql = try JQLScope.restrict(jql, toProject: project)
            }
            var body: [String: JSONValue] = [
                "jql": .string(jql),
                "fields": .array((try input.strings("fields") ?? defaultSearchFields).map { .string($0) }),
                "maxResults": .integer(try input.optionalInteger("max_results") ?? 50),
            ]
            if let token = try input.optionalString("next_page_token") { body["nextPageToken"] = .string(token) }
            return ActionRequest(method: .POST, path: "\(api)/search/jql", body: .object(body))
        },
        action("issue.transitions.list", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: try issuePath(input, "/transitions"))
        },
        action("issue.comments.list", .list(itemsKey: "comments"), pagination: commentPaging) {
            input throws(WorkerError) in
            ActionRequest(
                method: .GET,
                path: try issuePath(input, "/comment"),
                query: [
                    Query("startAt", "0"), Query("maxResults", String(try input.optionalInteger("max_results") ?? 50)),
                ]
            )
        },
        action("project.get", .read) { input throws(WorkerError) in
            ActionRequest(method: .GET, path: "\(api)/project/\(URLEncoding.component(try input.string("project")))")
        },
        action("myself", .read, resource: nil) { _ throws(WorkerError) in
            ActionRequest(method: .GET, path: "\(api)/myself")
        },
    ]
}
