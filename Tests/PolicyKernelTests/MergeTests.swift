import PolicyKernel
import StructuredData
import Testing

/// Merge order, tenant merging and snapshot ids (policy-semantics §2.6).
@Suite struct MergeTests {
    static let base = """
        version: v1
        default_tenant: base
        tenants:
          acme:
            allow_topics: ["job.a.*"]
            max_concurrent_jobs: 5
        rules:
          - id: base-rule
            match: {topics: [job.base]}
            decision: deny

        """
    static let upperA = "rules:\n  - id: A-rule\n"
    static let lowerA = "rules: [{id: a-rule}]"
    static let fragmentB = """
        version: "2"
        default_tenant: frag
        tenants:
          acme:
            allow_topics: ["job.b.*"]
            max_concurrent_jobs: 3
            mcp: {allow_servers: [s1]}
          beta:
            deny_topics: [job.z]
        rules:
          - id: b-rule

        """

    static func fragments() -> [PolicyFragment] {
        [
            PolicyFragment(key: "b/x", bundle: ["content": .string(fragmentB), "version": "1.0.0", "sha256": "x"]),
            PolicyFragment(key: "c/off", bundle: ["content": "rules: [{id: c-rule}]", "enabled": false]),
            PolicyFragment(key: "A/y", bundle: .string(upperA)),
            PolicyFragment(key: "d/blank", bundle: .string("  \n\t")),
            PolicyFragment(key: "a/z", bundle: ["policy": .string(lowerA)]),
        ]
    }

    static func merged() throws -> PolicySet {
        try PolicySet(base: (file: "safety.yaml", bytes: Array(base.utf8)), fragments: fragments())
    }

    @Test func rulesFollowBaseThenFragmentsInByteOrder() throws {
        let set = try Self.merged()
        #expect(set.merged?.rules.map(\.id) == ["base-rule", "A-rule", "a-rule", "b-rule"])
    }

    @Test func baseVersionAndDefaultTenantWin() throws {
        let set = try Self.merged()
        #expect(set.merged?.version == "v1")
        #expect(set.merged?.defaultTenant == "base")
    }

    @Test func firstFragmentFillsMissingVersion() throws {
        let set = try PolicySet(
            base: (file: "safety.yaml", bytes: Array("rules: []\n".utf8)),
            fragments: [
                PolicyFragment(key: "z", content: "version: late\ndefault_tenant: z"),
                PolicyFragment(key: "m", content: "version: early"),
            ]
        )
        #expect(set.merged?.version == "early")
        #expect(set.merged?.defaultTenant == "z")
    }

    @Test func tenantsMergeByExactName() throws {
        let tenants = try #require(try Self.merged().merged?.tenants)
        #expect(tenants.keys.sorted() == ["acme", "beta"])
        #expect(tenants["acme"]?.allowTopics == ["job.a.*", "job.b.*"])
        #expect(tenants["acme"]?.maxConcurrentJobs == 3)
        #expect(tenants["acme"]?.mcp.allowServers == ["s1"])
        #expect(tenants["beta"]?.denyTopics == ["job.z"])
    }

    @Test(arguments: [(0, 3, 3), (5, 0, 5), (5, 3, 3), (2, 7, 2), (0, 0, 0)])
    func smallestPositiveConcurrencyWins(first: Int, second: Int, expected: Int) throws {
        let set = try PolicySet(
            base: nil,
            fragments: [
                PolicyFragment(key: "1", content: "tenants: {t: {max_concurrent_jobs: \(first), deny_topics: [a]}}"),
                PolicyFragment(key: "2", content: "tenants: {t: {max_concurrent_jobs: \(second), deny_topics: [b]}}"),
            ]
        )
        #expect(set.merged?.tenants["t"]?.maxConcurrentJobs == expected)
        #expect(set.merged?.tenants["t"]?.denyTopics == ["a", "b"])
    }

    @Test func snapshotIds() throws {
        let set = try Self.merged()
        let baseID = "v1:2f8f153be4f171e840bd78eab66dc18d0913989e90833128653790702e6fb4cd"
        let fragmentID = "cfg:8c4ee6544a33dcfa279af0c223d474b801ce44c6a500ef33716199f2548c9927"
        #expect(set.baseSnapshot == baseID)
        #expect(set.fragmentSnapshot == fragmentID)
        #expect(set.snapshot == baseID + "|" + fragmentID)
    }

