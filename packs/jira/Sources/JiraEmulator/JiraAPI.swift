import EmulatorKit
import Foundation
import StructuredData

/// Jira's error answer: `{"errorMessages": [...], "errors": {field: problem}}` with its status.
struct JiraError: Error, EmulatorResponseError {
    var status: Int
    var messages: [String] = []
    var fields: [String: String] = [:]

    var response: EmulatorResponse {
        .json(
            [
                "errorMessages": .array(messages.map { .string($0) }),
                "errors": .object(fields.mapValues { .string($0) }),
            ],
            status: status
        )
    }

    static let noIssue = JiraError(
        status: 404,
        messages: ["Issue does not exist or you do not have permission to see it."]
    )
}

/// The REST API v3 endpoints the pack uses, answered from ``JiraWorld`` with Jira's shapes.
struct JiraAPI {
    let state: SeededState<JiraWorld>
    static let api = "/rest/api/3"
    static let authenticator = CallerAuthenticator(schemes: [.basic, .bearer]) { _ in
        .json(
            [
                "errorMessages": ["You are not authenticated. Authentication required to perform this operation."],
                "errors": [:],
            ],
            status: 401,
            headers: [
                "www-authenticate":
                    "Basic realm=\"protected-area\", OAuth realm=\"https%3A%2F%2Fcordum-demo.atlassian.net\""
            ]
        )
    }

    var router: EmulatorRouter {
        var router = EmulatorRouter()
        let api = Self.api
        router.add("GET", "\(api)/myself") { request, _ in try self.myself(request) }
        router.add("GET", "\(api)/serverInfo") { request, _ in self.serverInfo(request) }
        router.add("GET", "\(api)/project/{key}") { request, p in try self.project(request, p["key"]) }
        router.add("POST", "\(api)/search/jql") { request, _ in try self.search(request, try self.json(request)) }
        router.add("GET", "\(api)/search/jql") { request, _ in try self.search(request, Self.searchQuery(request)) }
        router.add("GET", "\(api)/issueLinkType") { request, _ in try self.linkTypes(request) }
        router.add("GET", "\(api)/field") { request, _ in try self.fieldList(request) }
        router.add("POST", "\(api)/issue") { request, _ in try self.create(request) }
        router.add("GET", "\(api)/issue/{key}") { request, p in try self.issue(request, p["key"]) }
        router.add("PUT", "\(api)/issue/{key}") { request, p in try self.update(request, p["key"]) }
        router.add("DELETE", "\(api)/issue/{key}") { request, p in try self.delete(request, p["key"]) }
        router.add("GET", "\(api)/issue/{key}/transitions") { request, p in try self.transitions(request, p["key"]) }
        router.add("POST", "\(api)/issue/{key}/transitions") { request, p in try self.transition(request, p["key"]) }
        router.add("GET", "\(api)/issue/{key}/comment") { request, p in try self.comments(request, p["key"]) }
        router.add("POST", "\(api)/issue/{key}/comment") { request, p in try self.comment(request, p["key"]) }
        router.add("PUT", "\(api)/issue/{key}/assignee") { request, p in try self.assign(request, p["key"]) }
        router.add("POST", "\(api)/issue/{key}/attachments") { request, p in try self.attach(request, p["key"]) }
        router.add("POST", "\(api)/issueLink") { request, _ in try self.link(request) }
        return router
    }

    /// The caller's account id.
    func caller(_ request: EmulatorRequest) throws -> String {
        let registry = state.withLock { $0.credentials }
        return try Self.authenticator.authenticate(request, registry: registry, now: 0).subject
    }

    func json(_ request: EmulatorRequest) throws -> [String: JSONValue] {
        guard let body = try? request.jsonBody(), let object = body.objectValue else {
            throw JiraError(status: 400, messages: ["Unexpected character: the request body is not a JSON object."])
        }
        return object
    }

    // MARK: rendering

    func user(_ id: String?, _ world: JiraWorld, base: String) -> JSONValue {
        guard let user = world.user(id) else { return .null }
        return [
            "self": .string("\(base)\(Self.api)/user?accountId=\(user.accountID)"),
            "accountId": .string(user.accountID),
            "accountType": "atlassian", "displayName": .string(user.displayName), "emailAddress": .string(user.email),
            "active": .bool(user.active), "timeZone": "Etc/UTC",
        ]
    }

