public import StructuredData

extension LintReport {
    /// The report as SARIF 2.1.0, so code-scanning tools show findings inline.
    /// - Parameter baseDirectory: paths under it are written relative to it (what code scanning expects).
    public func sarif(baseDirectory: String? = nil) -> JSONValue {
        let rules: [JSONValue] = LintRule.all.map { rule in
            .object([
                "id": .string(rule.id),
                "shortDescription": .object(["text": .string(rule.summary)]),
                "defaultConfiguration": .object(["level": .string(level(rule.severity))]),
                "helpUri": .string("docs/authoring.md#\(rule.id)"),
            ])
        }
        let results: [JSONValue] = findings.map { finding in
            var file = finding.location.file
            if let base = baseDirectory, file.hasPrefix(base + "/") { file = String(file.dropFirst(base.count + 1)) }
            var region: [String: JSONValue] = [:]
            if finding.location.line > 0 { region["startLine"] = .integer(finding.location.line) }
            if finding.location.column > 0 { region["startColumn"] = .integer(finding.location.column) }
            var physical: [String: JSONValue] = ["artifactLocation": .object(["uri": .string(file)])]
            if !region.isEmpty { physical["region"] = .object(region) }
            let text = finding.message + (finding.hint.map { " Hint: \($0)." } ?? "")
            return .object([
                "ruleId": .string(finding.ruleID),
                "level": .string(level(finding.severity)),
                "message": .object(["text": .string(text)]),
                "locations": .array([.object(["physicalLocation": .object(physical)])]),
                "properties": .object(["pack_id": .string(finding.packID)]),
            ])
        }
        return .object([
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": .array([
                .object([
                    "tool": .object([
                        "driver": .object([
                            "name": "packctl lint",
                            "informationUri": "https://github.com/cordum-io/cordum-packs",
                            "rules": .array(rules),
                        ])
                    ]),
                    "results": .array(results),
                ])
            ]),
        ])
    }

    private func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .note: return "note"
        }
    }
}
