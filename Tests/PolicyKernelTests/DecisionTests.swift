import PolicyKernel
import Testing

/// Decision names: `expectDecision` normalisation and proto names (policy-semantics §3).
@Suite struct DecisionTests {
    @Test(arguments: [
        ("ALLOW", Decision.allow), (" allow ", .allow), ("DECISION_TYPE_ALLOW", .allow),
        ("deny", .deny), ("DECISION_TYPE_DENY", .deny),
        ("REQUIRE_APPROVAL", .requireApproval), ("require_human", .requireApproval),
        ("DECISION_TYPE_REQUIRE_HUMAN", .requireApproval),
        ("ALLOW_WITH_CONSTRAINTS", .allowWithConstraints),
        ("decision_type_allow_with_constraints", .allowWithConstraints),
        ("THROTTLE", .throttle), ("DECISION_TYPE_THROTTLE", .throttle),
    ])
    func normalising(text: String, decision: Decision) {
        #expect(Decision(normalizing: text) == decision)
    }

    @Test(arguments: ["", "permit", "block", "DECISION_TYPE_REQUIRE_APPROVAL", "DECISION_TYPE_UNSPECIFIED", "maybe"])
    func notADecision(text: String) {
        #expect(Decision(normalizing: text) == nil)
    }

    @Test func protoNamesAndNumbers() {
        #expect(
            Decision.allCases.map(\.protoName) == [
                "DECISION_TYPE_ALLOW", "DECISION_TYPE_DENY", "DECISION_TYPE_REQUIRE_HUMAN",
                "DECISION_TYPE_ALLOW_WITH_CONSTRAINTS", "DECISION_TYPE_THROTTLE",
            ]
        )
        #expect(Decision.allCases.map(\.protoNumber) == [1, 2, 3, 5, 4])
        #expect(Decision.requireApproval.rawValue == "REQUIRE_APPROVAL")
    }
}