    func comment(_ comment: JiraWorld.Comment, _ world: JiraWorld, base: String, issue: String) -> JSONValue {
        [
            "self": .string("\(base)\(Self.api)/issue/\(issue)/comment/\(comment.id)"), "id": .string(comment.id),
            "author": user(comment.author, world, base: base), "updateAuthor": user(comment.author, world, base: base),
            "body": comment.body, "created": .string(comment.created), "updated": .string(comment.created),
            "jsdPublic": true,
        ]
    }

    func statusJSON(_ name: String, _ world: JiraWorld, base: String) -> JSONValue {
        guard let status = world.status(name) else { return .null }
        let categoryNames = ["new": "To Do", "indeterminate": "In Progress", "done": "Done"]
        let categoryIDs = ["new": 2, "indeterminate": 4, "done": 3]
        return [
            "self": .string("\(base)\(Self.api)/status/\(status.id)"), "id": .string(status.id),
            "name": .string(status.name),
            "description": "",
            "statusCategory": [
                "id": .integer(categoryIDs[status.category] ?? 1), "key": .string(status.category),
                "name": .string(categoryNames[status.category] ?? status.category), "colorName": "blue-gray",
            ],
        ]
    }

    func issueJSON(_ issue: JiraWorld.Issue, _ world: JiraWorld, base: String, fields wanted: [String]?) -> JSONValue {
        let project = world.project(issue.project)
        let type = project?.issueTypes.first { $0.name == issue.type }
        var fields: [String: JSONValue] = [
            "summary": .string(issue.summary),
            "description": issue.description ?? .null,
            "status": statusJSON(issue.status, world, base: base),
            "issuetype": [
                "id": .string(type?.id ?? ""), "name": .string(issue.type), "subtask": .bool(type?.subtask ?? false),
                "self": .string("\(base)\(Self.api)/issuetype/\(type?.id ?? "")"),
            ],
            "project": [
                "id": .string(project?.id ?? ""), "key": .string(issue.project), "name": .string(project?.name ?? ""),
                "self": .string("\(base)\(Self.api)/project/\(project?.id ?? "")"),
            ],
            "labels": .array(issue.labels.map { .string($0) }),
            "priority": [
                "id": .string(String((world.priorities.firstIndex(of: issue.priority) ?? 2) + 1)),
                "name": .string(issue.priority),
            ],
            "assignee": user(issue.assignee, world, base: base),
            "reporter": user(issue.reporter, world, base: base),
            "creator": user(issue.reporter, world, base: base),
            "created": .string(issue.created),
            "updated": .string(issue.updated),
            "comment": [
                "comments": .array(issue.comments.map { comment($0, world, base: base, issue: issue.id) }),
                "maxResults": .integer(issue.comments.count), "total": .integer(issue.comments.count), "startAt": 0,
            ],
            "attachment": .array(issue.attachments.map { attachmentJSON($0, world, base: base) }),
            "issuelinks": .array(
                issue.links.map { link in
                    let type = world.linkTypes.first { $0.name == link.type }
                    var json: [String: JSONValue] = [
                        "id": .string(link.id),
                        "type": [
                            "id": .string(type?.id ?? ""), "name": .string(link.type),
                            "inward": .string(type?.inward ?? ""),
                            "outward": .string(type?.outward ?? ""),
                        ],
                    ]
                    json[link.otherIsOutward ? "outwardIssue" : "inwardIssue"] = ["key": .string(link.other)]
                    return .object(json)
                }
            ),
            "subtasks": .array(
                world.issues.filter { $0.parent == issue.key }.map { ["id": .string($0.id), "key": .string($0.key)] }
            ),
        ]
        if let parent = issue.parent, let index = world.issueIndex(parent) {
            fields["parent"] = ["id": .string(world.issues[index].id), "key": .string(parent)]
        }
        for (name, value) in issue.other { fields[name] = value }
        if let wanted, !wanted.contains("*all"), !wanted.contains("*navigable") {
            let excluded = Set(wanted.filter { $0.hasPrefix("-") }.map { String($0.dropFirst()) })
            let included = Set(wanted.filter { !$0.hasPrefix("-") })
            fields = fields.filter { (included.isEmpty || included.contains($0.key)) && !excluded.contains($0.key) }
        }
        return [
            "expand": "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
            "id": .string(issue.id), "self": .string("\(base)\(Self.api)/issue/\(issue.id)"), "key": .string(issue.key),
            "fields": .object(fields),
        ]
    }

    func attachmentJSON(_ attachment: JiraWorld.Attachment, _ world: JiraWorld, base: String) -> JSONValue {
        [
            "self": .string("\(base)\(Self.api)/attachment/\(attachment.id)"), "id": .string(attachment.id),
            "filename": .string(attachment.filename), "author": user(attachment.author, world, base: base),
            "created": .string(attachment.created), "size": .integer(attachment.size),
            "mimeType": .string(attachment.mimeType),
            "content": .string("\(base)/rest/api/3/attachment/content/\(attachment.id)"),
        ]
    }

