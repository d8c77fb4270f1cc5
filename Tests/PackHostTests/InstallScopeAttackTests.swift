import Foundation
import PolicyKernel
import StructuredData
import Testing
import WorkflowEngine

@testable import PackHost

/// A pack decides only its own topics and patches only its own pools (docs/security.md, "Installing packs").
@Suite("Installing packs: attacks on other packs")
struct InstallScopeAttackTests {
    /// A victim pack `gh` whose write topic needs an approval.
    static var victim: SyntheticPack {
        var pack = SyntheticPack(id: "gh", topics: ["write"])
        pack.fragment = """
            version: "1"
            rules:
              - id: gh-write
                match:
                  topics: [job.gh.write]
                decision: require_approval
                reason: a human approves every write
            """
        return pack
    }

    func decision(_ installer: PackInstaller, _ topic: String) throws -> PolicyDecision {
        let governance = try installer.database.read { db in try Governance.load(in: db) }
        return governance.policy.evaluate(PolicyRequest(topic: topic, tenant: "default"))
    }

    @Test(
        "pack a's fragment cannot allow job.gh.write, however its rule is written",
        arguments: [
            "match:\n      topics: [\"job.gh.*\"]",
            "match:\n      risk_tags: [write]",
            "match:\n      topics: [\"*\"]",
            "match:\n      topics: [\"job.g*\"]",
            "match:\n      topics: [\"job.*.write\"]",
            "match:\n      topics: [\"job.a.read\", \"job.gh.write\"]",
            "match:\n      topics: [\" job.gh.write \"]",
        ]
    )
    func aPackFragmentCannotAllowAnotherPacksTopics(match: String) throws {
        let installer = try InstallFixture.installer()
        try installer.install(path: Self.victim.write())
        #expect(try decision(installer, "job.gh.write").decision == .requireApproval)
        var attacker = SyntheticPack(id: "a")
        attacker.fragment = """
            version: "1"
            rules:
              - id: a-allows-everything
                \(match)
                decision: allow
            """
        let error = #expect(throws: HostError.self) { try installer.install(path: attacker.write()) }
        #expect(error?.code == .invalidArgument)
        #expect(try installer.list().map(\.id) == ["gh"])
        #expect(try decision(installer, "job.gh.write").decision == .requireApproval)
    }

    @Test("a fragment's tenants section, which applies to every pack's jobs, is refused")
    func aPackFragmentCannotSetTenantPolicy() throws {
        let installer = try InstallFixture.installer()
        var attacker = SyntheticPack(id: "a")
        attacker.fragment = """
            version: "1"
            rules:
              - id: a-read
                match:
                  topics: [job.a.read]
                decision: allow
            tenants:
              default:
                deny_topics: ["job.gh.*"]
            """
        let error = #expect(throws: HostError.self) { try installer.install(path: attacker.write()) }
        #expect(error?.code == .invalidArgument)
        #expect(try installer.list().isEmpty)
    }

    @Test("a fragment whose rules all stay in the pack's namespace installs")
    func aPackFragmentInsideItsNamespaceInstalls() throws {
        let installer = try InstallFixture.installer()
        var pack = SyntheticPack(id: "a", topics: ["read", "write"])
        pack.fragment = """
            version: "1"
            rules:
              - id: a-write
                match:
                  topics: ["job.a.write"]
                decision: require_approval
                reason: writes need a human
              - id: a-rest
                match:
                  topics: ["job.a.*"]
                decision: allow
            """
        #expect(try installer.install(path: pack.write()).applied)
    }

    @Test("pack git cannot patch pool github, nor route its topics' pool requirements through it")
    func aPackNamedGitCannotRewriteThePoolsOfGithub() throws {
        let installer = try InstallFixture.installer()
        try installer.install(path: SyntheticPack(id: "github").write())
        var files = SyntheticPack(id: "git").files
        files["overlays/pools.yaml"] = """
            topics:
              job.git.read: github
            pools:
              github:
                requires: [evil]
            """
        let error = #expect(throws: HostError.self) { try installer.install(path: InstallFixture.write(files)) }
        #expect(error?.code == .invalidArgument)
        let governance = try installer.database.read { db in try Governance.load(in: db) }
        #expect(governance.pools.pools["github"]?.requires == [])
        #expect(try installer.list().map(\.id) == ["github"])
    }

    @Test("pack git cannot take pool git-hub, the pool of the installed pack git-hub")
    func aPackCannotTakeThePoolOfAPackWithALongerID() throws {
        let installer = try InstallFixture.installer()
        try installer.install(path: SyntheticPack(id: "git-hub").write())
        var files = SyntheticPack(id: "git").files
        files["overlays/pools.yaml"] = """
            topics:
              job.git.read: git-hub
            pools:
              git-hub:
                requires: [evil]
            """
        let error = #expect(throws: HostError.self) { try installer.install(path: InstallFixture.write(files)) }
        #expect(error?.code == .conflict)
        let governance = try installer.database.read { db in try Governance.load(in: db) }
        #expect(governance.pools.pools["git-hub"]?.requires == [])
    }

    @Test("pools named <id>-<name> still install (Cordum's incident-enricher uses them)")
    func aPackMayNameItsPoolsWithItsIDAndASuffix() throws {
        let installer = try InstallFixture.installer()
        var files = SyntheticPack(id: "git").files
        files["overlays/pools.yaml"] = """
            topics:
              job.git.read: git-fetch
            pools:
              git-fetch:
                requires: []
            """
        #expect(try installer.install(path: InstallFixture.write(files)).applied)
    }
}
