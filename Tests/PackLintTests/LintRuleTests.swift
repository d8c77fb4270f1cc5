import Foundation
import PackFormat
import PackLint
import StructuredData
import Testing

/// Every rule: the hello pack is the good example; each case is a bad one and names the rule it must trip.
@Suite struct LintRuleTests {
    @Test func helloIsClean() throws {
        let report = try LintFixture.lint([])
        #expect(report.findings.isEmpty, "\(report.text())")
    }

    struct Case: CustomTestStringConvertible, Sendable {
        let rule: String
        let edits: [LintFixture.Edit]
        var testDescription: String { rule + ": " + (edits.first?.new.prefix(40).description ?? "") }

        init(_ rule: String, _ file: String, _ old: String, _ new: String) {
            self.rule = rule
            self.edits = [LintFixture.Edit(file: file, old: old, new: new)]
        }
    }

    static let manifest = "pack.yaml"
    static let fragment = "overlays/policy.fragment.yaml"
    static let workflow = "workflows/greet-and-sign.yaml"
    static let pools = "overlays/pools.patch.yaml"
    static let timeouts = "overlays/timeouts.patch.yaml"

    static let cases: [Case] = [
        Case("manifest-api-version", manifest, "apiVersion: cordum.io/v1alpha1", "apiVersion: v1"),
        Case("manifest-quoted-version", manifest, "version: \"0.1.0\"", "version: 0.1"),
        Case("manifest-semver", manifest, "version: \"0.1.0\"", "version: \"one\""),
        Case(
            "manifest-unknown-field",
            manifest,
            "    riskTags: [read]\n    requires: []",
            "    riskTags: [read]\n    riskTag: [read]\n    requires: []"
        ),
        Case("manifest-unique-names", manifest, "    - name: timeouts\n", "    - name: pools\n"),
        Case("topic-name", manifest, "- name: job.hello.greet\n", "- name: job.hello.Greet\n"),
        Case("topic-capability", manifest, "capability: hello.greet\n", "capability: greet\n"),
        Case("topic-read-write", manifest, "riskTags: [read]", "riskTags: [network]"),
        Case("topic-risk-tags", manifest, "riskTags: [read]", "riskTags: [read, harmless]"),
        Case(
            "topic-requires",
            manifest,
            "    riskTags: [read]\n    requires: []",
            "    riskTags: [read]\n    requires: [\"Network Egress\"]"
        ),
        Case(
            "artifacts-required",
            manifest,
            "    - name: timeouts\n      scope: system\n      key: timeouts\n      strategy: json_merge_patch\n      path: overlays/timeouts.patch.yaml\n",
            ""
        ),
        Case("artifacts-workflow-count", manifest, "    - id: hello.greet\n      path: workflows/greet.yaml\n", ""),
        Case("overlay-pools-shape", pools, "  job.hello.greet: hello\n", ""),
        Case("overlay-pools-shape", pools, "  job.hello.greet: hello\n", "  \"job.hello.*\": hello\n"),
        Case(
            "overlay-timeouts-shape",
            timeouts,
            "  hello.greet-and-sign:\n    total_timeout_seconds: 600",
            "  hello.greet-and-sign: 600"
        ),
        Case("overlay-key-case", manifest, "key: pools", "key: Pools"),
        Case("policy-fragment-valid", fragment, "decision: deny", "decision: DENY"),
        Case("policy-fragment-namespace", fragment, "topics: [\"job.hello.*\"]", "topics: [\"job.*\"]"),
        Case(
            "policy-host-extension",
            fragment,
            "        max_retries: 0\n",
            "        max_retries: 0\n      min_approvers: 2\n"
        ),
        Case(
            "policy-fragment-namespace",
            fragment,
            "version: \"1\"\n",
            "version: \"1\"\ntenants:\n  default:\n    deny_topics: [\"job.github.*\"]\n"
        ),
        Case(
            "policy-baseline",
            fragment,
            "        # END GENERATED topics policy=allow\n    decision: allow",
            "        # END GENERATED topics policy=allow\n    decision: deny"
        ),
        Case(
            "policy-topic-match",
            fragment,
            "        # END GENERATED topics policy=workflow-gated\n",
            "        # END GENERATED topics policy=workflow-gated\n      risk_tags: [write]\n"
        ),
        Case("simulations-pass", manifest, "expectDecision: DENY", "expectDecision: ALLOW"),
        Case("workflow-id", workflow, "id: hello.greet-and-sign", "id: hello.other"),
        Case("workflow-step-type", workflow, "    type: approval", "    type: vote"),
        Case("workflow-step-topic", workflow, "topic: job.hello.greet", "topic: job.hello.wave"),
        Case("workflow-step-meta", workflow, "      capability: hello.greet\n", "      capability: hello.wave\n"),
        Case("workflow-idempotency", workflow, "      idempotency_key: hello:guestbook:${input.name}\n", ""),
        Case("workflow-approval", workflow, "    depends_on: [approve]", "    depends_on: [greet]"),
        Case("workflow-depends-on", workflow, "    depends_on: [greet]", "    depends_on: [great]"),
        Case(
            "workflow-references",
            workflow,
            "      name: ${input.name}\n      message",
            "      name: ${input.nmae}\n      message"
        ),
        Case("workflow-schema-ids", workflow, "input_schema_id: hello/SignInput", "input_schema_id: hello/Missing"),
        Case("requires-packs", manifest, "kind: Pack\n", "kind: Pack\nrequires_packs: [github]\n"),
        Case("schema-valid", "schemas/GreetInput.json", "\"minLength\": 1", "\"minLength\": -1"),
        Case("schema-valid", "schemas/GreetInput.json", "draft-07/schema#", "draft/2020-12/schema"),
        Case("metadata-image", manifest, "  image: ghcr.io/cordum-packs-swift/cordum-hello:0.1.0\n", ""),
        Case("metadata-image", manifest, "image: ghcr.io/", "image: https://ghcr.io/"),
        Case(
            "metadata-source",
            manifest,
            "  source: https://github.com/cordum-packs-swift/cordum-packs-swift/tree/main/packs/hello\n",
            ""
        ),
        Case("assets-stale", "schemas/GreetOutput.json", "\"type\": \"string\"", "\"type\": \"integer\""),
        Case("assets-stale", timeouts, "timeout_seconds: 30", "timeout_seconds: 31"),
        Case("assets-stale", fragment, "        - job.hello.greet\n", ""),
        Case("assets-stale", manifest, "    riskTags: [read]\n", "    riskTags: [read, network]\n"),
        Case("assets-table", "topics.yaml", "    risk: [read]\n", "    risk: [read]\n    colour: blue\n"),
        Case("assets-table", "topics.yaml", "policy: workflow-gated", "policy: allow"),
        Case("assets-table", manifest, "    # BEGIN GENERATED schemas\n", ""),
        Case("workflow-examples", workflow, "  examples:\n    - { name: Ada, language: de }\n", ""),
        Case("workflow-examples", workflow, "{ name: Ada, language: de }", "{ name: Ada, language: la }"),
        Case("workflow-examples", workflow, "{ name: Ada, language: de }", "Ada"),
    ]

