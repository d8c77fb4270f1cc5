import PolicyKernel
import StructuredData
import Testing

/// The JSON shapes of a decision: ours (snake_case) and Cordum's gateway protojson.
@Suite struct DecisionJSONTests {
    static let policy = """
        rules:
          - id: github-write
            match: {topics: [job.github.write]}
            decision: require_approval
            reason: writes need approval
          - id: limited
            match: {topics: [job.limited]}
            constraints:
              budgets: {max_runtime_ms: 60000, max_artifact_bytes: 10, max_retries: 2}
              redaction_level: high
            remediations: [{id: r, add_labels: {a: b}}]
        """

    @Test func protoJSONOfARequireApproval() throws {
        let decision = try compile(Self.policy).evaluate(PolicyRequest(jobID: "j-7", topic: "job.github.write"))
        let expected: JSONValue = [
            "decision": "DECISION_TYPE_REQUIRE_HUMAN",
            "reason": "writes need approval",
            "redactedContextPtr": "",
            "policySnapshot": .string(decision.snapshot),
            "ruleId": "github-write",
            "constraints": nil,
            "approvalRequired": true,
            "approvalRef": "j-7",
            "remediations": [],
        ]
        #expect(decision.protoJSON == expected)
        #expect(decision.approvalRef == "j-7")
    }

    @Test func protoJSONWritesInt64AsStrings() throws {
        let decision = try compile(Self.policy).evaluate(PolicyRequest(topic: "job.limited"))
        let constraints = try #require(decision.protoJSON["constraints"])
        #expect(
            constraints["budgets"] == [
                "maxRuntimeMs": "60000", "maxRetries": 2, "maxArtifactBytes": "10", "maxConcurrentJobs": 0,
            ]
        )
        #expect(
            constraints["sandbox"] == ["isolated": false, "networkAllowlist": [], "fsReadOnly": [], "fsReadWrite": []]
        )
        #expect(constraints["toolchain"] == ["allowedTools": [], "allowedCommands": []])
        #expect(constraints["diff"] == ["maxFiles": 0, "maxLines": 0, "denyPathGlobs": []])
        #expect(constraints["redactionLevel"] == "high")
        #expect(decision.protoJSON["decision"] == "DECISION_TYPE_ALLOW_WITH_CONSTRAINTS")
        #expect(decision.protoJSON["approvalRef"] == "")
        let remediation = decision.protoJSON["remediations"]?.arrayValue?.first
        #expect(
            remediation == [
                "id": "r", "title": "", "summary": "", "replacementTopic": "", "replacementCapability": "",
                "addLabels": ["a": "b"], "removeLabels": [],
            ]
        )
    }

    @Test func snakeCaseJSON() throws {
        let decision = try compile(Self.policy).evaluate(PolicyRequest(topic: "job.github.write"))
        #expect(
            decision.json.objectValue?.keys.sorted() == [
                "approval_required", "constraints", "decision", "reason", "remediations", "rule_id", "snapshot",
            ]
        )
        #expect(decision.json["decision"] == "REQUIRE_APPROVAL")
        #expect(decision.json["approval_required"] == true)
    }

    @Test func guardDecisionsCarryNoSnapshot() throws {
        let decision = try compile(Self.policy).evaluate(PolicyRequest(topic: ""))
        #expect(decision.protoJSON["policySnapshot"] == "")
        #expect(decision.protoJSON["decision"] == "DECISION_TYPE_DENY")
        #expect(decision.protoJSON["reason"] == "missing topic")
    }
}
