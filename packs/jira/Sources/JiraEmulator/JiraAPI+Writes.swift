import EmulatorKit
import Foundation
import StructuredData

extension JiraAPI {
    /// Whether `value` is an ADF document.
    static func isADF(_ value: JSONValue?) -> Bool {
        value?["type"]?.stringValue == "doc" && value?["version"]?.intValue == 1 && value?["content"]?.arrayValue != nil
    }

    static let notADF = "Operation value must be an Atlassian Document (see the Atlassian Document Format)"

    func create(_ request: EmulatorRequest) throws -> EmulatorResponse {
        let account = try caller(request)
        let body = try json(request)
        guard let fields = body["fields"]?.objectValue else {
            throw JiraError(status: 400, fields: ["fields": "The fields object is required."])
        }
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            var problems: [String: String] = [:]
            let projectKey = fields["project"]?["key"]?.stringValue ?? fields["project"]?["id"]?.stringValue ?? ""
            let project = world.project(projectKey)
            if project == nil { problems["project"] = "valid project is required" }
            let summary = fields["summary"]?.stringValue ?? ""
            if summary.trimmingCharacters(in: .whitespaces).isEmpty {
                problems["summary"] = "You must specify a summary of the issue."
            } else if summary.count > 255 {
                problems["summary"] = "Summary must be less than 255 characters."
            }
            let typeName = fields["issuetype"]?["name"]?.stringValue ?? fields["issuetype"]?["id"]?.stringValue ?? ""
            let type = project?.issueTypes.first {
                $0.name.caseInsensitiveCompare(typeName) == .orderedSame || $0.id == typeName
            }
            if project != nil, type == nil { problems["issuetype"] = "Specify a valid issue type" }
            if let description = fields["description"], description != .null, !Self.isADF(description) {
                problems["description"] = Self.notADF
            }
            let assignee = fields["assignee"]?["accountId"]?.stringValue
            if let assignee, world.user(assignee) == nil { problems["assignee"] = "User '\(assignee)' does not exist." }
            let priority = fields["priority"]?["name"]?.stringValue
            if let priority, !world.priorities.contains(priority) {
                problems["priority"] = "Specify the Priority (id or name) in the string format"
            }
            let parent = fields["parent"]?["key"]?.stringValue
            if let parent, world.issueIndex(parent) == nil { problems["parent"] = "Could not find issue by id or key." }
            if type?.subtask == true, parent == nil {
                problems["parent"] = "Given parent work item does not belong to appropriate hierarchy."
            }
            let labels = fields["labels"]?.arrayValue?.compactMap(\.stringValue) ?? []
            if labels.contains(where: { $0.contains(" ") }) {
                problems["labels"] = "The label must not contain spaces."
            }
            guard problems.isEmpty, let project, let type else { throw JiraError(status: 400, fields: problems) }
            let number =
                (world.issues.filter { $0.project == project.key }.compactMap {
                    Int($0.key.split(separator: "-").last ?? "")
                }.max() ?? 0) + 1
            let now = world.tick()
            var issue = JiraWorld.Issue(
                id: world.newID(),
                key: "\(project.key)-\(number)",
                project: project.key,
                type: type.name,
                summary: summary,
                description: fields["description"].flatMap { $0 == .null ? nil : $0 },
                status: world.statuses.first?.name ?? "To Do",
                labels: labels,
                priority: priority ?? "Medium",
                assignee: assignee,
                reporter: account,
                parent: parent,
                created: now,
                updated: now
            )
            let modelled: Set = [
                "project", "summary", "issuetype", "description", "assignee", "priority", "parent", "labels",
                "reporter",
            ]
            for (name, value) in fields where !modelled.contains(name) { issue.other[name] = value }
            world.issues.append(issue)
            return .json(
                [
                    "id": .string(issue.id), "key": .string(issue.key),
                    "self": .string("\(request.baseURL)\(Self.api)/issue/\(issue.id)"),
                ],
                status: 201
            )
        }
    }

    func update(_ request: EmulatorRequest, _ key: String) throws -> EmulatorResponse {
        _ = try caller(request)
        let body = try json(request)
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let index = world.issueIndex(key) else { throw .noIssue }
            var issue = world.issues[index]
            var problems: [String: String] = [:]
            for (name, value) in body["fields"]?.objectValue ?? [:] {
                switch name {
                case "summary":
                    if let text = value.stringValue, !text.isEmpty {
                        issue.summary = text
                    } else {
                        problems[name] = "You must specify a summary of the issue."
                    }
                case "description":
                    if value == .null {
                        issue.description = nil
                    } else if Self.isADF(value) {
                        issue.description = value
                    } else {
                        problems[name] = Self.notADF
                    }
                case "labels":
                    issue.labels = value.arrayValue?.compactMap(\.stringValue) ?? []
                case "priority":
                    if let name = value["name"]?.stringValue, world.priorities.contains(name) {
                        issue.priority = name
                    } else {
                        problems["priority"] = "Specify the Priority (id or name) in the string format"
                    }
                case "project", "issuetype", "status", "reporter", "created":
                    problems[name] = "Field '\(name)' cannot be set. It is not on the appropriate screen, or unknown."
                default:
                    issue.other[name] = value
                }
            }
            for operation in body["update"]?["labels"]?.arrayValue ?? [] {
                if let label = operation["add"]?.stringValue, !issue.labels.contains(label) {
                    issue.labels.append(label)
                }
                if let label = operation["remove"]?.stringValue { issue.labels.removeAll { $0 == label } }
            }
            guard problems.isEmpty else { throw JiraError(status: 400, fields: problems) }
            issue.updated = world.tick()
            world.issues[index] = issue
            return .empty(status: 204)
        }
    }

    func delete(_ request: EmulatorRequest, _ key: String) throws -> EmulatorResponse {
        _ = try caller(request)
        let subtasks = request.queryValue("deleteSubtasks") == "true"
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let index = world.issueIndex(key) else { throw .noIssue }
            let issueKey = world.issues[index].key
            let children = world.issues.filter { $0.parent == issueKey }
            if !children.isEmpty, !subtasks {
                throw JiraError(
                    status: 400,
                    messages: [
                        "The issue has subtasks. To delete the issue along with its subtasks, set deleteSubtasks to true."
                    ]
                )
            }
            world.issues.removeAll { $0.key == issueKey || $0.parent == issueKey }
            return .empty(status: 204)
        }
    }

    func transition(_ request: EmulatorRequest, _ key: String) throws -> EmulatorResponse {
        let account = try caller(request)
        let body = try json(request)
        guard let id = body["transition"]?["id"]?.stringValue else {
            throw JiraError(status: 400, messages: ["Missing 'transition' identifier."])
        }
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let index = world.issueIndex(key) else { throw .noIssue }
            guard let status = world.statuses.first(where: { $0.transitionID == id }),
                status.name != world.issues[index].status
            else { throw JiraError(status: 400, messages: ["Transition id '\(id)' is not valid for this issue."]) }
            for add in body["update"]?["comment"]?.arrayValue ?? [] {
                guard let text = add["add"]?["body"], Self.isADF(text) else {
                    throw JiraError(status: 400, fields: ["comment": Self.notADF])
                }
                world.issues[index].comments.append(
                    JiraWorld.Comment(id: world.newID(), author: account, body: text, created: world.tick())
                )
            }
            world.issues[index].status = status.name
            world.issues[index].updated = world.tick()
            return .empty(status: 204)
        }
    }

    func comment(_ request: EmulatorRequest, _ key: String) throws -> EmulatorResponse {
        let account = try caller(request)
        let body = try json(request)
        guard Self.isADF(body["body"]) else { throw JiraError(status: 400, fields: ["comment": Self.notADF]) }
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let index = world.issueIndex(key) else { throw .noIssue }
            let comment = JiraWorld.Comment(
                id: world.newID(),
                author: account,
                body: body["body"] ?? .null,
                created: world.tick()
            )
            world.issues[index].comments.append(comment)
            world.issues[index].updated = comment.created
            return .json(
                self.comment(comment, world, base: request.baseURL, issue: world.issues[index].id),
                status: 201
            )
        }
    }

    func assign(_ request: EmulatorRequest, _ key: String) throws -> EmulatorResponse {
        _ = try caller(request)
        let body = try json(request)
        guard let account = body["accountId"] else {
            throw JiraError(status: 400, fields: ["accountId": "accountId is required (null unassigns)."])
        }
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let index = world.issueIndex(key) else { throw .noIssue }
            switch account {
            case .null: world.issues[index].assignee = nil
            case .string("-1"): world.issues[index].assignee = world.project(world.issues[index].project)?.lead
            case .string(let id):
                guard world.user(id)?.active == true else {
                    throw JiraError(status: 400, fields: ["assignee": "User '\(id)' cannot be assigned issues."])
                }
                world.issues[index].assignee = id
            default: throw JiraError(status: 400, fields: ["accountId": "accountId must be a string or null."])
            }
            world.issues[index].updated = world.tick()
            return .empty(status: 204)
        }
    }

    func attach(_ request: EmulatorRequest, _ key: String) throws -> EmulatorResponse {
        let account = try caller(request)
        guard request.header("x-atlassian-token")?.lowercased() == "no-check" else {
            return .text("XSRF check failed", status: 403)
        }
        let files = try MultipartParser.files(request)
        guard !files.isEmpty else {
            throw JiraError(
                status: 400,
                messages: ["No file was attached: send a multipart/form-data part named \"file\"."]
            )
        }
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let index = world.issueIndex(key) else { throw .noIssue }
            var answer: [JSONValue] = []
            for file in files {
                let attachment = JiraWorld.Attachment(
                    id: world.newID(),
                    filename: file.filename,
                    mimeType: file.contentType,
                    size: file.data.count,
                    author: account,
                    created: world.tick(),
                    content: file.data
                )
                world.issues[index].attachments.append(attachment)
                answer.append(attachmentJSON(attachment, world, base: request.baseURL))
            }
            return .json(.array(answer))
        }
    }

    func link(_ request: EmulatorRequest) throws -> EmulatorResponse {
        _ = try caller(request)
        let body = try json(request)
        let typeName = body["type"]?["name"]?.stringValue ?? ""
        let inward = body["inwardIssue"]?["key"]?.stringValue ?? ""
        let outward = body["outwardIssue"]?["key"]?.stringValue ?? ""
        let account = try caller(request)
        return try state.withLock { world throws(JiraError) -> EmulatorResponse in
            guard let type = world.linkTypes.first(where: { $0.name.caseInsensitiveCompare(typeName) == .orderedSame })
            else {
                throw JiraError(status: 404, messages: ["No issue link type with name '\(typeName)' found."])
            }
            guard let i = world.issueIndex(inward), let o = world.issueIndex(outward) else { throw .noIssue }
            if let comment = body["comment"]?["body"] {
                guard Self.isADF(comment) else { throw JiraError(status: 400, fields: ["comment": Self.notADF]) }
                world.issues[o].comments.append(
                    JiraWorld.Comment(id: world.newID(), author: account, body: comment, created: world.tick())
                )
            }
            let id = world.newID()
            world.issues[i].links.append(
                JiraWorld.Link(id: id, type: type.name, other: world.issues[o].key, otherIsOutward: true)
            )
            world.issues[o].links.append(
                JiraWorld.Link(id: id, type: type.name, other: world.issues[i].key, otherIsOutward: false)
            )
            return .empty(status: 201)
        }
    }
}

