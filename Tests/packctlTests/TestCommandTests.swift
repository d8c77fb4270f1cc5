import Foundation
import Testing

@Suite struct TestCommandTests {
    @Test func helloPassesAndExitsZero() async throws {
        let output = try await PackctlRunner.run(["test", "packs"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("pack hello 0.1.0"))
        #expect(output.stdout.contains("PASS greet_is_allowed"))
        #expect(output.stdout.hasSuffix("ok\n"))
    }

    @Test func jsonOutputCarriesTheMatrix() async throws {
        let output = try await PackctlRunner.run(["test", "packs/hello", "--format", "json"])
        #expect(output.status == 0)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: Any])
        let summary = try #require(json["summary"] as? [String: Any])
        #expect(summary["passed"] as? Bool == true)
        #expect(summary["topics"] as? Int == 2)
        let coverage = try #require(json["coverage"] as? [[String: Any]])
        #expect(coverage.map { $0["baseline"] as? String } == ["ALLOW", "REQUIRE_APPROVAL"])
    }

    @Test func aBasePolicyThatShadowsThePackFailsWithExitOne() async throws {
        let base = try PackctlRunner.temporaryFile(
            "version: v1\nrules:\n  - id: deny-all\n    match: {topics: ['job.*']}\n    decision: deny\n    reason: frozen\n"
        )
        let output = try await PackctlRunner.run(["test", "packs/hello", "--policy", base])
        #expect(output.status == 1)
        #expect(output.stdout.contains("FAIL greet_is_allowed"))
        #expect(output.stdout.contains("rule deny-all"))
    }

    @Test func anUnloadablePackExitsTwoNamingTheFile() async throws {
        let manifest = try PackctlRunner.temporaryFile("metadata: {id: Bad}\n", name: "pack.yaml")
        let folder = URL(fileURLWithPath: manifest).deletingLastPathComponent().path
        let output = try await PackctlRunner.run(["test", folder])
        #expect(output.status == 2)
        #expect(output.stderr.contains("pack.yaml:1"))
        #expect(output.stderr.contains("metadata.id must match ^[a-z0-9-]+$"))
    }

    @Test func unknownOptionsAreUsageErrors() async throws {
        #expect(try await PackctlRunner.run(["test", "--bogus"]).status == 64)
    }
}
