public import StructuredData

/// How much a finding matters.
public enum Severity: String, Sendable, Hashable, Comparable, CaseIterable {
    /// Breaks the Standard Pack Pattern or Cordum's rules: `packctl lint` fails.
    case error
    /// Likely a mistake or a deviation worth fixing; does not fail unless `--strict`.
    case warning
    /// Information.
    case note

    private var rank: Int {
        switch self {
        case .error: return 0
        case .warning: return 1
        case .note: return 2
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem lint found: which rule, how bad, where, what is wrong and what to do.
public struct Finding: Sendable, Hashable {
    /// The rule's id, e.g. `topic-name`.
    public var ruleID: String
    /// How much it matters.
    public var severity: Severity
    /// The pack it is about.
    public var packID: String
    /// Where: file, line and column.
    public var location: SourceLocation
    /// One sentence saying what is wrong.
    public var message: String
    /// What to do about it.
    public var hint: String?

    /// Creates a finding.
    public init(
        ruleID: String,
        severity: Severity,
        packID: String,
        location: SourceLocation,
        message: String,
        hint: String? = nil
    ) {
        self.ruleID = ruleID
        self.severity = severity
        self.packID = packID
        self.location = location
        self.message = message
        self.hint = hint
    }

    /// The finding as JSON.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "rule_id": .string(ruleID),
            "severity": .string(severity.rawValue),
            "pack_id": .string(packID),
            "file": .string(location.file),
            "line": .integer(location.line),
            "column": .integer(location.column),
            "message": .string(message),
        ]
        if let hint { object["hint"] = .string(hint) }
        return .object(object)
    }
}
