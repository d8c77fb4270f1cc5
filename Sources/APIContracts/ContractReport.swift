public import StructuredData

/// The result of checking an exchange log.
public struct ContractReport: Sendable, Hashable, CustomStringConvertible {
    /// A violation an exception covers.
    public struct Excepted: Sendable, Hashable {
        /// The violation.
        public var violation: ContractViolation
        /// The exception that covers it.
        public var exception: ContractExceptions.Entry
    }

    /// How many exchanges were checked.
    public var exchanges: Int
    /// Violations no exception covers.
    public var violations: [ContractViolation] = []
    /// Violations an exception covers (reported, not failing).
    public var excepted: [Excepted] = []
    /// Exceptions that covered nothing (failing: remove them or fix the run).
    public var staleExceptions: [ContractExceptions.Entry] = []

    /// Creates an empty report.
    public init(exchanges: Int) {
        self.exchanges = exchanges
    }

    /// Whether there is no uncovered violation and no stale exception.
    public var passed: Bool { violations.isEmpty && staleExceptions.isEmpty }

    /// The report as text, one line per finding, then a summary line.
    public var description: String {
        var lines = violations.map { "violation: \($0)" }
        lines += excepted.map { "excepted: \($0.violation) — exception: \($0.exception.reason)" }
        lines += staleExceptions.map { "stale exception: \($0) (it covered nothing in this log)" }
        lines.append(
            "\(exchanges) exchanges checked: \(violations.count) violations, \(excepted.count) excepted, "
                + "\(staleExceptions.count) stale exceptions"
        )
        return lines.joined(separator: "\n")
    }

    /// The report as JSON (for `--format json`).
    public var json: JSONValue {
        func encode(_ violation: ContractViolation) -> JSONValue {
            var object: [String: JSONValue] = [
                "code": .string(violation.code.description), "exchange": .integer(violation.exchange),
                "request": .string(violation.request), "location": .string(violation.location),
                "schema_path": .string(violation.schemaPath), "keyword": .string(violation.keyword),
                "message": .string(violation.message), "vendor_description": .string(violation.vendorDescription),
            ]
            if let operation = violation.operation {
                object["operation"] = [
                    "operation_id": operation.operationID.map(JSONValue.string) ?? .null,
                    "method": .string(operation.method), "path": .string(operation.pathTemplate),
                ]
            }
            return .object(object)
        }
        func encode(_ entry: ContractExceptions.Entry) -> JSONValue {
            [
                "operation": .string(entry.operation), "location": .string(entry.location),
                "reason": .string(entry.reason),
            ]
        }
        return [
            "exchanges": .integer(exchanges), "passed": .bool(passed),
            "violations": .array(violations.map(encode)),
            "excepted": .array(
                excepted.map {
                    var object = encode($0.violation).objectValue ?? [:]
                    object["exception"] = encode($0.exception)
                    return .object(object)
                }
            ),
            "stale_exceptions": .array(staleExceptions.map(encode)),
        ]
    }
}
