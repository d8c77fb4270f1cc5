public import PolicyKernel
public import StructuredData

/// The outcome of `packctl test`: every simulation, and the decision-coverage matrix.
public struct TestReport: Sendable {
    /// One policy simulation and its result.
    public struct SimulationResult: Sendable {
        /// The pack that declares it.
        public var packID: String
        /// Its name.
        public var name: String
        /// The topic it asks about.
        public var topic: String
        /// `expectDecision` as written.
        public var expectedText: String
        /// The normalized expectation; nil when the text is not a decision.
        public var expected: Decision?
        /// What the policy decided.
        public var actual: PolicyDecision
        /// Whether they agree.
        public var passed: Bool { expected == actual.decision }
    }

    /// One row of the decision-coverage matrix.
    public struct CoverageCell: Sendable {
        /// The pack that declares the topic.
        public var packID: String
        /// The topic.
        public var topic: String
        /// The topic's capability.
        public var capability: String
        /// Its declared risk tags.
        public var riskTags: [String]
        /// What the baseline requires.
        public var baseline: Baseline
        /// Whether every workflow step on the topic waits for an approval step.
        public var approvalGated: Bool
        /// What the policy decides for a request carrying the topic's declarations.
        public var actual: PolicyDecision
        /// Simulations that explicitly cover the baseline outcome for this topic.
        public var coveredBy: [String]
        /// Whether the policy meets the baseline.
        public var meetsBaseline: Bool { baseline.isMet(by: actual, approvalGated: approvalGated) }
    }

    /// The merged policy's snapshot id.
    public var snapshot: String
    /// Whether strict mode was on.
    public var strict: Bool
    /// The packs tested, as (id, version, location).
    public var packs: [(id: String, version: String, location: String)]
    /// Every simulation, in pack then declaration order.
    public var simulations: [SimulationResult]
    /// Every topic, in pack then declaration order.
    public var coverage: [CoverageCell]

    /// Simulations whose decision differs from the expectation.
    public var failedSimulations: [SimulationResult] { simulations.filter { !$0.passed } }
    /// Topics whose decision does not meet the baseline.
    public var baselineMismatches: [CoverageCell] { coverage.filter { !$0.meetsBaseline } }
    /// Topics with no explicit simulation of the baseline outcome.
    public var uncovered: [CoverageCell] { coverage.filter { $0.baseline != .unclassified && $0.coveredBy.isEmpty } }
    /// Topics with no read/write tag, for which no baseline exists.
    public var unclassified: [CoverageCell] { coverage.filter { $0.baseline == .unclassified } }
    /// Whether everything passed.
    public var passed: Bool { failedSimulations.isEmpty && baselineMismatches.isEmpty }

    /// The report as JSON (`packctl test --format json`).
    public var json: JSONValue {
        func decisionJSON(_ decision: PolicyDecision) -> JSONValue {
            .object([
                "decision": .string(decision.decision.rawValue),
                "rule_id": .string(decision.ruleID),
                "reason": .string(decision.reason),
                "constrained": .bool(decision.constraints != nil),
            ])
        }
        let simulations: [JSONValue] = simulations.map { result in
            .object([
                "pack_id": .string(result.packID),
                "name": .string(result.name),
                "topic": .string(result.topic),
                "expected": .string(result.expected?.rawValue ?? result.expectedText),
                "got": decisionJSON(result.actual),
                "ok": .bool(result.passed),
            ])
        }
        let coverage: [JSONValue] = coverage.map { cell in
            .object([
                "pack_id": .string(cell.packID),
                "topic": .string(cell.topic),
                "capability": .string(cell.capability),
                "risk_tags": .array(cell.riskTags.map(JSONValue.string)),
                "baseline": .string(cell.baseline.rawValue),
                "approval_gated": .bool(cell.approvalGated),
                "got": decisionJSON(cell.actual),
                "meets_baseline": .bool(cell.meetsBaseline),
                "covered_by": .array(cell.coveredBy.map(JSONValue.string)),
            ])
        }
        return .object([
            "snapshot": .string(snapshot),
            "strict": .bool(strict),
            "packs": .array(
                packs.map {
                    .object(["id": .string($0.id), "version": .string($0.version), "location": .string($0.location)])
                }
            ),
            "simulations": .array(simulations),
            "coverage": .array(coverage),
            "summary": .object([
                "simulations": .integer(self.simulations.count),
                "simulations_failed": .integer(failedSimulations.count),
                "topics": .integer(self.coverage.count),
                "baseline_mismatches": .integer(baselineMismatches.count),
                "uncovered": .integer(uncovered.count),
                "unclassified": .integer(unclassified.count),
                "passed": .bool(passed),
            ]),
        ])
    }
}