    @Test func baseSnapshotWithoutVersionIsTheBareHash() throws {
        let set = try PolicySet(base: (file: "p.yaml", bytes: Array("rules: []\n".utf8)), fragments: [])
        #expect(set.snapshot == "e0dfa70eb69d47fe9cb2be8a4fcd53e74cf7fe26fcbb1f06912b57a9c028e4e0")
    }

    @Test func fragmentsAloneGiveACfgSnapshot() throws {
        let set = try PolicySet(base: nil, fragments: [PolicyFragment(key: "only/one", content: "rules: []")])
        #expect(set.snapshot == "cfg:34b25b127c9b5cf81bdaaa1e3d1abaae92a3b4893582dd5339419e4ca6d5cc7f")
        #expect(set.baseSnapshot.isEmpty)
    }

    @Test func nothingUsableMeansNoPolicyAndNoSnapshot() throws {
        let set = try PolicySet(
            base: nil,
            fragments: [
                PolicyFragment(key: "off", content: "rules: []", enabled: false), .init(key: "b", content: " "),
            ]
        )
        #expect(set.merged == nil)
        #expect(set.snapshot.isEmpty)
        #expect(set.fragmentSnapshot.isEmpty)
    }

    @Test func oneBadFragmentFailsTheWholeSet() {
        #expect {
            _ = try PolicySet(
                base: (file: "safety.yaml", bytes: Array(Self.base.utf8)),
                fragments: [
                    .init(key: "good", content: "rules: []"), .init(key: "pack/bad", content: "rules: [{x: 1}]"),
                ]
            )
        } throws: { error in
            let error = error as? PolicyError
            return error?.code == .unknownField && error?.location.file == "pack/bad"
        }
    }

    @Test func mergedPolicyDecidesWithFragments() throws {
        // TestPolicyLoaderLoadsFragments: a string bundle, an object bundle and a disabled one.
        let set = try PolicySet(
            base: nil,
            fragments: [
                PolicyFragment(
                    key: "a",
                    bundle: "rules: [{id: prod, match: {topics: [job.prod.*]}, decision: require_approval}]"
                ),
                PolicyFragment(key: "b", bundle: ["content": "rules: [{id: b, decision: deny}]", "enabled": "off"]),
            ]
        )
        let decision = CompiledPolicy(set).evaluate(PolicyRequest(topic: "job.prod.test"))
        #expect(decision.decision == .requireApproval)
        #expect(!decision.snapshot.isEmpty)
        #expect(CompiledPolicy(set).evaluate(PolicyRequest(topic: "job.dev.test")).decision == .allow)
    }
}

/// How a stored bundle value becomes a fragment (policy-semantics §2.6 step 2).
@Suite struct FragmentTests {
    @Test(
        arguments: [
            (JSONValue.string("rules: []"), true, "rules: []"),
            (["content": "c"], true, "c"),
            (["content": "c", "enabled": false], false, "c"),
            (["content": "c", "enabled": true], true, "c"),
            (["content": "c", "enabled": " YES "], true, "c"),
            (["content": "c", "enabled": "y"], true, "c"),
            (["content": "c", "enabled": "on"], true, "c"),
            (["content": "c", "enabled": "off"], false, "c"),
            (["content": "c", "enabled": "nope"], false, "c"),
            (["content": "c", "enabled": 1], true, "c"),
            (["content": "c", "enabled": 0], false, "c"),
            (["content": "c", "enabled": .null], false, "c"),
            (["policy": "p", "data": "d"], true, "p"),
            (["data": "d"], true, "d"),
            (["content": 5, "data": "d"], true, "d"),
            (["other": "x"], true, ""),
            (JSONValue.integer(3), true, ""),
        ] as [(JSONValue, Bool, String)]
    )
    func bundleValue(value: JSONValue, enabled: Bool, content: String) {
        let fragment = PolicyFragment(key: "k", bundle: value)
        #expect(fragment.enabled == enabled)
        #expect(fragment.content == content)
    }
}
