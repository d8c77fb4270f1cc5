import Foundation
import StructuredData

/// Evaluates a ``JQL`` condition against the emulated issues.
struct JQLMatcher {
    let world: JiraWorld
    let caller: String

    func values(_ issue: JiraWorld.Issue, _ field: String) -> [String] {
        switch field {
        case "project":
            return [issue.project, world.project(issue.project)?.id ?? "", world.project(issue.project)?.name ?? ""]
        case "key": return [issue.key, issue.id]
        case "status": return [issue.status, world.status(issue.status)?.id ?? ""]
        case "labels": return issue.labels
        case "assignee":
            return issue.assignee.map { [$0, world.user($0)?.displayName ?? "", world.user($0)?.email ?? ""] } ?? []
        case "reporter": return [issue.reporter, world.user(issue.reporter)?.displayName ?? ""]
        case "issuetype": return [issue.type]
        case "priority": return [issue.priority]
        case "summary": return [issue.summary]
        case "description": return issue.description.map { [Self.text($0)] } ?? []
        case "text":
            return [issue.summary, issue.description.map(Self.text) ?? ""] + issue.comments.map { Self.text($0.body) }
        case "parent": return issue.parent.map { [$0] } ?? []
        default: return []
        }
    }

    /// The text of an ADF value: every `text` member, space-separated.
    static func text(_ value: JSONValue) -> String {
        switch value {
        case .object(let members):
            let own = members["text"]?.stringValue.map { [$0] } ?? []
            return (own + (members["content"]?.arrayValue ?? []).map(text)).joined(separator: " ")
        case .array(let items): return items.map(text).joined(separator: " ")
        default: return ""
        }
    }

    func matches(_ issue: JiraWorld.Issue, _ condition: JQL.Condition) -> Bool {
        switch condition {
        case .all: return true
        case .and(let a, let b): return matches(issue, a) && matches(issue, b)
        case .or(let a, let b): return matches(issue, a) || matches(issue, b)
        case .not(let a): return !matches(issue, a)
        case .clause(let field, let op, let wanted):
            let have = values(issue, field).filter { !$0.isEmpty }
            let targets = wanted.map { $0 == "currentUser()" ? caller : $0 }
            func equal(_ target: String) -> Bool { have.contains { $0.caseInsensitiveCompare(target) == .orderedSame } }
            func contains(_ target: String) -> Bool {
                have.contains {
                    $0.range(of: target.replacingOccurrences(of: "*", with: ""), options: .caseInsensitive) != nil
                }
            }
            switch op {
            case "=": return targets.contains(where: equal)
            case "!=": return !have.isEmpty && !targets.contains(where: equal)
            case "in": return targets.contains(where: equal)
            case "not in": return !have.isEmpty && !targets.contains(where: equal)
            case "~": return targets.contains(where: contains)
            case "!~": return !targets.contains(where: contains)
            case "is": return have.isEmpty
            default: return !have.isEmpty
            }
        }
    }

    /// What ORDER BY compares.
    static func sortKey(_ issue: JiraWorld.Issue, _ field: String) -> String {
        switch field {
        case "key":
            let number = Int(issue.key.split(separator: "-").last ?? "") ?? 0
            return issue.project + String(repeating: "0", count: max(0, 10 - String(number).count)) + String(number)
        case "created": return issue.created + issue.id
        case "updated": return issue.updated
        case "summary": return issue.summary
        case "status": return issue.status
        case "priority": return issue.priority
        default: return ""
        }
    }
}