    static func fieldList(_ value: String?) -> [String]? {
        value.map { $0.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) } }
    }

    // MARK: reads

    func myself(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let account = try caller(request)
        return .json(state.withLock { world in user(account, world, base: request.baseURL) })
    }

    func serverInfo(_ request: EmulatorRequest) -> EmulatorResponse {
        .json([
            "baseUrl": .string(request.baseURL), "version": "1001.0.0-SNAPSHOT", "versionNumbers": [1001, 0, 0],
            "deploymentType": "Cloud", "buildNumber": 100_250, "buildDate": "2026-12-01T00:00:00.000+0000",
            "serverTitle": "Cordum Demo",
        ])
    }

    func project(_ request: EmulatorRequest, _ key: String) throws -> EmulatorResponse {
        _ = try caller(request)
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let project = world.project(key) else {
                throw JiraError(status: 404, messages: ["No project could be found with key '\(key)'."])
            }
            let base = request.baseURL
            return .json([
                "self": .string("\(base)\(Self.api)/project/\(project.id)"), "id": .string(project.id),
                "key": .string(project.key), "name": .string(project.name), "projectTypeKey": "software",
                "simplified": true, "style": "next-gen", "isPrivate": false,
                "lead": user(project.lead, world, base: base),
                "issueTypes": .array(
                    project.issueTypes.map {
                        [
                            "id": .string($0.id), "name": .string($0.name), "subtask": .bool($0.subtask),
                            "self": .string("\(base)\(Self.api)/issuetype/\($0.id)"),
                        ]
                    }
                ),
            ])
        }
    }

    func issue(_ request: EmulatorRequest, _ key: String) throws -> EmulatorResponse {
        _ = try caller(request)
        let wanted = Self.fieldList(request.queryValue("fields"))
        let expand = Self.fieldList(request.queryValue("expand")) ?? []
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let index = world.issueIndex(key) else { throw .noIssue }
            var json = issueJSON(world.issues[index], world, base: request.baseURL, fields: wanted)
            if expand.contains("transitions"), var object = json.objectValue {
                object["transitions"] = transitionsJSON(world.issues[index], world, base: request.baseURL)
                json = .object(object)
            }
            return .json(json)
        }
    }

    func transitionsJSON(_ issue: JiraWorld.Issue, _ world: JiraWorld, base: String) -> JSONValue {
        .array(
            world.statuses.filter { $0.name != issue.status }.map { status in
                [
                    "id": .string(status.transitionID), "name": .string(status.name), "hasScreen": false,
                    "isGlobal": true, "isInitial": false, "isAvailable": true, "isConditional": false,
                    "isLooped": false, "to": statusJSON(status.name, world, base: base),
                ]
            }
        )
    }

    func transitions(_ request: EmulatorRequest, _ key: String) throws -> EmulatorResponse {
        _ = try caller(request)
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let index = world.issueIndex(key) else { throw .noIssue }
            return .json([
                "expand": "transitions",
                "transitions": transitionsJSON(world.issues[index], world, base: request.baseURL),
            ])
        }
    }

    func comments(_ request: EmulatorRequest, _ key: String) throws -> EmulatorResponse {
        _ = try caller(request)
        let startAt = Int(request.queryValue("startAt") ?? "0") ?? -1
        let maxResults = Int(request.queryValue("maxResults") ?? "50") ?? -1
        guard startAt >= 0, maxResults >= 0 else {
            throw JiraError(status: 400, messages: ["startAt and maxResults must be whole numbers of 0 or more."])
        }
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let index = world.issueIndex(key) else { throw .noIssue }
            let issue = world.issues[index]
            let limit = min(maxResults, 100)
            let page = issue.comments.dropFirst(startAt).prefix(limit)
            return .json([
                "comments": .array(page.map { comment($0, world, base: request.baseURL, issue: issue.id) }),
                "maxResults": .integer(limit), "total": .integer(issue.comments.count), "startAt": .integer(startAt),
            ])
        }
    }

    /// The GET form of `/search/jql`: its query parameters as the POST body's members.
    static func searchQuery(_ request: EmulatorRequest) -> [String: JSONValue] {
        var body: [String: JSONValue] = [:]
        if let jql = request.queryValue("jql") { body["jql"] = .string(jql) }
        if let token = request.queryValue("nextPageToken") { body["nextPageToken"] = .string(token) }
        if let max = request.queryValue("maxResults") {
            body["maxResults"] = Int(max).map { .integer($0) } ?? .string(max)
        }
        if let fields = fieldList(request.queryValue("fields")) { body["fields"] = .array(fields.map { .string($0) }) }
        return body
    }

    /// The system fields the emulator models, as `GET /field` lists them.
    static let systemFields: [(id: String, name: String, type: String)] = [
        ("summary", "Summary", "string"), ("description", "Description", "string"), ("status", "Status", "status"),
        ("issuetype", "Issue Type", "issuetype"), ("project", "Project", "project"), ("labels", "Labels", "array"),
        ("priority", "Priority", "priority"), ("assignee", "Assignee", "user"), ("reporter", "Reporter", "user"),
        ("creator", "Creator", "user"), ("created", "Created", "datetime"), ("updated", "Updated", "datetime"),
        ("comment", "Comment", "comments-page"), ("attachment", "Attachment", "array"),
        ("issuelinks", "Linked Issues", "array"), ("subtasks", "Sub-tasks", "array"), ("parent", "Parent", "issuelink"),
    ]

    func fieldList(_ request: EmulatorRequest) throws -> EmulatorResponse {
        _ = try caller(request)
        return .json(
            .array(
                Self.systemFields.map { field in
                    [
                        "id": .string(field.id), "key": .string(field.id), "name": .string(field.name), "custom": false,
                        "orderable": true, "navigable": true, "searchable": true, "clauseNames": [.string(field.id)],
                        "schema": ["type": .string(field.type), "system": .string(field.id)],
                    ]
                }
            )
        )
    }

    func linkTypes(_ request: EmulatorRequest) throws -> EmulatorResponse {
        _ = try caller(request)
        return .json(
            state.withLock { world in
                [
                    "issueLinkTypes": .array(
                        world.linkTypes.map { type in
                            [
                                "id": .string(type.id), "name": .string(type.name), "inward": .string(type.inward),
                                "outward": .string(type.outward),
                                "self": .string("\(request.baseURL)\(Self.api)/issueLinkType/\(type.id)"),
                            ]
                        }
                    )
                ]
            }
        )
    }

    func search(_ request: EmulatorRequest, _ body: [String: JSONValue]) throws -> EmulatorResponse {
        let account = try caller(request)
        guard let text = body["jql"]?.stringValue else {
            throw JiraError(status: 400, messages: ["The JQL query is required (jql)."])
        }
        let query: JQL
        do {
            query = try JQL(text)
        } catch {
            throw JiraError(status: 400, messages: [error.message])
        }
        guard query.isBounded else {
            throw JiraError(
                status: 400,
                messages: ["Unbounded JQL queries are not allowed here. Please add a search restriction to your query."]
            )
        }
        let maxResults = body["maxResults"]?.intValue ?? 50
        guard (0...5000).contains(maxResults) else {
            throw JiraError(status: 400, messages: ["maxResults must be between 0 and 5000."])
        }
        var offset = 0
        if let token = body["nextPageToken"]?.stringValue {
            guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
                text.hasPrefix("offset:"), let value = Int(text.dropFirst(7)), value >= 0
            else { throw JiraError(status: 400, messages: ["The nextPageToken is not valid."]) }
            offset = value
        }
        let wanted = body["fields"]?.arrayValue?.compactMap(\.stringValue) ?? ["id"]
        return state.withLock { world -> EmulatorResponse in
            var found = world.issues.filter { JQLMatcher(world: world, caller: account).matches($0, query.condition) }
            found.sort { a, b in
                for (field, descending) in query.order + [("key", false)] {
                    let (x, y) = (JQLMatcher.sortKey(a, field), JQLMatcher.sortKey(b, field))
                    if x != y { return descending ? x > y : x < y }
                }
                return false
            }
            let page = Array(found.dropFirst(offset).prefix(maxResults))
            let fields = wanted == ["id"] ? [] : wanted
            var answer: [String: JSONValue] = [
                "issues": .array(
                    page.map { issue in
                        fields.isEmpty
                            ? ["id": .string(issue.id)] : issueJSON(issue, world, base: request.baseURL, fields: fields)
                    }
                ),
                "isLast": .bool(offset + page.count >= found.count),
            ]
            if offset + page.count < found.count, !page.isEmpty {
                answer["nextPageToken"] = .string(Data("offset:\(offset + page.count)".utf8).base64EncodedString())
            }
            // A search changes nothing: the conformance suite does not count this POST as a write.
            return .json(.object(answer), headers: [RecordedRequest.readOnlyHeader: "true"])
        }
    }
}