/// The files of a `multipart/form-data` body (RFC 7578): each part's `Content-Disposition` file name and its
/// `Content-Type`. Parts without a file name (plain fields) are skipped.
enum MultipartParser {
    struct File {
        var filename: String
        var contentType: String
        var data: [UInt8]
    }

    static func files(_ request: EmulatorRequest) throws -> [File] {
        let type = request.header("content-type") ?? ""
        guard type.lowercased().hasPrefix("multipart/form-data"),
            let range = type.range(of: "boundary=")
        else { throw JiraError(status: 415, messages: ["The request must be multipart/form-data."]) }
        var boundary = String(type[range.upperBound...])
        if let semicolon = boundary.firstIndex(of: ";") { boundary = String(boundary[..<semicolon]) }
        boundary = boundary.trimmingCharacters(in: CharacterSet(charactersIn: "\" "))
        let delimiter = Array("--\(boundary)".utf8)
        let body = request.body
        var positions: [Int] = []
        var i = 0
        while i + delimiter.count <= body.count {
            if body[i] == delimiter[0], Array(body[i..<(i + delimiter.count)]) == delimiter {
                positions.append(i)
                i += delimiter.count
            } else {
                i += 1
            }
        }
        var files: [File] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var part = Array(body[(start + delimiter.count)..<end])
            if part.starts(with: [13, 10]) { part.removeFirst(2) }
            if part.suffix(2) == [13, 10] { part.removeLast(2) }
            guard let split = part.indices.first(where: { part[$0...].starts(with: [13, 10, 13, 10]) }) else {
                throw JiraError(status: 400, messages: ["A multipart part has no header end."])
            }
            let head = String(decoding: part[..<split], as: UTF8.self)
            let data = Array(part[(split + 4)...])
            var filename: String?
            var contentType = "application/octet-stream"
            for line in head.components(separatedBy: "\r\n") {
                let lower = line.lowercased()
                if lower.hasPrefix("content-disposition:"), let r = line.range(of: "filename=\"") {
                    filename = String(line[r.upperBound...].prefix { $0 != "\"" })
                } else if lower.hasPrefix("content-type:") {
                    contentType = line.dropFirst("content-type:".count).trimmingCharacters(in: .whitespaces)
                }
            }
            if let filename { files.append(File(filename: filename, contentType: contentType, data: data)) }
        }
        return files
    }
}
