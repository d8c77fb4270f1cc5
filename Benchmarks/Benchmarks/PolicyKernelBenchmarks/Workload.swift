import PolicyKernel

/// The benchmark workload: a policy shaped like a real installation (a base file with tenants and 20 pack
/// fragments, 120 rules in all) and 10,000 varied, prebuilt requests.
enum Workload {
    static let packCount = 20
    static let requestCount = 10_000

    /// The base file: tenants (topic lists, MCP lists) and 20 cross-cutting rules.
    static var base: String {
        var text = """
            version: "bench-1"
            default_tenant: default
            tenants:
              default:
                allow_topics: ["job.*"]
                deny_topics: ["sys.*"]
              acme:
                deny_topics: ["job.*.delete"]
                max_concurrent_jobs: 8
                mcp: {allow_servers: [github, filesystem], deny_tools: [delete_repo]}
              beta:
                allow_topics: ["job.beta.*"]
                mcp: {deny_servers: [shell]}
            rules:
              - id: block-destructive-prod
                match: {topics: ["job.*.delete", "job.*.destroy"], risk_tags: [destructive], labels: {env: prod}}
                decision: deny
                reason: destructive jobs are not allowed in prod
              - id: secrets-need-approval
                match: {secrets_present: true, actor_types: [human]}
                decision: require_approval
                reason: secrets access needs approval
              - id: mcp-shell
                match: {mcp: {deny_servers: [shell]}, topics: ["job.mcp-client.*"]}
                decision: deny
                reason: shell is not an MCP server we allow

            """
        for index in 0..<17 {
            text += """
                  - id: base-\(index)
                    match:
                      {tenants: [tenant-\(index)], topics: ["job.legacy\(index).*"], capabilities: [legacy.\(index)]}
                    decision: \(index % 3 == 0 ? "deny" : "throttle")
                    reason: base rule \(index)

                """
        }
        return text
    }

    /// One pack's fragment: the Standard Pack Pattern (read allow, write approval) plus admin, deploy and labelled
    /// rules.
    static func fragment(_ pack: String) -> String {
        """
        rules:
          - id: \(pack)-admin
            match: {topics: ["job.\(pack).admin.*"], capabilities: [\(pack).admin, \(pack).owner]}
            decision: deny
            reason: admin operations are closed
          - id: \(pack)-deploy
            match: {topics: [job.\(pack).deploy], requires: [change-ticket, approval]}
            decision: throttle
            reason: one deploy at a time
          - id: \(pack)-sync
            match: {topics: ["job.\(pack).?ync"], labels: {env: prod}}
            decision: allow
            constraints: {budgets: {max_runtime_ms: 60000}, sandbox: {isolated: true}}
          - id: \(pack)-read
            match: {topics: ["job.\(pack).*"], risk_tags: [read]}
            decision: allow
          - id: \(pack)-write
            match: {topics: ["job.\(pack).*"], risk_tags: [write]}
            decision: require_approval
            reason: \(pack) writes need approval

        """
    }

    static let packs: [String] = (1...packCount).map { "pack\($0 < 10 ? "0" : "")\($0)" }

    /// The base file and the fragments as Cordum stores them.
    static var sources: (base: [UInt8], fragments: [PolicyFragment]) {
        (Array(base.utf8), packs.map { PolicyFragment(key: "\($0)/safety", content: fragment($0)) })
    }

    /// Strict mode's declarations: every pack declares `write` on its write topic.
    static var declarations: [String: TopicDeclaration] {
        var result: [String: TopicDeclaration] = [:]
        for pack in packs {
            result["job.\(pack).write"] = TopicDeclaration(riskTags: ["write"])
            result["job.\(pack).read"] = TopicDeclaration(riskTags: ["read"])
        }
        return result
    }

    /// Loads, merges and compiles the policy.
    static func compile(strict: Bool) throws -> CompiledPolicy {
        let (base, fragments) = sources
        let set = try PolicySet(base: (file: "safety.yaml", bytes: base), fragments: fragments)
        return CompiledPolicy(set, strictTopics: strict ? declarations : [:])
    }

    /// 10,000 requests: early and late packs, no match, legacy topics, labelled, MCP, strict-mode topics.
    static func requests() -> [PolicyRequest] {
        var generator = Generator(state: 0x5EED)
        var result: [PolicyRequest] = []
        result.reserveCapacity(requestCount)
        let actions = ["read", "write", "list", "sync", "deploy", "admin.rotate", "delete"]
        for index in 0..<requestCount {
            let pack: String
            switch index % 10 {
            case 0, 1: pack = packs[generator.next(3)]  // early packs
            case 2, 3, 4: pack = packs[packs.count - 1 - generator.next(3)]  // late packs
            case 5: pack = "unknown\(generator.next(50))"  // matches nothing
            case 6: pack = "legacy\(generator.next(17))"
            default: pack = packs[generator.next(packs.count)]
            }
            let action = actions[generator.next(actions.count)]
            var meta = PolicyRequest.Meta(
                tenantID: "",
                actorID: generator.next(2) == 0 ? "alice" : "",
                actorType: generator.next(3) == 0 ? .human : .service,
                capability: generator.next(4) == 0 ? "\(pack).admin" : "\(pack).\(action)",
                packID: pack
            )
            switch generator.next(5) {
            case 0: meta.riskTags = []  // strict mode fills these in for declared topics
            case 1: meta.riskTags = ["read"]
            case 2: meta.riskTags = ["write", "network"]
            case 3: meta.riskTags = ["read", "secrets"]
            default: meta.riskTags = ["destructive"]
            }
            if generator.next(4) == 0 { meta.requires = ["change-ticket", "approval"] }
            var labels: [String: String] = [:]
            if generator.next(3) == 0 { labels["env"] = generator.next(2) == 0 ? "prod" : "dev" }
            if generator.next(8) == 0 { labels["mcp.server"] = generator.next(2) == 0 ? "github" : "shell" }
            result.append(
                PolicyRequest(
                    jobID: "job-\(index)",
                    topic: "job.\(pack).\(action)",
                    tenant: ["", "acme", "beta", "tenant-\(generator.next(17))"][generator.next(4)],
                    principalID: "svc-\(generator.next(5))",
                    labels: labels,
                    meta: meta
                )
            )
        }
        return result
    }

    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
    }
}