    @Test(arguments: cases)
    func ruleFires(_ testCase: Case) throws {
        let ids = try LintFixture.ruleIDs(testCase.edits)
        #expect(ids.contains(testCase.rule), "found \(ids)")
    }

    @Test func simulationsMustCoverEveryCell() throws {
        let edits = [
            LintFixture.Edit(
                file: Self.manifest,
                old:
                    "    - name: greet_is_allowed\n      request:\n        tenantId: default\n        topic: job.hello.greet\n        capability: hello.greet\n        riskTags: [read]\n      expectDecision: ALLOW\n",
                new: ""
            )
        ]
        #expect(try LintFixture.ruleIDs(edits).contains("simulations-coverage"))
    }

    @Test func theGitHubPackIsClean() throws {
        // Nested capabilities (github.issues.comments.list), and writes that the policy lets through only behind a
        // workflow approval (label cordum.workflow_approval: approved) and holds otherwise: no double approval.
        let pack = try PackLoader.load(repositoryRoot + "/packs/github")
        let findings = PackLinter(packs: [pack]).lint().findings
        #expect(findings.isEmpty, "\(findings.map { "\($0.ruleID): \($0.message)" })")
    }

    @Test func aWriteBehindAnApprovalStepIsJudgedWithTheWorkflowApprovalLabel() throws {
        let labelled = LintFixture.Edit(
            file: "overlays/policy.fragment.yaml",
            old: "        # END GENERATED topics policy=workflow-gated\n    decision: allow\n",
            new:
                "        # END GENERATED topics policy=workflow-gated\n      labels: {cordum.workflow_approval: approved}\n    decision: allow\n  - id: hello-sign-held\n    match:\n      topics: [job.hello.guestbook.sign]\n    decision: require_approval\n"
        )
        #expect(!(try LintFixture.ruleIDs([labelled]).contains("workflow-approval")))
        let alwaysHeld = LintFixture.Edit(
            file: "overlays/policy.fragment.yaml",
            old: "        # END GENERATED topics policy=workflow-gated\n    decision: allow\n",
            new: "        # END GENERATED topics policy=workflow-gated\n    decision: require_approval\n"
        )
        #expect(try LintFixture.ruleIDs([alwaysHeld]).contains("workflow-approval"))
    }

