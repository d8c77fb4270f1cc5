import PolicyKernel
import StructuredData
import Testing

/// `explain`: the same decision as `evaluate`, with the trace behind it.
@Suite struct ExplainTests {
    static let policy = """
        default_tenant: acme
        tenants:
          acme:
            mcp: {deny_servers: [evil]}
        rules:
          - id: github-write
            match: {topics: [job.github.write], risk_tags: [write]}
            decision: require_approval
            reason: writes need approval
          - id: by-tenant
            match: {tenants: [beta]}
            decision: deny
          - id: by-capability
            match: {capabilities: [cap]}
            decision: deny
          - id: by-requires
            match: {requires: [repo, token]}
            decision: deny
          - id: by-labels
            match: {labels: {env: prod}}
            decision: deny
          - id: by-secrets
            match: {secrets_present: true}
            decision: deny
          - id: by-mcp
            match: {mcp: {allow_tools: [read]}}
            decision: deny
          - id: read
            match: {topics: ["job.github.*"]}
            decision: allow
        """

    @Test func missesNameTheFirstFailingCondition() throws {
        let policy = try compile(Self.policy)
        let request = PolicyRequest(
            topic: "job.github.read",
            labels: ["env": "dev", "mcp.tool": "write"],
            meta: .init(requires: ["repo"])
        )
        let explanation = policy.explain(request)
        #expect(explanation.matchedRuleIndex == 7)
        #expect(explanation.matchedRuleID == "read")
        #expect(explanation.matchedRuleSource == "safety.yaml")
        #expect(
            explanation.misses.map(\.field) == [
                "match.topics", "match.tenants", "match.capabilities", "match.requires", "match.labels",
                "match.secrets_present", "match.mcp",
            ]
        )
        #expect(
            explanation.misses.map(\.ruleID) == [
                "github-write", "by-tenant", "by-capability", "by-requires", "by-labels", "by-secrets", "by-mcp",
            ]
        )
        #expect(explanation.misses.map(\.index) == Array(0..<7))
        let first = try #require(explanation.misses.first)
        #expect(first.reason == #"topic "job.github.read" does not match any of ["job.github.write"]"#)
        #expect(explanation.decision == policy.evaluate(request))
    }

    @Test func normalisationIsReported() throws {
        let policy = try compile(Self.policy)
        let explanation = policy.explain(PolicyRequest(topic: "  job.github.read "))
        #expect(explanation.topic == "job.github.read")
        #expect(explanation.tenant == "acme")
        #expect(explanation.tenantSource == "default_tenant")
        #expect(policy.explain(PolicyRequest(topic: "job.x", tenant: " t ")).tenantSource == "tenant")
        #expect(
            policy.explain(PolicyRequest(topic: "job.x", meta: .init(tenantID: "m"))).tenantSource == "meta.tenant_id"
        )
        let noDefault = try compile("rules: []")
        #expect(noDefault.explain(PolicyRequest(topic: "job.x")).tenantSource == "default")
    }

    @Test func guardsStopTheTrace() throws {
        let explanation = try compile(Self.policy).explain(PolicyRequest(topic: "task.x"))
        #expect(explanation.guardReason == "unsupported topic")
        #expect(explanation.misses.isEmpty)
        #expect(explanation.matchedRuleIndex == nil)
        #expect(explanation.json["guard"] == "unsupported topic")
    }

    @Test func overridesAreListed() throws {
        let policy = try compile(Self.policy)
        var request = PolicyRequest(topic: "job.github.read", tenant: "acme", labels: ["mcp.server": "evil"])
        request.effectiveConfig = ["safety": ["denied_topics": ["job.github.*"]]]
        let explanation = policy.explain(request)
        #expect(explanation.overrides.map(\.source) == ["tenant_mcp", "effective_config"])
        #expect(explanation.decision.decision == .deny)
        #expect(explanation.decision.ruleID == explanation.matchedRuleID)
    }

    @Test func strictAdditionsAreListed() throws {
        let policy = try compile(
            Self.policy,
            strict: ["job.github.write": TopicDeclaration(riskTags: ["write", "network"], requires: ["repo"])]
        )
        let explanation = policy.explain(PolicyRequest(topic: "job.github.write", meta: .init(riskTags: ["NETWORK"])))
        #expect(explanation.strict?.addedRiskTags == ["write"])
        #expect(explanation.strict?.addedRequires == ["repo"])
        #expect(explanation.matchedRuleID == "github-write")
        #expect(explanation.decision.decision == .requireApproval)
        #expect(policy.explain(PolicyRequest(topic: "job.github.read")).strict == nil)
    }

    @Test func legacyRulesAreFlagged() throws {
        let policy = try compile("tenants:\n  default:\n    deny_topics: [job.x]\n")
        let explanation = policy.explain(PolicyRequest(topic: "job.x"))
        #expect(explanation.usesLegacyRules)
        #expect(explanation.matchedRuleID == "legacy:default:deny:1")
        #expect(explanation.matchedRuleSource == "tenants.default.deny_topics")
    }

    @Test func jsonShape() throws {
        let explanation = try compile(Self.policy).explain(PolicyRequest(topic: "job.github.read"))
        #expect(
            explanation.json.objectValue?.keys.sorted() == [
                "decision", "guard", "legacy_rules", "matched_rule", "overrides", "skipped_rules", "strict", "tenant",
                "tenant_source", "topic",
            ]
        )
        // Without MCP labels the MCP-only rule matches: `match.mcp` is vacuous for such requests.
        #expect(explanation.json["matched_rule"]?["rule_id"] == "by-mcp")
        #expect(explanation.json["skipped_rules"]?.arrayValue?.first?["field"] == "match.topics")
    }
}
