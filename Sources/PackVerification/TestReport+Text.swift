import PolicyKernel

/// Human-readable rendering of a ``TestReport``.
extension TestReport {
    /// The report as text, grouped by pack: simulations, then the coverage matrix, then a summary.
    /// - Parameter color: whether to use ANSI colours (on a terminal).
    public func text(color: Bool = false) -> String {
        func paint(_ text: String, _ code: String) -> String { color ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
        let pass = paint("PASS", "32")
        let fail = paint("FAIL", "31")
        let warn = paint("WARN", "33")
        func describe(_ decision: PolicyDecision) -> String {
            var text = decision.decision.rawValue
            if decision.constraints != nil, decision.decision != .allowWithConstraints { text += "+constraints" }
            text += decision.ruleID.isEmpty ? " (no rule matched)" : " (rule \(decision.ruleID))"
            return text
        }
        var lines: [String] = []
        lines.append("policy snapshot \(snapshot)\(strict ? "" : " (strict mode off)")")
        for pack in packs {
            lines.append("")
            lines.append("pack \(pack.id) \(pack.version)  \(pack.location)")
            let sims = simulations.filter { $0.packID == pack.id }
            if sims.isEmpty {
                lines.append("  simulations: none")
            } else {
                lines.append("  simulations:")
                for result in sims {
                    if result.passed {
                        lines.append("    \(pass) \(result.name): \(result.topic) → \(describe(result.actual))")
                    } else {
                        let expected = result.expected?.rawValue ?? "\"\(result.expectedText)\" (not a decision)"
                        lines.append(
                            "    \(fail) \(result.name): \(result.topic) expected \(expected), got \(describe(result.actual))"
                                + (result.actual.reason.isEmpty ? "" : ": \(result.actual.reason)")
                        )
                    }
                }
            }
            let cells = coverage.filter { $0.packID == pack.id }
            if !cells.isEmpty {
                lines.append("  coverage:")
                for cell in cells {
                    let tags = cell.riskTags.isEmpty ? "no tags" : cell.riskTags.joined(separator: ",")
                    let status: String
                    if cell.baseline == .unclassified {
                        status = warn
                    } else {
                        status = cell.meetsBaseline ? pass : fail
                    }
                    var line =
                        "    \(status) \(cell.topic) [\(tags)] baseline \(cell.baseline.rawValue), policy \(describe(cell.actual))"
                    if cell.baseline == .unclassified {
                        line += "; declare exactly one of read/write"
                    } else if cell.coveredBy.isEmpty {
                        line += "; " + paint("not covered by a simulation", "33")
                    } else {
                        line += "; covered by \(cell.coveredBy.joined(separator: ", "))"
                    }
                    lines.append(line)
                }
            }
        }
        lines.append("")
        lines.append(
            "\(simulations.count) simulations, \(failedSimulations.count) failed; "
                + "\(coverage.count) topics, \(baselineMismatches.count) below baseline, "
                + "\(uncovered.count) uncovered, \(unclassified.count) unclassified"
        )
        lines.append(passed ? paint("ok", "32") : paint("failed", "31"))
        return lines.joined(separator: "\n")
    }
}
