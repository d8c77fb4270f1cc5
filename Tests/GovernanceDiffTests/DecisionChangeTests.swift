import GovernanceDiff
import PolicyKernel
import Testing

/// Policy decisions of the baseline cells, compared by strictness.
@Suite struct DecisionChangeTests {
    typealias Edit = DiffFixture.Edit
    static let greetRule = "        # END GENERATED topics policy=allow\n    decision: allow\n"
    static let signConstraints = """
            constraints:
              budgets:
                max_runtime_ms: 60000
                max_retries: 0
              redaction_level: standard

        """

    @Test func strictnessOrder() {
        let order: [Strictness] = [
            .allow, .allowWithConstraints, .throttle, .requireApproval, .requireApprovalWithConstraints, .deny,
        ]
        #expect(order == Strictness.allCases.sorted())
        #expect(
            Strictness(PolicyDecision(decision: .requireApproval, constraints: PolicyConstraints())) > .requireApproval
        )
        #expect(Strictness(PolicyDecision(decision: .throttle)) > .allowWithConstraints)
    }

    @Test func aDecisionTightenedIsInfo() throws {
        let report = try DiffFixture.diff(new: [
            Edit(
                DiffFixture.fragment,
                Self.greetRule,
                "        # END GENERATED topics policy=allow\n    decision: deny\n"
            )
        ])
        let change = try #require(report.changes.first)
        #expect(report.changes.count == 1)
        #expect(change.kind == .decisionTightened)
        #expect(change.impact == .info)
        #expect(change.details["old"] == "ALLOW" && change.details["new"] == "DENY")
        #expect(!report.needsReview)
    }

    @Test func aDecisionLoosenedIsReviewed() throws {
        let report = try DiffFixture.diff(new: [Edit(DiffFixture.fragment, Self.signConstraints, "")])
        let change = try #require(report.changes.first)
        #expect(report.changes.map(\.kind) == [.decisionLoosened])
        #expect(change.subject == "job.hello.guestbook.sign")
        #expect(change.details["old"] == "ALLOW_WITH_CONSTRAINTS" && change.details["new"] == "ALLOW")
        #expect(report.needsReview)
    }

    @Test func approvalDroppingItsConstraintsIsLooser() throws {
        let approval = "    decision: require_approval\n    reason: the workflow's approval step gates signing\n"
        let old = [
            Edit(
                DiffFixture.fragment,
                "    decision: allow\n    reason: the workflow's approval step gates signing\n",
                approval
            )
        ]
        let new = old + [Edit(DiffFixture.fragment, Self.signConstraints, "")]
        let report = try DiffFixture.diff(old: old, new: new)
        #expect(report.changes.map(\.kind) == [.decisionLoosened])
        #expect(report.changes.first?.details["old"] == "REQUIRE_APPROVAL+constraints")
        #expect(report.changes.first?.details["new"] == "REQUIRE_APPROVAL")
    }

    @Test func constraintsChangedAtTheSameStrictnessAreReviewed() throws {
        let report = try DiffFixture.diff(new: [
            Edit(DiffFixture.fragment, "max_runtime_ms: 60000", "max_runtime_ms: 600000")
        ])
        #expect(report.changes.map(\.kind) == [.constraintsChanged])
        #expect(report.changes.first?.impact == .review)
    }

    @Test func aNewTopicTheOldPolicyDeniedIsLooser() throws {
        let wave = "  - name: job.hello.wave\n    capability: hello.wave\n    riskTags: [read]\n    requires: []\n"
        let rule = "  - id: hello-wave\n    match:\n      topics: [job.hello.wave]\n    decision: allow\n\n"
        let report = try DiffFixture.diff(new: [
            Edit(DiffFixture.manifest, "resources:\n", wave + "resources:\n"),
            Edit(DiffFixture.fragment, "  - id: hello-undeclared\n", rule + "  - id: hello-undeclared\n"),
        ])
        let loosened = try #require(report.changes.first { $0.kind == .decisionLoosened })
        #expect(loosened.subject == "job.hello.wave")
        #expect(loosened.details["old"] == "DENY" && loosened.details["new"] == "ALLOW")
    }

    @Test func theBasePolicyIsMergedIntoBothSides() throws {
        let base =
            "version: \"1\"\nrules:\n  - id: base-deny\n    match:\n      topics: [job.hello.greet]\n    decision: deny\n"
        let report = try DiffFixture.diff(
            new: [
                Edit(
                    DiffFixture.fragment,
                    Self.greetRule,
                    "        # END GENERATED topics policy=allow\n    decision: throttle\n"
                )
            ],
            basePolicy: ("safety.yaml", Array(base.utf8))
        )
        // The base file's deny decides both versions, so the fragment's change does not show.
        #expect(report.changes.isEmpty)
    }

    @Test func aFragmentThatDoesNotParseIsUnusableInput() throws {
        let old = try DiffFixture.pack([])
        let new = try DiffFixture.pack([Edit(DiffFixture.fragment, "decision: allow\n", "decision: DENY\n")])
        #expect {
            try PackDiff.compare(old, new)
        } throws: { error in
            (error as? GovernanceDiffError)?.code == .policyInvalid
        }
    }
}
