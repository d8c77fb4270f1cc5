public import StructuredData

/// A named rule of the Standard Pack Pattern.
public struct LintRule: Sendable, Hashable {
    /// The stable id, e.g. `topic-name`.
    public var id: String
    /// The default severity of its findings.
    public var severity: Severity
    /// One line saying what the rule requires.
    public var summary: String

    /// Creates a rule description.
    public init(id: String, severity: Severity, summary: String) {
        self.id = id
        self.severity = severity
        self.summary = summary
    }
}

/// Receives findings; text, JSON and SARIF output are built from what it collected.
public struct FindingCollector: Sendable {
    /// The findings, in the order reported.
    public private(set) var findings: [Finding] = []

    /// Creates an empty collector.
    public init() {}

    /// Records a finding of `rule` at its default severity.
    public mutating func report(
        _ rule: LintRule,
        pack: String,
        at location: SourceLocation,
        _ message: String,
        hint: String? = nil,
        severity: Severity? = nil
    ) {
        findings.append(
            Finding(
                ruleID: rule.id,
                severity: severity ?? rule.severity,
                packID: pack,
                location: location,
                message: message,
                hint: hint
            )
        )
    }
}
