import Foundation
import WorkerKit

/// Restricts a job's JQL to one project without letting the query escape the restriction: the query becomes
/// `project = "<KEY>" AND (<condition>) ORDER BY …`. Parentheses outside quoted strings must balance and never close
/// more than they opened, so `x) OR (project = OTHER` cannot end the parentheses the worker put around it; `ORDER
/// BY` is found outside quoted strings and parentheses and kept last, where JQL requires it.
enum JQLScope {
    /// The query restricted to `project`.
    /// - Throws: `invalid_input` naming `jql` when its parentheses do not balance or a quoted string is not closed.
    static func restrict(_ jql: String, toProject project: String) throws(WorkerError) -> String {
        let (condition, order) = try split(jql)
        return "project = \"\(project)\"" + (condition.isEmpty ? "" : " AND (\(condition))") + order
    }

    /// `(condition, " ORDER BY …")`.
    static func split(_ jql: String) throws(WorkerError) -> (String, String) {
        let chars = Array(jql)
        var depth = 0
        var quote: Character?
        var orderAt: Int?
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if let open = quote {
                if c == "\\" {
                    i += 2
                    continue
                }
                if c == open { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
                if depth < 0 {
                    throw invalid("closes a parenthesis it did not open (at character \(i + 1))")
                }
            } else if depth == 0, orderAt == nil, isOrderBy(chars, at: i) {
                orderAt = i
            }
            i += 1
        }
        if quote != nil { throw invalid("has a quoted string that is not closed") }
        if depth != 0 { throw invalid("opens \(depth) parenthesis(es) it does not close") }
        guard let orderAt else { return (jql.trimmingSpaces, "") }
        return (String(chars[..<orderAt]).trimmingSpaces, " " + String(chars[orderAt...]).trimmingSpaces)
    }

    /// Whether `order by` (any case, any spaces between) starts at `i` as words of their own.
    static func isOrderBy(_ chars: [Character], at i: Int) -> Bool {
        guard i == 0 || chars[i - 1].isWhitespace || chars[i - 1] == ")" else { return false }
        let rest = String(chars[i...]).lowercased()
        guard rest.hasPrefix("order"), let after = rest.dropFirst(5).first, after.isWhitespace else { return false }
        let by = rest.dropFirst(5).drop { $0.isWhitespace }
        return by.hasPrefix("by") && (by.dropFirst(2).first?.isWhitespace ?? true)
    }

    static func invalid(_ problem: String) -> WorkerError {
        WorkerError(
            code: .invalidInput,
            message:
                "jql \(problem); with project set the query is wrapped as project = \"<KEY>\" AND (<jql>), so its parentheses and quotes must balance."
        )
    }
}
