import Foundation
import PackFormat
import PackVerification
import PolicyKernel
import StructuredData
import Testing

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// Writes a pack with the given fragment and simulations into a temporary folder and loads it.
func makePack(
    id: String = "demo",
    topics: [(name: String, tags: [String])],
    fragment: String,
    simulations: String = "[]",
    workflow: String? = nil
) throws -> Pack {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("suite-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: root + "/overlays", withIntermediateDirectories: true)
    try FileManager.default.createDirectory(atPath: root + "/workflows", withIntermediateDirectories: true)
    let topicsYAML = topics.map {
        "  - name: \($0.name)\n    capability: \($0.name.dropFirst(4))\n    riskTags: [\($0.tags.joined(separator: ", "))]"
    }
    .joined(separator: "\n")
    var manifest = """
        apiVersion: cordum.io/v1alpha1
        kind: Pack
        metadata: {id: \(id), version: "1.0.0"}
        compatibility: {protocolVersion: 1}
        topics:
        \(topicsYAML)
        overlays:
          policy:
            - name: safety
              path: overlays/policy.yaml
        tests:
          policySimulations: \(simulations)

        """
    if workflow != nil {
        manifest += "resources:\n  workflows:\n    - id: \(id).flow\n      path: workflows/flow.yaml\n"
        try Data(workflow!.utf8).write(to: URL(fileURLWithPath: root + "/workflows/flow.yaml"))
    }
    try Data(manifest.utf8).write(to: URL(fileURLWithPath: root + "/pack.yaml"))
    try Data(fragment.utf8).write(to: URL(fileURLWithPath: root + "/overlays/policy.yaml"))
    defer { try? FileManager.default.removeItem(atPath: root) }
    return try PackLoader.load(root)
}

@Suite struct PolicySuiteTests {
    @Test func helloPackPassesWithEveryCellCovered() throws {
        let pack = try PackLoader.load(repositoryRoot + "/packs/hello")
        let report = try PolicySuite(packs: [pack]).run()
        #expect(report.passed)
        #expect(report.simulations.count == 4)
        #expect(report.uncovered.isEmpty)
        #expect(report.coverage.map(\.baseline) == [.allow, .requireApproval])
        #expect(report.coverage.last?.approvalGated == true)
        #expect(report.snapshot.hasPrefix("cfg:"))
    }

    @Test func simulationLabelsReachTheRulesThatMatchLabels() throws {
        let pack = try makePack(
            topics: [("job.demo.write", ["write"])],
            fragment: """
                rules:
                  - {id: approved, match: {topics: [job.demo.write], labels: {cordum.workflow_approval: approved}}, decision: allow_with_constraints}
                  - {id: ask, match: {topics: [job.demo.write]}, decision: require_approval}
                """,
            simulations: """
                [{name: labelled, request: {topic: job.demo.write, labels: {cordum.workflow_approval: approved}}, expectDecision: ALLOW_WITH_CONSTRAINTS},
                 {name: unlabelled, request: {topic: job.demo.write}, expectDecision: REQUIRE_APPROVAL}]
                """
        )
        #expect(pack.manifest.policySimulations.first?.request.labels == ["cordum.workflow_approval": "approved"])
        let report = try PolicySuite(packs: [pack]).run()
        #expect(report.passed)
        #expect(report.simulations.map(\.actual.ruleID) == ["approved", "ask"])
    }

    @Test func aFailingSimulationFailsTheReport() throws {
        let pack = try makePack(
            topics: [("job.demo.read", ["read"])],
            fragment: "rules: [{id: r, match: {topics: [job.demo.read]}, decision: deny, reason: closed}]",
            simulations: "[{name: expects_allow, request: {topic: job.demo.read}, expectDecision: ALLOW}]"
        )
        let report = try PolicySuite(packs: [pack]).run()
        #expect(!report.passed)
        #expect(report.failedSimulations.map(\.name) == ["expects_allow"])
        #expect(report.failedSimulations.first?.actual.ruleID == "r")
        #expect(report.baselineMismatches.map(\.topic) == ["job.demo.read"])
    }

    @Test func strictModeStopsAnUntaggedWriteJobEscapingATagOnlyRule() throws {
        // The upstream pattern: the write rule needs the `write` tag, so an untagged job falls through to allow.
        let fragment = """
            rules:
              - {id: demo-write, match: {topics: [job.demo.write], risk_tags: [write]}, decision: require_approval}
            """
        let simulations = "[{name: untagged_write, request: {topic: job.demo.write}, expectDecision: REQUIRE_APPROVAL}]"
        let pack = try makePack(topics: [("job.demo.write", ["write"])], fragment: fragment, simulations: simulations)
        #expect(try PolicySuite(packs: [pack], strict: true).run().passed)
        let upstream = try PolicySuite(packs: [pack], strict: false).run()
        #expect(upstream.failedSimulations.first?.actual.decision == .allow)
    }

    @Test func sensitiveTopicsNeedDenyOrConstrainedApproval() throws {
        let plainApproval = try makePack(
            topics: [("job.demo.delete", ["write", "destructive"])],
            fragment: "rules: [{id: d, match: {topics: [job.demo.delete]}, decision: require_approval}]"
        )
        #expect(try PolicySuite(packs: [plainApproval]).run().baselineMismatches.count == 1)
        let constrained = try makePack(
            topics: [("job.demo.delete", ["write", "destructive"])],
            fragment: """
                rules: [{id: d, match: {topics: [job.demo.delete]}, decision: require_approval,
                         constraints: {budgets: {max_runtime_ms: 60000}}}]
                """,
            simulations:
                "[{name: delete_needs_approval, request: {topic: job.demo.delete}, expectDecision: REQUIRE_APPROVAL}]"
        )
        let report = try PolicySuite(packs: [constrained]).run()
        #expect(report.passed)
        #expect(report.coverage.first?.coveredBy == ["delete_needs_approval"])
    }

    @Test func writeTopicsMayBeConstrainedOnlyBehindAWorkflowApproval() throws {
        let fragment = "rules: [{id: w, match: {topics: [job.demo.write]}, decision: allow_with_constraints}]"
        let ungated = try makePack(topics: [("job.demo.write", ["write"])], fragment: fragment)
        #expect(try PolicySuite(packs: [ungated]).run().baselineMismatches.count == 1)
        let workflow = """
            steps:
              ask: {type: approval}
              write: {type: worker, topic: job.demo.write, depends_on: [ask]}
            """
        let gated = try makePack(topics: [("job.demo.write", ["write"])], fragment: fragment, workflow: workflow)
        #expect(try PolicySuite(packs: [gated]).run().baselineMismatches.isEmpty)
    }

    @Test func uncoveredAndUnclassifiedTopicsAreListedButDoNotFail() throws {
        let pack = try makePack(
            topics: [("job.demo.read", ["read"]), ("job.demo.misc", [])],
            fragment: "rules: [{id: r, match: {topics: [job.demo.read]}, decision: allow}]"
        )
        let report = try PolicySuite(packs: [pack]).run()
        #expect(report.passed)
        #expect(report.uncovered.map(\.topic) == ["job.demo.read"])
        #expect(report.unclassified.map(\.topic) == ["job.demo.misc"])
    }

    @Test func fragmentsOfAllPacksMergeInKeyOrderAndFirstMatchWins() throws {
        // "aaa" sorts first, so its broad rule shadows the later pack's own rule: the report shows it.
        let broad = try makePack(
            id: "aaa",
            topics: [("job.aaa.read", ["read"])],
            fragment: "rules: [{id: broad, match: {topics: ['job.*']}, decision: allow}]"
        )
        let victim = try makePack(
            id: "zzz",
            topics: [("job.zzz.write", ["write"])],
            fragment: "rules: [{id: zzz-write, match: {topics: [job.zzz.write]}, decision: require_approval}]"
        )
        let report = try PolicySuite(packs: [victim, broad]).run()
        let cell = try #require(report.coverage.first { $0.topic == "job.zzz.write" })
        #expect(cell.actual.ruleID == "broad")
        #expect(!cell.meetsBaseline)
    }

    @Test func aBrokenFragmentIsAnErrorNamingIt() throws {
        let pack = try makePack(topics: [("job.demo.read", ["read"])], fragment: "rules: [{id: r, decision: maybe}]")
        #expect(throws: PolicyError.self) { _ = try PolicySuite(packs: [pack]).run() }
    }
}
