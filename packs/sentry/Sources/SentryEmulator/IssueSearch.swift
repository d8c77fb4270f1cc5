import Foundation

/// The subset of Sentry's issue search syntax the emulator understands: `is:unresolved|resolved|ignored|archived|
/// assigned|unassigned`, `firstRelease:<version>` (or `first-release:`), `release:<version>`, `level:<level>`,
/// `assigned:<username|email|me>`, and free words matched against the title and culprit (without case). Values may
/// be quoted.
struct IssueSearch {
    var terms: [(key: String, value: String)] = []
    var words: [String] = []

    init(_ query: String) {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        for character in query {
            if character == "\"" {
                quoted.toggle()
            } else if character == " " && !quoted {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        for token in tokens {
            if let colon = token.firstIndex(of: ":"), colon != token.startIndex {
                terms.append((String(token[..<colon]), String(token[token.index(after: colon)...])))
            } else {
                words.append(token.lowercased())
            }
        }
    }

    func matches(_ issue: SentryWorld.Issue, in world: SentryWorld) -> Bool {
        for (key, value) in terms {
            switch key {
            case "is":
                switch value {
                case "unresolved", "resolved", "ignored": if issue.status != value { return false }
                case "archived": if issue.status != "ignored" { return false }
                case "assigned": if issue.assignee == nil { return false }
                case "unassigned": if issue.assignee != nil { return false }
                default: break
                }
            case "firstRelease", "first-release", "first_release":
                if issue.firstRelease != value { return false }
            case "release":
                let releases = world.events(of: issue.id).compactMap(\.release)
                if !releases.contains(value) && issue.lastRelease != value { return false }
            case "level":
                if issue.level != value { return false }
            case "assigned":
                guard case .user(let id) = issue.assignee, let member = world.member(id) else { return false }
                if value != "me" && member.email != value && member.username != value { return false }
            default:
                break
            }
        }
        let text = (issue.title + " " + issue.culprit).lowercased()
        return words.allSatisfy { text.contains($0) }
    }
}
