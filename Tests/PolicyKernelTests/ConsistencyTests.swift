import PolicyKernel
import StructuredData
import Testing

/// `evaluate` (fast path, conditions in a cheap order) and `explain` (documented order, tracing) must agree on every
/// request; a deterministic generator sweeps requests over a policy that uses every condition.
@Suite struct ConsistencyTests {
    static let policy = """
        default_tenant: acme
        tenants:
          acme: {mcp: {deny_tools: [rm]}}
          beta: {deny_topics: ["job.*"]}
        rules:
          - {id: r0, match: {topics: ["job.a.*"], risk_tags: [write]}, decision: require_approval, reason: w}
          - {id: r1, match: {tenants: [beta], capabilities: [c1, c2]}, decision: deny}
          - {id: r2, match: {requires: [q1, q2], pack_ids: [p1]}, decision: throttle, reason: t}
          - {id: r3, match: {actor_ids: [alice], actor_types: [human]}, decision: deny}
          - {id: r4, match: {labels: {env: prod}, secrets_present: true}, decision: deny}
          - {id: r5, match: {mcp: {allow_servers: [fs]}, topics: ["job.m*"]}, decision: deny}
          - {id: r6, match: {topics: ["job.[ab].?"]}, constraints: {redaction_level: x}}
          - {id: r7, match: {risk_tags: [read]}, decision: allow}
        """

    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func pick<T>(_ values: [T]) -> T { values[next(values.count)] }
        mutating func subset(_ values: [String]) -> [String] { values.filter { _ in next(2) == 0 } }
    }

    @Test func evaluateAndExplainAgree() throws {
        let policy = try compile(
            Self.policy,
            strict: ["job.a.x": TopicDeclaration(riskTags: ["write"], requires: ["q1"])]
        )
        var generator = Generator(state: 42)
        for _ in 0..<3000 {
            var labels: [String: String] = [:]
            for key in generator.subset(["env", "mcp.server", "mcp_tool", "secrets_present"]) {
                labels[key] = generator.pick(["prod", "fs", "rm", "true", "no", ""])
            }
            let request = PolicyRequest(
                jobID: "j",
                topic: generator.pick(["job.a.x", "job.b.y", "job.m1", "job.mx.z", " job.a.x", "jobx", "", "job.c.1"]),
                tenant: generator.pick(["", "acme", "beta", "BETA", " acme "]),
                principalID: generator.pick(["", "alice"]),
                labels: labels,
                meta: .init(
                    actorID: generator.pick(["", "alice", "bob"]),
                    actorType: generator.pick([.unspecified, .human, .service]),
                    capability: generator.pick(["", "c1", "C2", "c3"]),
                    riskTags: generator.subset(["write", "read", "secrets"]),
                    requires: generator.subset(["q1", "q2"]),
                    packID: generator.pick(["", "p1"])
                )
            )
            let decision = policy.evaluate(request)
            let explanation = policy.explain(request)
            #expect(explanation.decision == decision)
            if explanation.guardReason == nil {
                #expect((explanation.matchedRuleID ?? "") == decision.ruleID)
            }
        }
    }

    @Test func compiledPolicyIsSendable() async throws {
        let policy = try compile(Self.policy)
        let results = await withTaskGroup(of: Decision.self) { group in
            for index in 0..<8 {
                group.addTask { policy.evaluate(PolicyRequest(topic: index % 2 == 0 ? "job.a.x" : "job.z")).decision }
            }
            var all: [Decision] = []
            for await decision in group { all.append(decision) }
            return all
        }
        #expect(results.count == 8)
    }
}