    @Test func destructiveStepsNeedALock() throws {
        let edits = [
            LintFixture.Edit(file: Self.manifest, old: "riskTags: [write]", new: "riskTags: [write, destructive]"),
            LintFixture.Edit(
                file: Self.workflow,
                old: "      risk_tags: [write]",
                new: "      risk_tags: [write, destructive]"
            ),
        ]
        #expect(try LintFixture.ruleIDs(edits).contains("workflow-lock"))
    }

    @Test func findingsPointAtFileAndLine() throws {
        let report = try LintFixture.lint([
            LintFixture.Edit(file: Self.manifest, old: "riskTags: [read]", new: "riskTags: [read, harmless]")
        ])
        let finding = try #require(report.findings.first { $0.ruleID == "topic-risk-tags" })
        #expect(finding.location.file.hasSuffix("pack.yaml"))
        #expect(finding.location.line == 22)
        #expect(finding.hint?.contains("valid tags") == true)
    }

    @Test func aStaleGeneratedFileNamesTheFileTheLineAndTheFix() throws {
        let report = try LintFixture.lint([
            LintFixture.Edit(
                file: "schemas/GreetOutput.json",
                old: "\"type\": \"string\"",
                new: "\"type\": \"integer\""
            )
        ])
        let stale = report.findings.filter { $0.ruleID == "assets-stale" }
        let finding = try #require(stale.first)
        #expect(stale.count == 1)
        #expect(finding.location.file.hasSuffix("schemas/GreetOutput.json"))
        #expect(finding.location.line == 9)
        #expect(finding.message.contains("schemas/GreetOutput.json"))
        #expect(finding.message.contains("\"type\": \"integer\""))
        #expect(finding.hint?.contains("packctl generate") == true)
    }

    @Test func aPackWithoutATopicsTableIsNotCheckedForStaleness() throws {
        let source = repositoryRoot + "/packs/hello/pack"
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("lint-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: source, toPath: copy)
        defer { try? FileManager.default.removeItem(atPath: copy) }
        try FileManager.default.removeItem(atPath: copy + "/topics.yaml")
        let findings = PackLinter(packs: [try PackLoader.load(copy)]).lint().findings
        #expect(findings.isEmpty, "\(findings.map(\.message))")
    }

    @Test func sarifIsVersion210WithOneResultPerFinding() throws {
        let report = try LintFixture.lint([
            LintFixture.Edit(file: Self.manifest, old: "riskTags: [read]", new: "riskTags: [read, harmless]")
        ])
        let sarif = report.sarif()
        #expect(sarif["version"] == "2.1.0")
        let results = sarif["runs"]?.arrayValue?.first?["results"]?.arrayValue ?? []
        #expect(results.count == report.findings.count)
        #expect(results.first?["ruleId"]?.stringValue == report.findings.first?.ruleID)
    }

    @Test func everyRuleIsDocumented() throws {
        let guide = try String(contentsOfFile: repositoryRoot + "/docs/authoring.md", encoding: .utf8)
        for rule in LintRule.all {
            #expect(guide.contains("### `\(rule.id)`"), "docs/authoring.md has no section for \(rule.id)")
        }
    }
}
