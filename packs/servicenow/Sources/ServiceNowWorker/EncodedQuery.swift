public import StructuredData
public import WorkerKit

/// A Table API `sysparm_query` built from structured conditions, never from text a job wrote: field names must be
/// names (`assigned_to.email`), operators come from a fixed set, and a value that holds `^` (ServiceNow's condition
/// separator, also the start of `^OR`, `^NQ` and `^ORDERBY`) or a line break is refused, so a value can never add a
/// condition, widen the query or reorder it. Written by hand: no package on the machine builds ServiceNow's encoded
/// queries.
///
/// ```swift
/// var query = EncodedQuery()
/// try query.add("correlation_id", .equals, "alert-1001")
/// try query.add("state", .notIn, ["6", "7"])
/// query.text   // "correlation_id=alert-1001^stateNOT IN6,7"
/// ```
public struct EncodedQuery: Sendable, Equatable {
    /// An operator of the encoded query language.
    public enum Operator: String, Sendable, CaseIterable {
        case equals = "="
        case notEquals = "!="
        case like = "LIKE"
        case notLike = "NOT LIKE"
        case startsWith = "STARTSWITH"
        case endsWith = "ENDSWITH"
        case `in` = "IN"
        case notIn = "NOT IN"
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case isEmpty = "ISEMPTY"
        case isNotEmpty = "ISNOTEMPTY"

        /// Whether the operator takes no value.
        var isUnary: Bool { self == .isEmpty || self == .isNotEmpty }
        /// Whether the operator takes a comma-separated list.
        var isList: Bool { self == .in || self == .notIn }
    }

    /// The conditions, each `field<op>value`, joined by `^` (AND).
    public private(set) var conditions: [String] = []
    /// `ORDERBY<field>` or `ORDERBYDESC<field>`, last.
    public private(set) var ordering: String?

    /// An empty query.
    public init() {}

    /// The `sysparm_query` value; empty when there is no condition and no ordering.
    public var text: String { (conditions + (ordering.map { [$0] } ?? [])).joined(separator: "^") }

    /// Adds `field op value` (AND).
    /// - Parameters:
    ///   - field: A field name, dot-walked at most three times.
    ///   - op: The operator.
    ///   - value: A string, number or boolean; a list for `IN` and `NOT IN`; nothing for `ISEMPTY`/`ISNOTEMPTY`.
    ///   - name: How messages name the condition (`filters[2]`).
    /// - Throws: `invalid_input` naming the condition: a field that is not a name, a value with `^` or a line break,
    ///   a list element with a comma, a missing or extra value.
    public mutating func add(_ field: String, _ op: Operator, _ value: JSONValue?, name: String? = nil)
        throws(WorkerError)
    {
        let label = name ?? field
        guard Self.isFieldName(field) else {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "\(label): the field \"\(field.prefix(80))\" is not a field name (lowercase letters, digits and _, dot-walked as a.b)."
            )
        }
        if op.isUnary {
            guard value == nil || value == .null else {
                throw WorkerError(code: .invalidInput, message: "\(label): \(op.rawValue) takes no value.")
            }
            conditions.append(field + op.rawValue)
            return
        }
        guard let value, value != .null else {
            throw WorkerError(code: .invalidInput, message: "\(label): \(op.rawValue) needs a value.")
        }
        let text: String
        if op.isList {
            let items = value.arrayValue ?? [value]
            var parts: [String] = []
            for item in items {
                let part = try Self.scalar(item, label: label)
                if part.contains(",") {
                    throw WorkerError(
                        code: .invalidInput,
                        message:
                            "\(label): the list value \"\(part.prefix(80))\" holds a comma, which \(op.rawValue) reads as a separator."
                    )
                }
                parts.append(part)
            }
            text = parts.joined(separator: ",")
        } else {
            text = try Self.scalar(value, label: label)
        }
        conditions.append(field + op.rawValue + text)
    }

    /// Adds `field=value` when `value` is given.
    public mutating func add(_ field: String, equals value: String?) throws(WorkerError) {
        guard let value else { return }
        try add(field, .equals, .string(value))
    }

    /// Adds conditions that match when any of `alternatives` does, as `a^ORb`, from field/value pairs that each pass
    /// the same checks as ``add(_:_:_:name:)``.
    public mutating func addAny(_ alternatives: [(field: String, value: String)]) throws(WorkerError) {
        var parts: [String] = []
        for (field, value) in alternatives {
            var one = EncodedQuery()
            try one.add(field, .equals, .string(value))
            parts.append(contentsOf: one.conditions)
        }
        if !parts.isEmpty { conditions.append(parts.joined(separator: "^OR")) }
    }

    /// Orders by `field`, ascending or descending.
    public mutating func order(by field: String, descending: Bool) throws(WorkerError) {
        guard Self.isFieldName(field) else {
            throw WorkerError(code: .invalidInput, message: "order_by: \"\(field.prefix(80))\" is not a field name.")
        }
        ordering = (descending ? "ORDERBYDESC" : "ORDERBY") + field
    }

    /// Adds every condition of a job's `filters` (`[{field, op, value}]`).
    public mutating func add(filters: JSONValue?) throws(WorkerError) {
        for (index, filter) in (filters?.arrayValue ?? []).enumerated() {
            let label = "filters[\(index)]"
            guard let field = filter["field"]?.stringValue, let name = filter["op"]?.stringValue,
                let op = Operator(rawValue: name)
            else {
                throw WorkerError(
                    code: .invalidInput,
                    message:
                        "\(label) needs a field and an op, one of \(Operator.allCases.map(\.rawValue).joined(separator: ", "))."
                )
            }
            try add(field, op, filter["value"], name: label)
        }
    }

    static func isFieldName(_ field: String) -> Bool {
        let parts = field.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...4).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            guard let first = part.first, first.isASCII, first.isLowercase, part.count <= 80 else { return false }
            return part.allSatisfy { $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }
        }
    }

    static func scalar(_ value: JSONValue, label: String) throws(WorkerError) -> String {
        let text: String
        switch value {
        case .string(let string): text = string
        case .integer(let number): text = String(number)
        case .number(let number): text = String(number)
        case .bool(let flag): text = flag ? "true" : "false"
        default:
            throw WorkerError(code: .invalidInput, message: "\(label): a value must be a string, number or boolean.")
        }
        if text.contains("^") || text.contains("\n") || text.contains("\r") {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "\(label): the value \"\(text.prefix(80))\" holds ^ or a line break, which would start another condition of the query; search without it."
            )
        }
        return text
    }
}
