import PackFormat
import PackLint
import PackVerification
import PolicyKernel
import StructuredData

/// What keeps packs from being published: lint errors, failing policy simulations and topics below their
/// baseline, with every pack linted and simulated together (as they would be installed).
enum BuildGate {
    /// The lint rules whose findings the policy suite reports itself (as ``BundlerError/Code/simulationFailed`` and
    /// ``BundlerError/Code/baselineMismatch``), left out so each problem is listed once.
    static let rulesReportedBySuite: Set<String> = ["simulations-pass", "policy-baseline"]

    /// Every blocking problem, in pack order.
    /// - Parameters:
    ///   - packs: the packs, checked together.
    ///   - level: ``BuildGateLevel/pattern`` adds lint errors and baseline mismatches to failing simulations.
    /// - Throws: ``BundlerFailure`` when the packs' policy does not parse.
    static func check(_ packs: [Pack], level: BuildGateLevel = .pattern) throws(BundlerFailure) -> [BundlerError] {
        let report: TestReport
        do {
            report = try PolicySuite(packs: packs).run()
        } catch {
            throw BundlerFailure([
                BundlerError(
                    code: .invalidPolicy,
                    location: "",
                    message: "\(error)",
                    hint: "run packctl lint for details"
                )
            ])
        }
        var blockers: [BundlerError] = []
        guard level == .pattern else {
            for pack in packs { blockers += simulationFailures(report, pack: pack) }
            return blockers
        }
        let lint = PackLinter(packs: packs).lint()
        for pack in packs {
            for finding in lint.findings
            where finding.packID == pack.id && finding.severity == .error
                && !rulesReportedBySuite.contains(finding.ruleID)
            {
                blockers.append(
                    BundlerError(
                        code: .lintError,
                        location: "\(finding.location)",
                        packID: pack.id,
                        message: "[\(finding.ruleID)] \(finding.message)",
                        hint: finding.hint,
                        context: ["rule_id": finding.ruleID]
                    )
                )
            }
            blockers += simulationFailures(report, pack: pack)
            blockers += baselineMismatches(report, pack: pack)
        }
        return blockers
    }

    private static func simulationFailures(_ report: TestReport, pack: Pack) -> [BundlerError] {
        let simulations = pack.manifest.policySimulations
        return report.failedSimulations.filter { $0.packID == pack.id }.map { result in
            let index = simulations.firstIndex { $0.name == result.name } ?? 0
            let expected = result.expected?.rawValue ?? "\"\(result.expectedText)\" (not a decision)"
            return BundlerError(
                code: .simulationFailed,
                location: "\(pack.manifestDocument.location(of: "/tests/policySimulations/\(index)"))",
                packID: pack.id,
                message: "simulation \"\(result.name)\" on \(result.topic) expects \(expected), "
                    + "the policy gives \(describe(result.actual))",
                hint: "fix the fragment or the expectation; packctl test shows the whole matrix",
                context: ["simulation": result.name, "expected": expected, "got": result.actual.decision.rawValue]
            )
        }
    }

    private static func baselineMismatches(_ report: TestReport, pack: Pack) -> [BundlerError] {
        let topics = pack.manifest.topics
        return report.baselineMismatches.filter { $0.packID == pack.id }.map { cell in
            let index = topics.firstIndex { $0.name == cell.topic } ?? 0
            let tags = cell.riskTags.isEmpty ? "no tags" : cell.riskTags.joined(separator: ",")
            return BundlerError(
                code: .baselineMismatch,
                location: "\(pack.manifestDocument.location(of: "/topics/\(index)"))",
                packID: pack.id,
                message: "topic \(cell.topic) [\(tags)] gets \(describe(cell.actual)); its baseline is "
                    + cell.baseline.rawValue,
                hint: "add a rule for the topic itself in the pack's policy fragment",
                context: ["topic": cell.topic, "baseline": cell.baseline.rawValue]
            )
        }
    }

    private static func describe(_ decision: PolicyDecision) -> String {
        let rule = decision.ruleID.isEmpty ? "no rule matched" : "rule \(decision.ruleID)"
        return "\(decision.decision.rawValue) (\(rule))"
    }
}
