import Foundation

/// The subset of GitHub's issue search syntax the emulator understands: `repo:o/r`, `org:`/`user:`,
/// `is:issue|pr|open|closed|merged|unmerged`, `type:issue|pr`, `state:open|closed`, `label:x` (quoted names too),
/// `-label:x`, `no:label`, `no:assignee`, `author:`, `assignee:`, `mentions:` (ignored), `in:` (ignored), and
/// plain words (all must appear in the title or body, case-insensitively). Unknown qualifiers match nothing, as
/// on GitHub they are treated as words.
struct GitHubSearchQuery {
    private(set) var terms: [(key: String?, value: String, negated: Bool)] = []

    init(_ text: String) {
        for token in Self.tokenize(text) {
            var token = token
            var negated = false
            if token.hasPrefix("-"), token.count > 1 {
                negated = true
                token.removeFirst()
            }
            if let colon = token.firstIndex(of: ":"), colon != token.startIndex {
                let key = token[..<colon].lowercased()
                let value = Self.unquote(String(token[token.index(after: colon)...]))
                terms.append((key, value, negated))
            } else {
                terms.append((nil, Self.unquote(token), negated))
            }
        }
    }

    func matches(_ issue: IssueRecord, in repository: RepositoryRecord) -> Bool {
        terms.allSatisfy { term in
            let result = matches(term.key, term.value, issue, repository)
            return term.negated ? !result : result
        }
    }

    private func matches(_ key: String?, _ value: String, _ issue: IssueRecord, _ repository: RepositoryRecord) -> Bool
    {
        let lowered = value.lowercased()
        switch key {
        case nil:
            let haystack = (issue.title + "\n" + (issue.body ?? "")).lowercased()
            return haystack.contains(lowered)
        case "repo": return repository.fullName.lowercased() == lowered
        case "org", "user": return repository.owner.lowercased() == lowered
        case "is", "type", "state":
            switch lowered {
            case "issue": return !issue.isPull
            case "pr", "pull-request": return issue.isPull
            case "open": return issue.state == "open"
            case "closed": return issue.state == "closed"
            case "merged": return repository.pulls[issue.number]?.merged == true
            case "unmerged": return issue.isPull && repository.pulls[issue.number]?.merged != true
            case "draft": return repository.pulls[issue.number]?.draft == true
            default: return false
            }
        case "label":
            let wanted = lowered.split(separator: ",").map(String.init)
            return issue.labels.contains { wanted.contains($0.lowercased()) }
        case "no":
            switch lowered {
            case "label": return issue.labels.isEmpty
            case "assignee": return issue.assignees.isEmpty
            default: return false
            }
        case "author": return issue.author.lowercased() == lowered
        case "assignee": return issue.assignees.contains { $0.lowercased() == lowered }
        case "in", "mentions", "sort": return true
        default: return false
        }
    }

    private static func unquote(_ text: String) -> String {
        text.count >= 2 && text.hasPrefix("\"") && text.hasSuffix("\"") ? String(text.dropFirst().dropLast()) : text
    }

    /// Splits on whitespace outside double quotes.
    private static func tokenize(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" {
                quoted.toggle()
                current.append(character)
            } else if character.isWhitespace, !quoted {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
