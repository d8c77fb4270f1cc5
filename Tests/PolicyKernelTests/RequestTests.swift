import PolicyKernel
import StructuredData
import Testing

/// Requests normalise what the kernel reads when they are built; changing a property must update it.
@Suite struct RequestTests {
    static let policy = """
        default_tenant: acme
        rules:
          - {id: write, match: {topics: ["job.g.*"], risk_tags: [write]}, decision: require_approval}
          - {id: beta, match: {tenants: [beta]}, decision: deny}
          - {id: labelled, match: {labels: {env: prod}}, decision: throttle}
          - {id: cap, match: {capabilities: [c]}, decision: deny}
          - {id: bob, match: {actor_ids: [bob]}, decision: deny}
        """

    @Test func changingPropertiesUpdatesTheDecision() throws {
        let policy = try compile(Self.policy)
        var request = PolicyRequest(topic: "job.g.x")
        #expect(policy.evaluate(request).ruleID == "")
        request.meta.riskTags.append("write")
        #expect(policy.evaluate(request).ruleID == "write")
        request.topic = "job.h.x"
        #expect(policy.evaluate(request).ruleID == "")
        request.tenant = "beta"
        #expect(policy.evaluate(request).ruleID == "beta")
        request.tenant = ""
        request.meta.tenantID = " BETA "
        #expect(policy.evaluate(request).ruleID == "beta")
        request.meta.tenantID = ""
        request.labels["env"] = "prod"
        #expect(policy.evaluate(request).ruleID == "labelled")
        request.labels = [:]
        request.meta.capability = "C"
        #expect(policy.evaluate(request).ruleID == "cap")
        request.meta.capability = ""
        request.principalID = "bob"
        #expect(policy.evaluate(request).ruleID == "bob")
        request.effectiveConfig = ["safety": ["denied_topics": ["job.h.*"]]]
        #expect(policy.evaluate(request).decision == .deny)
        #expect(policy.evaluate(request).reason == "topic 'job.h.x' denied by effective config")
    }

    @Test func requestsWithTheSameFieldsAreEqual() throws {
        var built = PolicyRequest(topic: "job.x")
        built.labels = ["a": "b"]
        let direct = PolicyRequest(topic: "job.x", labels: ["a": "b"])
        #expect(built == direct)
        #expect(try PolicyRequest(json: ["topic": "job.x", "labels": ["a": "b"]]) == direct)
    }
}
