import Foundation

/// ServiceNow's encoded query language as the emulator reads it: conditions `field<op>value` joined by `^` (AND),
/// `^OR` alternatives, dot-walked fields (`cmdb_ci.name`), and `ORDERBY`/`ORDERBYDESC`. What it does not know
/// (`^NQ`, `javascript:` values, other operators) is a 400, as an emulator should say what it cannot answer.
struct EncodedQueryMatcher {
    struct Condition {
        var field: String
        var op: String
        var value: String
    }

    /// Groups of alternatives, all of which must match.
    var groups: [[Condition]] = []
    var order: (field: String, descending: Bool)?

    static let operators = [
        "ISNOTEMPTY", "ISEMPTY", "NOT LIKE", "NOT IN", "STARTSWITH", "ENDSWITH", "LIKE", "IN", "!=", "<=", ">=", "=",
        "<", ">",
    ]

    struct Invalid: Error { var message: String }

    init(_ text: String) throws {
        guard !text.isEmpty else { return }
        for token in text.components(separatedBy: "^") {
            if token.hasPrefix("ORDERBYDESC") {
                order = (String(token.dropFirst("ORDERBYDESC".count)), true)
            } else if token.hasPrefix("ORDERBY") {
                order = (String(token.dropFirst("ORDERBY".count)), false)
            } else if token.hasPrefix("OR"), !groups.isEmpty {
                groups[groups.count - 1].append(try Self.condition(String(token.dropFirst(2))))
            } else if token == "NQ" || token.hasPrefix("javascript:") {
                throw Invalid(message: "The emulator does not answer \(token) queries.")
            } else {
                groups.append([try Self.condition(token)])
            }
        }
    }

    static func condition(_ token: String) throws -> Condition {
        let fieldEnd = token.firstIndex { !($0.isLowercase || $0.isNumber || $0 == "_" || $0 == ".") } ?? token.endIndex
        let field = String(token[..<fieldEnd])
        let rest = token[fieldEnd...]
        guard !field.isEmpty, let op = operators.first(where: { rest.hasPrefix($0) }) else {
            throw Invalid(message: "Invalid query condition \"\(token.prefix(80))\".")
        }
        return Condition(field: field, op: op, value: String(rest.dropFirst(op.count)))
    }

    /// Whether `record` (of `world`) matches.
    func matches(_ record: ServiceNowWorld.Record, in world: ServiceNowWorld) -> Bool {
        groups.allSatisfy { group in group.contains { Self.matches($0, record, world) } }
    }

    static func value(_ field: String, _ record: ServiceNowWorld.Record, _ world: ServiceNowWorld) -> String {
        let parts = field.split(separator: ".").map(String.init)
        var current = record
        for (index, part) in parts.enumerated() {
            let value = current[part] ?? ""
            if index == parts.count - 1 { return value }
            guard let table = ServiceNowWorld.references[part], let next = world.record(table, value) else { return "" }
            current = next
        }
        return ""
    }

    static func matches(_ condition: Condition, _ record: ServiceNowWorld.Record, _ world: ServiceNowWorld) -> Bool {
        let actual = value(condition.field, record, world)
        let wanted = condition.value
        switch condition.op {
        case "=": return actual == wanted
        case "!=": return actual != wanted
        case "LIKE": return actual.lowercased().contains(wanted.lowercased())
        case "NOT LIKE": return !actual.lowercased().contains(wanted.lowercased())
        case "STARTSWITH": return actual.lowercased().hasPrefix(wanted.lowercased())
        case "ENDSWITH": return actual.lowercased().hasSuffix(wanted.lowercased())
        case "IN": return wanted.split(separator: ",").contains { String($0) == actual }
        case "NOT IN": return !wanted.split(separator: ",").contains { String($0) == actual }
        case "ISEMPTY": return actual.isEmpty
        case "ISNOTEMPTY": return !actual.isEmpty
        default:
            let (a, b) = (Double(actual), Double(wanted))
            let less = a != nil && b != nil ? a! < b! : actual < wanted
            let equal = actual == wanted
            switch condition.op {
            case "<": return less
            case "<=": return less || equal
            case ">": return !less && !equal
            default: return !less
            }
        }
    }

    /// `records` in the query's order (by `sys_created_on`, then sys_id, without one).
    func sorted(_ records: [ServiceNowWorld.Record], in world: ServiceNowWorld) -> [ServiceNowWorld.Record] {
        guard let order else { return records }
        let sorted = records.sorted {
            Self.value(order.field, $0, world) < Self.value(order.field, $1, world)
        }
        return order.descending ? sorted.reversed() : sorted
    }
}
