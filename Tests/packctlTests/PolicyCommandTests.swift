import Foundation
import Testing

@Suite struct PolicyCommandTests {
    static let policy = """
        version: v1
        rules:
          - id: gh-write
            match: {topics: ['job.github.*'], risk_tags: [write]}
            decision: require-approval
            reason: writes need a human
          - id: gh-read
            match: {topics: ['job.github.*']}
            decision: allow
            constraints: {budgets: {max_runtime_ms: 1000}}
        """

    func decision(_ arguments: [String]) async throws -> [String: Any] {
        let output = try await PackctlRunner.run(arguments)
        #expect(output.status == 0, "\(output.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
    }

    @Test func evaluatePrintsTheDecision() async throws {
        let file = try PackctlRunner.temporaryFile(Self.policy)
        let result = try await decision([
            "policy", "evaluate", "--policy", file,
            "--request", #"{"topic": "job.github.write", "tenantId": "acme", "riskTags": ["write"]}"#,
        ])
        #expect(result["decision"] as? String == "REQUIRE_APPROVAL")
        #expect(result["rule_id"] as? String == "gh-write")
        #expect(result["reason"] as? String == "writes need a human")
        #expect((result["snapshot"] as? String)?.hasPrefix("v1:") == true)
    }

    @Test func allowWithConstraintsCarriesThem() async throws {
        let file = try PackctlRunner.temporaryFile(Self.policy)
        let result = try await decision([
            "policy", "evaluate", "--policy", file, "--request", #"{"topic": "job.github.read"}"#,
        ])
        #expect(result["decision"] as? String == "ALLOW_WITH_CONSTRAINTS")
        #expect(result["constraints"] is [String: Any])
    }

    @Test func requestCanComeFromAFileOrStandardInput() async throws {
        let file = try PackctlRunner.temporaryFile(Self.policy)
        let request = try PackctlRunner.temporaryFile(
            #"{"topic": "job.github.write", "meta": {"risk_tags": ["write"]}}"#,
            name: "r.json"
        )
        await #expect(
            try decision(["policy", "evaluate", "--policy", file, "--request", "@" + request])["rule_id"] as? String
                == "gh-write"
        )
        let output = try await PackctlRunner.run(
            ["policy", "evaluate", "--policy", file, "--request", "-"],
            stdin: #"{"topic": "sys.x"}"#
        )
        #expect(output.stdout.contains("\"DENY\""))
    }

    @Test func explainSaysWhyEarlierRulesDidNotMatch() async throws {
        let file = try PackctlRunner.temporaryFile(Self.policy)
        let output = try await PackctlRunner.run([
            "policy", "explain", "--policy", file, "--request", #"{"topic": "job.github.read"}"#,
        ])
        #expect(output.status == 0)
        #expect(output.stdout.contains("gh-write"))
        #expect(output.stdout.contains("gh-read"))
    }

    @Test func packsAddFragmentsAndStrictMode() async throws {
        let output = try await PackctlRunner.run([
            "policy", "evaluate", "--pack", "packs/hello", "--request", #"{"topic": "job.hello.guestbook.erase"}"#,
        ])
        #expect(output.status == 0)
        #expect(output.stdout.contains("hello-undeclared"))
    }

    @Test func badInputExitsTwo() async throws {
        let broken = try PackctlRunner.temporaryFile("rules:\n  - decision: DENY\n")
        let output = try await PackctlRunner.run([
            "policy", "evaluate", "--policy", broken, "--request", #"{"topic": "job.x"}"#,
        ])
        #expect(output.status == 2)
        #expect(output.stderr.contains("file.yaml:2"))
        let file = try PackctlRunner.temporaryFile(Self.policy)
        #expect(
            try await PackctlRunner.run(["policy", "evaluate", "--policy", file, "--request", "{not json"]).status == 2
        )
    }
}
