public import StructuredData

/// What `packctl lint` found.
public struct LintReport: Sendable {
    /// The packs linted: id, version and where they were loaded from.
    public var packs: [(id: String, version: String, location: String)]
    /// Every finding, sorted by pack, file and line.
    public var findings: [Finding]

    /// Creates a report.
    public init(packs: [(id: String, version: String, location: String)], findings: [Finding]) {
        self.packs = packs
        self.findings = findings
    }

    /// The report with more findings (from checks that run outside the linter, such as the versioning rule),
    /// all sorted by pack, file, line, column and rule.
    /// - Parameter findings: the findings to add.
    public func adding(_ findings: [Finding]) -> LintReport {
        let order = Dictionary(packs.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
        let sorted = (self.findings + findings).sorted { lhs, rhs in
            (order[lhs.packID] ?? 0, lhs.location.file, lhs.location.line, lhs.location.column, lhs.ruleID, lhs.message)
                < (
                    order[rhs.packID] ?? 0, rhs.location.file, rhs.location.line, rhs.location.column, rhs.ruleID,
                    rhs.message
                )
        }
        return LintReport(packs: packs, findings: sorted)
    }

    /// How many findings have each severity.
    public func count(_ severity: Severity) -> Int { findings.filter { $0.severity == severity }.count }

    /// Whether lint passes: no errors (and, when `warningsAsErrors`, no warnings).
    public func passed(warningsAsErrors: Bool = false) -> Bool {
        count(.error) == 0 && (!warningsAsErrors || count(.warning) == 0)
    }

    /// The report as JSON.
    public var json: JSONValue {
        .object([
            "packs": .array(
                packs.map {
                    .object(["id": .string($0.id), "version": .string($0.version), "location": .string($0.location)])
                }
            ),
            "findings": .array(findings.map(\.json)),
            "summary": .object([
                "errors": .integer(count(.error)),
                "warnings": .integer(count(.warning)),
                "notes": .integer(count(.note)),
            ]),
        ])
    }

    /// The report as text, grouped by pack, `file:line:col: severity[rule]: message (hint)`.
    public func text(color: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        var lines: [String] = []
        for pack in packs {
            let own = findings.filter { $0.packID == pack.id }
            lines.append(
                "pack \(pack.id) \(pack.version)  \(pack.location)" + (own.isEmpty ? ": " + paint("clean", "32") : "")
            )
            for finding in own {
                let label: String
                switch finding.severity {
                case .error: label = paint("error", "31")
                case .warning: label = paint("warning", "33")
                case .note: label = paint("note", "36")
                }
                var line = "  \(finding.location): \(label)[\(finding.ruleID)]: \(finding.message)"
                if let hint = finding.hint { line += "\n      hint: \(hint)" }
                lines.append(line)
            }
        }
        lines.append("")
        lines.append(
            "\(packs.count) pack\(packs.count == 1 ? "" : "s"): \(count(.error)) errors, \(count(.warning)) warnings, \(count(.note)) notes"
        )
        return lines.joined(separator: "\n")
    }
}
