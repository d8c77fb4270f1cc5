import StructuredData

/// A change of an issue (`PUT …/issues/<id>/` and the project's bulk update) with Sentry's rules: statuses,
/// `statusDetails` (resolve in the next release, in a release, in a commit; ignore for a time, a count or a user
/// count), assignment to a user or team, and the bookmark, subscription, seen and public flags.
enum IssueChange {
    static let statuses = ["resolved", "resolvedInNextRelease", "unresolved", "ignored"]

    static func apply(_ body: [String: JSONValue], to issue: inout SentryWorld.Issue, in world: SentryWorld) throws {
        let details = body["statusDetails"]?.objectValue ?? [:]
        var status = body["status"]?.stringValue
        if let value = body["status"], status == nil || !statuses.contains(status ?? "") {
            let text = value.stringValue ?? JSONEncoding.compact(value)
            throw SentryError(400, fields: ["status": "\"\(text)\" is not a valid choice."])
        }
        if status == nil, details["inNextRelease"] != nil || details["inRelease"] != nil || details["inCommit"] != nil {
            status = "resolved"
        }
        if status == nil, details.keys.contains(where: { $0.hasPrefix("ignore") }) { status = "ignored" }
        switch status {
        case "resolved", "resolvedInNextRelease":
            issue.status = "resolved"
            issue.substatus = nil
            issue.statusDetails = [:]
            if status == "resolvedInNextRelease" || details["inNextRelease"]?.boolValue == true {
                guard world.releases.contains(where: { $0.projects.contains(issue.project) }) else {
                    throw SentryError(
                        400,
                        fields: [
                            "statusDetails": "No release data present in the system to form a basis for 'Next Release'"
                        ]
                    )
                }
                issue.statusDetails = ["inNextRelease": true]
            } else if let version = details["inRelease"]?.stringValue {
                let release =
                    version == "latest"
                    ? world.releases.last { $0.projects.contains(issue.project) }
                    : world.releases.first { $0.version == version }
                guard let release else { throw SentryError(400, fields: ["statusDetails": "Invalid release"]) }
                issue.statusDetails = ["inRelease": .string(release.version)]
            } else if let commit = details["inCommit"] {
                issue.statusDetails = ["inCommit": commit]
            }
        case "unresolved":
            issue.status = "unresolved"
            issue.substatus = "ongoing"
            issue.statusDetails = [:]
        case "ignored":
            issue.status = "ignored"
            let conditions = details.filter { $0.key.hasPrefix("ignore") }
            for (key, value) in conditions where (value.intValue ?? 0) < 1 {
                throw SentryError(400, fields: ["statusDetails": "\(key) must be a whole number of 1 or more"])
            }
            issue.substatus = conditions.isEmpty ? "archived_forever" : "archived_until_condition_met"
            issue.statusDetails = conditions
        default:
            break
        }
        if let value = body["substatus"]?.stringValue, issue.status != "resolved" { issue.substatus = value }
        if let assignee = body["assignedTo"] {
            issue.assignee = try actor(assignee, in: world)
        }
        if let value = body["hasSeen"]?.boolValue { issue.hasSeen = value }
        if let value = body["isBookmarked"]?.boolValue { issue.isBookmarked = value }
        if let value = body["isSubscribed"]?.boolValue { issue.isSubscribed = value }
        if let value = body["isPublic"]?.boolValue { issue.isPublic = value }
    }

    /// `user:<id>`, `team:<id>`, a user id, username or email; `""` or `null` unassigns.
    static func actor(_ value: JSONValue, in world: SentryWorld) throws -> SentryWorld.Assignee? {
        guard let text = value.stringValue, !text.isEmpty else { return nil }
        if text.hasPrefix("team:") {
            let id = String(text.dropFirst(5))
            if world.team(id) != nil { return .team(id) }
        } else {
            let key = text.hasPrefix("user:") ? String(text.dropFirst(5)) : text
            if let member = world.members.first(where: { $0.id == key || $0.username == key || $0.email == key }) {
                return .user(member.id)
            }
        }
        throw SentryError(400, fields: ["assignedTo": "Unknown actor input"])
    }
}
