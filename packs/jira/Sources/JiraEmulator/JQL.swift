import Foundation

/// The part of JQL the emulator answers: clauses `field = value`, `!=`, `~` (contains, without case), `!~`,
/// `in (…)`, `not in (…)`, `is EMPTY`, `is not EMPTY`, joined by `AND`, `OR`, `NOT` and parentheses, then an
/// optional `ORDER BY field [ASC|DESC], …`. Fields: project, key (issuekey, issue), status, labels, assignee,
/// reporter, issuetype (type), priority, summary, description, text, parent. `currentUser()` names the caller.
struct JQL {
    indirect enum Condition {
        case all
        case clause(field: String, op: String, values: [String])
        case and(Condition, Condition)
        case or(Condition, Condition)
        case not(Condition)
    }

    struct Failure: Error {
        var message: String
    }

    static let fields: [String: String] = [
        "project": "project", "key": "key", "issuekey": "key", "issue": "key", "id": "key", "status": "status",
        "labels": "labels", "assignee": "assignee", "reporter": "reporter", "issuetype": "issuetype",
        "type": "issuetype", "priority": "priority", "summary": "summary", "description": "description",
        "text": "text", "parent": "parent",
    ]

    var condition: Condition
    var order: [(field: String, descending: Bool)]

    /// Whether the query restricts anything (Jira refuses unbounded `/search/jql` queries).
    var isBounded: Bool {
        if case .all = condition { return false }
        return true
    }

    init(_ text: String) throws(Failure) {
        var parser = Parser(tokens: try Self.tokens(text))
        (condition, order) = try parser.query()
    }

    static func tokens(_ text: String) throws(Failure) -> [String] {
        var tokens: [String] = []
        var chars = Array(text)[...]
        while let c = chars.first {
            if c.isWhitespace {
                chars = chars.dropFirst()
            } else if c == "\"" || c == "'" {
                var value = "\u{1}"
                chars = chars.dropFirst()
                var closed = false
                while let d = chars.first {
                    chars = chars.dropFirst()
                    if d == "\\", let e = chars.first {
                        value.append(e)
                        chars = chars.dropFirst()
                    } else if d == c {
                        closed = true
                        break
                    } else {
                        value.append(d)
                    }
                }
                guard closed else {
                    throw Failure(
                        message: "Error in the JQL Query: the quoted string \(value.dropFirst()) is not closed."
                    )
                }
                tokens.append(value)
            } else if "(),".contains(c) {
                tokens.append(String(c))
                chars = chars.dropFirst()
            } else if "=!~<>".contains(c) {
                var op = String(c)
                chars = chars.dropFirst()
                if let d = chars.first, "=~".contains(d) {
                    op.append(d)
                    chars = chars.dropFirst()
                }
                tokens.append(op)
            } else {
                var word = ""
                while let d = chars.first, !d.isWhitespace, !"(),=!~<>\"'".contains(d) {
                    word.append(d)
                    chars = chars.dropFirst()
                }
                if word == "currentUser" || word == "currentuser", chars.first == "(" {
                    chars = chars.dropFirst()
                    guard chars.first == ")" else {
                        throw Failure(message: "Error in the JQL Query: expected ')' after currentUser(.")
                    }
                    chars = chars.dropFirst()
                    word = "currentUser()"
                }
                tokens.append(word)
            }
        }
        return tokens
    }

    struct Parser {
        var tokens: [String]
        var index = 0

        var peek: String? { index < tokens.count ? tokens[index] : nil }
        func isWord(_ word: String) -> Bool { peek?.lowercased() == word }

        mutating func next() -> String? {
            defer { index += 1 }
            return peek
        }

        mutating func query() throws(Failure) -> (Condition, [(field: String, descending: Bool)]) {
            var condition = Condition.all
            if peek != nil, !isWord("order") { condition = try or() }
            var order: [(field: String, descending: Bool)] = []
            if isWord("order") {
                index += 1
                guard isWord("by") else {
                    throw Failure(message: "Error in the JQL Query: expected 'by' after 'order'.")
                }
                index += 1
                repeat {
                    if peek == "," { index += 1 }
                    guard let field = next(),
                        let known = JQL.fields[field.lowercased()]
                            ?? (["created", "updated"].contains(field.lowercased()) ? field.lowercased() : nil)
                    else {
                        throw Failure(
                            message:
                                "Field '\(tokens[min(index - 1, tokens.count - 1)])' does not exist or you do not have permission to view it."
                        )
                    }
                    var descending = false
                    if isWord("desc") { descending = true; index += 1 } else if isWord("asc") { index += 1 }
                    order.append((known, descending))
                } while peek == ","
            }
            if let extra = peek { throw Failure(message: "Error in the JQL Query: unexpected '\(extra)'.") }
            return (condition, order)
        }

        mutating func or() throws(Failure) -> Condition {
            var left = try and()
            while isWord("or") {
                index += 1
                left = .or(left, try and())
            }
            return left
        }

        mutating func and() throws(Failure) -> Condition {
            var left = try unary()
            while isWord("and") {
                index += 1
                left = .and(left, try unary())
            }
            return left
        }

        mutating func unary() throws(Failure) -> Condition {
            if isWord("not") {
                index += 1
                return .not(try unary())
            }
            if peek == "(" {
                index += 1
                let inner = try or()
                guard next() == ")" else { throw Failure(message: "Error in the JQL Query: expected ')'.") }
                return inner
            }
            return try clause()
        }

        mutating func clause() throws(Failure) -> Condition {
            guard let name = next() else { throw Failure(message: "Error in the JQL Query: expected a field.") }
            let fieldName = name.hasPrefix("\u{1}") ? String(name.dropFirst()) : name
            guard let field = JQL.fields[fieldName.lowercased()] else {
                throw Failure(message: "Field '\(fieldName)' does not exist or you do not have permission to view it.")
            }
            guard var op = next()?.lowercased() else {
                throw Failure(message: "Error in the JQL Query: expected an operator after '\(fieldName)'.")
            }
            if op == "not", isWord("in") {
                index += 1
                op = "not in"
            } else if op == "is", isWord("not") {
                index += 1
                op = "is not"
            }
            switch op {
            case "=", "!=", "~", "!~":
                return .clause(field: field, op: op, values: [try value()])
            case "in", "not in":
                guard next() == "(" else {
                    throw Failure(message: "Error in the JQL Query: expected '(' after '\(op)'.")
                }
                var values = [try value()]
                while peek == "," {
                    index += 1
                    values.append(try value())
                }
                guard next() == ")" else { throw Failure(message: "Error in the JQL Query: expected ')'.") }
                return .clause(field: field, op: op, values: values)
            case "is", "is not":
                guard let word = next()?.lowercased(), word == "empty" || word == "null" else {
                    throw Failure(message: "Error in the JQL Query: expected EMPTY after '\(op)'.")
                }
                return .clause(field: field, op: op, values: [])
            default:
                throw Failure(message: "The operator '\(op)' is not supported by the field '\(fieldName)'.")
            }
        }

        mutating func value() throws(Failure) -> String {
            guard let token = next(), !["(", ")", ","].contains(token) else {
                throw Failure(message: "Error in the JQL Query: expected a value.")
            }
            return token.hasPrefix("\u{1}") ? String(token.dropFirst()) : token
        }
    }
}
