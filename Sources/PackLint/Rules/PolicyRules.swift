import PackFormat
import PackVerification
import PolicyKernel
import StructuredData

/// Rules on the pack's policy fragment and the decisions the merged policy gives its topics.
enum PolicyRules {
    static func check(_ context: LintContext, report: TestReport?, _ collector: inout FindingCollector) {
        let id = context.id
        for fragment in context.pack.policyFragments {
            let document: PolicyDocument?
            do {
                document = try PolicyDocument.parse(fragment.content, file: fragment.file)
            } catch {
                collector.report(
                    .fragmentValid,
                    pack: id,
                    at: error.location,
                    (error.field.isEmpty ? "" : "\(error.field): ") + error.message,
                    hint: error.hint ?? "one bad fragment stops Cordum's kernel from loading any policy"
                )
                continue
            }
            guard let document else { continue }
            let source = try? YAMLLoader.load(fragment.content, file: fragment.file)
            for (index, rule) in document.rules.enumerated() where rule.constraints.minApprovers > 0 {
                let location = source?.location(of: "/rules/\(index)") ?? SourceLocation(file: fragment.file)
                let name = rule.id.isEmpty ? "rule \(index + 1)" : "rule \"\(rule.id)\""
                collector.report(
                    .hostExtension,
                    pack: id,
                    at: location,
                    "\(name) asks for min_approvers: \(rule.constraints.minApprovers); Cordum's kernel refuses the key, "
                        + "so the pack installs only on this host",
                    hint: "keep the two-person rule in the host's own policy (packctl serve --policy) to stay portable"
                )
            }
            for violation in FragmentScope.violations(of: document, packID: id) {
                let pointer = violation.ruleIndex.map { "/rules/\($0)" } ?? "/tenants"
                collector.report(
                    .fragmentNamespace,
                    pack: id,
                    at: source?.location(of: pointer) ?? SourceLocation(file: fragment.file),
                    violation.message(packID: id),
                    hint: violation.kind == .matchesEveryTopic
                        ? "add match.topics inside job.\(id).*"
                        : "fragments are merged for all packs and the first match wins; keep rules to your own topics"
                )
            }
        }
        guard let report else { return }
        let topicIndex = Dictionary(
            context.pack.manifest.topics.enumerated().map { ($0.element.name, $0.offset) },
            uniquingKeysWith: { first, _ in first }
        )
        for cell in report.coverage where cell.packID == id {
            let location = context.manifestLocation("/topics/\(topicIndex[cell.topic] ?? 0)")
            if !cell.meetsBaseline {
                collector.report(
                    .baseline,
                    pack: id,
                    at: location,
                    "topic \"\(cell.topic)\" [\(cell.riskTags.joined(separator: ","))] gets \(describe(cell.actual)); the baseline is \(cell.baseline.rawValue)",
                    hint: "add a rule for the topic itself in the fragment"
                )
                continue
            }
            guard cell.baseline == .requireApproval || cell.baseline == .denyOrConstrainedApproval,
                let topic = context.pack.manifest.topics.first(where: { $0.name == cell.topic }),
                let upstream = context.upstreamPolicy,
                let untagged = LintContext.request(topic: topic, packID: id, includeDeclarations: false)
            else { continue }
            let decision = upstream.evaluate(untagged)
            if !cell.baseline.isMet(by: decision, approvalGated: cell.approvalGated) {
                collector.report(
                    .topicMatch,
                    pack: id,
                    at: location,
                    "a job on \"\(cell.topic)\" that omits its risk tags gets \(describe(decision)) in Cordum",
                    hint: "match the topic itself (match.topics: [\(cell.topic)]), not only its risk tags"
                )
            }
        }
    }

    static func describe(_ decision: PolicyDecision) -> String {
        var text = decision.decision.rawValue
        if decision.constraints != nil, decision.decision != .allowWithConstraints { text += " with constraints" }
        return text + (decision.ruleID.isEmpty ? " (no rule matched)" : " (rule \(decision.ruleID))")
    }
}

/// Rules on the pack's policy simulations.
enum SimulationRules {
    static func check(_ context: LintContext, report: TestReport?, _ collector: inout FindingCollector) {
        guard let report else { return }
        let id = context.id
        var simulationIndex: [String: Int] = [:]
        for (index, simulation) in context.pack.manifest.policySimulations.enumerated()
        where simulationIndex[simulation.name] == nil {
            simulationIndex[simulation.name] = index
        }
        for result in report.simulations where result.packID == id && !result.passed {
            collector.report(
                .simulationsPass,
                pack: id,
                at: context.manifestLocation("/tests/policySimulations/\(simulationIndex[result.name] ?? 0)"),
                "simulation \"\(result.name)\" expects \(result.expected?.rawValue ?? "\"\(result.expectedText)\" (not a decision)"), but the policy gives \(PolicyRules.describe(result.actual))",
                hint: "fix the fragment or the expectation"
            )
        }
        let topicIndex = Dictionary(
            context.pack.manifest.topics.enumerated().map { ($0.element.name, $0.offset) },
            uniquingKeysWith: { first, _ in first }
        )
        for cell in report.coverage where cell.packID == id && cell.baseline != .unclassified && cell.coveredBy.isEmpty
        {
            let path: String
            switch cell.baseline {
            case .allow: path = "read path (ALLOW)"
            case .requireApproval: path = "write path (REQUIRE_APPROVAL)"
            default: path = "sensitive path (DENY or REQUIRE_APPROVAL with constraints)"
            }
            collector.report(
                .simulations,
                pack: id,
                at: context.manifestLocation("/topics/\(topicIndex[cell.topic] ?? 0)"),
                "no simulation covers the \(path) of topic \"\(cell.topic)\"",
                hint:
                    "add a tests.policySimulations entry for \(cell.topic) expecting \(cell.baseline == .allow ? "ALLOW" : cell.baseline == .requireApproval ? "REQUIRE_APPROVAL" : "DENY")"
            )
        }
    }
}
