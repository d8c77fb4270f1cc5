import Foundation
import GRDB
import PackFormat
import PolicyKernel
import StructuredData
import Testing
import WorkflowEngine

@testable import PackHost

@Suite("Pack installer")
struct InstallTests {
    func decide(_ governance: Governance, _ topic: String, capability: String = "") -> PolicyDecision {
        governance.policy.evaluate(
            PolicyRequest(topic: topic, tenant: "default", meta: PolicyRequest.Meta(capability: capability))
        )
    }

    func governance(_ installer: PackInstaller) throws -> Governance {
        try installer.database.read { db in try Governance.load(in: db) }
    }

    func defaults(_ installer: PackInstaller) throws -> [String: JSONValue] {
        try installer.database.read { db in try ConfigStore.get(.system, in: db)?.data ?? [:] }
    }

    @Test("hello installs ACTIVE; the live policy and routing are the pack's")
    func hello() throws {
        let installer = try InstallFixture.installer()
        let result = try installer.install(path: InstallFixture.helloPack)
        #expect(result.applied)
        #expect(result.plan.action == .install)
        #expect(result.record.status == .active)
        #expect(result.plan.schemas.map(\.change) == [.new, .new, .new, .new])
        let live = try governance(installer)
        #expect(decide(live, "job.hello.greet", capability: "hello.greet").decision == .allow)
        #expect(decide(live, "job.hello.guestbook.sign").decision == .allowWithConstraints)
        let undeclared = decide(live, "job.hello.guestbook.erase")
        #expect(undeclared.decision == .deny)
        #expect(undeclared.ruleID == "hello-undeclared")
        #expect(live.pools.topics["job.hello.greet"] == ["hello"])
        #expect(live.pools.pools["hello"] == PoolDefinition(requires: []))
        #expect(live.timeouts.topics["job.hello.greet"] == TopicTimeout(timeoutSeconds: 30, maxRetries: 2))
        #expect(live.timeouts.workflows["hello.greet-and-sign"]?.totalTimeoutSeconds == 600)
        #expect(live.topics["job.hello.guestbook.sign"]?.riskTags == ["write"])
        #expect(live.policy.isStrict)
        let workflow = try installer.database.read { db in try WorkflowRegistry.workflow(id: "hello.greet", in: db) }
        #expect(workflow.id == "hello.greet")
        let report = try installer.verify("hello")
        #expect(report.passed)
        #expect(report.results.count == 4)
        let kinds = try InstallFixture.dump(installer.database).filter { $0.hasPrefix("audit_log") }
        #expect(kinds.contains { $0.contains("pack.installed") })
        #expect(kinds.contains { $0.contains("policy.bundle.changed") })
        #expect(!kinds.contains { $0.contains("rules:") }, "audit records carry digests, not fragment contents")
    }

    @Test("reinstalling the same version with identical content writes nothing")
    func identicalReinstall() throws {
        let installer = try InstallFixture.installer()
        try installer.install(path: InstallFixture.helloPack)
        let before = try InstallFixture.dump(installer.database)
        let again = try installer.install(path: InstallFixture.helloPack)
        #expect(again.plan.action == .unchanged)
        #expect(!again.applied)
        #expect(again.plan.schemas.allSatisfy { $0.change == .noop })
        #expect(again.plan.workflows.allSatisfy { $0.change == .noop })
        #expect(try InstallFixture.dump(installer.database) == before)
    }

    @Test("different content without upgrade is a conflict naming the object; upgrade replaces it")
    func conflictThenUpgrade() throws {
        let installer = try InstallFixture.installer()
        try installer.install(path: SyntheticPack(id: "syn").write())
        let changed = SyntheticPack(id: "syn", extraSchemaText: #", "required": ["x"]"#).write()
        let before = try InstallFixture.dump(installer.database)
        let error = #expect(throws: HostError.self) { try installer.install(path: changed) }
        #expect(error?.code == .conflict)
        #expect(error?.message.contains("schema syn/Input") == true)
        #expect(error?.message.contains("upgrade") == true)
        #expect(try InstallFixture.dump(installer.database) == before)
        let upgraded = try installer.install(path: changed, options: InstallOptions(upgrade: true))
        #expect(upgraded.plan.action == .upgrade)
        #expect(upgraded.plan.schemas.first?.change == .update)
    }

    @Test("an upgrade removes the topics, workflows and fragments the new version no longer has")
    func upgradeDropsRemoved() throws {
        let installer = try InstallFixture.installer()
        try installer.install(path: InstallFixture.helloPack)
        try installer.install(path: SyntheticPack(id: "syn", topics: ["a", "b"]).write())
        var files = SyntheticPack(id: "syn", version: "0.2.0", topics: ["a"]).files
        files["pack.yaml"] = files["pack.yaml"]!.replacingOccurrences(of: "name: safety", with: "name: rules")
        let result = try installer.install(path: InstallFixture.write(files), options: InstallOptions(upgrade: true))
        #expect(result.plan.workflows.contains { $0.id == "syn.b" && $0.change == .remove })
        #expect(result.plan.fragments.contains { $0.id == "syn/safety" && $0.change == .remove })
        let data = try defaults(installer)
        #expect(data["pools"]?["topics"]?["job.syn.b"] == nil)
        #expect(data["pools"]?["topics"]?["job.syn.a"] == "syn")
        #expect(data["timeouts"]?["topics"]?["job.syn.b"] == nil)
        #expect(data["pools"]?["topics"]?["job.hello.greet"] == "hello")
        let (workflow, bundles) = try installer.database.read { db in
            (try WorkflowRegistry.get(id: "syn.b", in: db), try PolicyBundles.all(in: db))
        }
        #expect(workflow == nil)
        #expect(bundles["syn/safety"] == nil)
        #expect(bundles["syn/rules"] != nil)
        #expect(try installer.show("syn").version == "0.2.0")
    }

    @Test("uninstall removes every overlay key without leaving {} behind; purge deletes workflows and schemas")
    func uninstallAndPurge() throws {
        let installer = try InstallFixture.installer()
        try installer.install(path: InstallFixture.helloPack)
        let onlyHello = try defaults(installer)
        try installer.install(path: SyntheticPack(id: "syn").write())
        let record = try installer.uninstall("syn")
        #expect(record.status == .disabled)
        #expect(try defaults(installer) == onlyHello)
        #expect(try installer.database.read { db in try WorkflowRegistry.get(id: "syn.read", in: db) } != nil)
        try installer.uninstall("syn", purge: true)
        #expect(try installer.database.read { db in try WorkflowRegistry.get(id: "syn.read", in: db) } == nil)
        #expect(try installer.database.read { db in try HostSchemaRegistry.get(id: "syn/Input", in: db) } == nil)
        try installer.uninstall("hello")
        #expect(try defaults(installer).isEmpty)
        #expect(try installer.database.read { db in try PolicyBundles.all(in: db) }.isEmpty)
        #expect(try installer.list().map(\.status) == [.disabled, .disabled])
        let missing = #expect(throws: HostError.self) { try installer.uninstall("nope") }
        #expect(missing?.code == .notFound)
    }

    @Test("a dry run returns the plan and writes nothing")
    func dryRun() throws {
        let installer = try InstallFixture.installer()
        let before = try InstallFixture.dump(installer.database)
        let result = try installer.install(path: InstallFixture.helloPack, options: InstallOptions(dryRun: true))
        #expect(!result.applied)
        #expect(result.plan.schemas.count == 4)
        #expect(result.plan.configPatches.map(\.name) == ["pools", "timeouts"])
        #expect(result.plan.fragments.map(\.id) == ["hello/safety"])
        #expect(try InstallFixture.dump(installer.database) == before)
    }

    @Test("inactive installs skip pools overlays and are INACTIVE")
    func inactive() throws {
        let installer = try InstallFixture.installer()
        let result = try installer.install(path: InstallFixture.helloPack, options: InstallOptions(inactive: true))
        #expect(result.record.status == .inactive)
        #expect(try defaults(installer)["pools"] == nil)
        #expect(try governance(installer).topics["job.hello.greet"] != nil)
    }

    @Test("requires_packs must be installed in an allowed version; a required pack cannot be uninstalled")
    func requiresPacks() throws {
        let installer = try InstallFixture.installer()
        let needs = SyntheticPack(id: "needs", requiresPacks: ["base@>=0.2.0"]).write()
        let missing = #expect(throws: HostError.self) { try installer.install(path: needs) }
        #expect(missing?.message.contains("requires pack base >=0.2.0 and it is not installed") == true)
        try installer.install(path: SyntheticPack(id: "base").write())
        let old = #expect(throws: HostError.self) { try installer.install(path: needs) }
        #expect(old?.message.contains("0.1.0 is installed") == true)
        try installer.install(
            path: SyntheticPack(id: "base", version: "0.2.0").write(),
            options: InstallOptions(upgrade: true)
        )
        let result = try installer.install(path: needs)
        #expect(result.plan.requires.first?.satisfied == true)
        let refused = #expect(throws: HostError.self) { try installer.uninstall("base") }
        #expect(refused?.code == .conflict)
        #expect(refused?.message.contains("required by needs 0.1.0") == true)
    }

    @Test("a failure at every step of an upgrade or uninstall leaves the store byte for byte unchanged")
    func rollback() throws {
        for step in InstallStep.allCases where step != .purged {
            var installer = try InstallFixture.installer()
            try installer.install(path: InstallFixture.helloPack)
            try installer.install(path: SyntheticPack(id: "syn", topics: ["a", "b"]).write())
            let before = try InstallFixture.dump(installer.database)
            installer.faultInjection = { reached in
                if reached == step { throw HostError(.internal, "injected at \(step)") }
            }
            var files = SyntheticPack(id: "syn", version: "0.2.0", topics: ["a"]).files
            files["pack.yaml"] = files["pack.yaml"]!.replacingOccurrences(of: "name: safety", with: "name: rules")
            let error = #expect(throws: HostError.self) {
                try installer.install(path: InstallFixture.write(files), options: InstallOptions(upgrade: true))
            }
            #expect(error?.message == "injected at \(step)")
            #expect(try InstallFixture.dump(installer.database) == before, "upgrade failing at \(step)")
        }
        for step in [InstallStep.configOverlays, .policyOverlays, .purged, .record, .audit] {
            var installer = try InstallFixture.installer()
            try installer.install(path: InstallFixture.helloPack)
            let before = try InstallFixture.dump(installer.database)
            installer.faultInjection = { reached in
                if reached == step { throw HostError(.internal, "injected at \(step)") }
            }
            #expect(throws: HostError.self) { try installer.uninstall("hello", purge: true) }
            #expect(try InstallFixture.dump(installer.database) == before, "uninstall failing at \(step)")
        }
    }

    @Test("an invalid fragment, schema or workflow is refused before anything is stored")
    func invalidContent() throws {
        let installer = try InstallFixture.installer()
        let before = try InstallFixture.dump(installer.database)
        let badFragment = SyntheticPack(id: "bad", fragment: "rules:\n  - id: x\n    decision: maybe\n").write()
        let fragmentError = #expect(throws: HostError.self) { try installer.install(path: badFragment) }
        #expect(fragmentError?.message.contains("bad/safety") == true)
        var files = SyntheticPack(id: "bad").files
        files["workflows/read.yaml"] = files["workflows/read.yaml"]! + "\n    depends_on: [ghost]\n"
        let workflowError = #expect(throws: HostError.self) { try installer.install(path: InstallFixture.write(files)) }
        #expect(workflowError?.message.contains("workflow bad.read") == true, "\(String(describing: workflowError))")
        #expect(try InstallFixture.dump(installer.database) == before)
    }

    @Test("capitalized keys in cfg:system:default refuse the install with the fix")
    func pascalCaseDefaults() throws {
        let installer = try InstallFixture.installer()
        try installer.database.write { db in
            try db.execute(
                sql: """
                    INSERT INTO config_documents (scope, scope_id, data, revision, updated_at, meta)
                    VALUES ('system', 'default', '{"pools":{"Topics":{"job.default":"default"}}}', 1, 0, '{}')
                    """
            )
        }
        let error = #expect(throws: HostError.self) { try installer.install(path: InstallFixture.helloPack) }
        #expect(error?.message.contains("rename it \"topics\"") == true)
    }

    @Test("verify reports the mismatch when an operator's bundle shadows a pack's rule")
    func verifyShadowed() throws {
        let installer = try InstallFixture.installer()
        let simulations = """
            tests:
              policySimulations:
                - name: read_is_allowed
                  request:
                    topic: job.zeta.read
                  expectDecision: ALLOW
            """
        try installer.install(path: SyntheticPack(id: "zeta", simulations: simulations).write())
        #expect(try installer.verify("zeta").passed)
        let shadow =
            "version: \"1\"\nrules:\n  - id: alpha-deny-all\n    match:\n      topics: [\"job.*\"]\n"
            + "    decision: deny\n    reason: alpha shadows everyone\n"
        // A pack's fragment can no longer reach other packs' topics; an operator's bundle still can.
        let bundles = try installer.database.read { db in try PolicyBundles.all(in: db) }
        try installer.database.write { db in
            var merged = bundles
            merged["alpha/safety"] = ["content": .string(shadow)]
            _ = try ConfigStore.set(
                .system,
                "policy",
                data: ["bundles": .object(merged)],
                at: installer.clock.now(),
                in: db
            )
        }
        let report = try installer.verify("zeta")
        #expect(!report.passed)
        #expect(report.results.first?.got == "DENY")
        #expect(report.results.first?.expected == "ALLOW")
        #expect(report.results.first?.ruleID == "alpha-deny-all")
        #expect(report.json["pack_id"] == "zeta")
    }

    @Test("records read in both key casings")
    func recordCasing() throws {
        let cli: JSONValue = [
            "id": "x", "version": "1.0.0", "status": "ACTIVE",
            "manifest": [
                "metadata": ["ID": "x", "Version": "1.0.0", "Title": "X"],
                "topics": [["Name": "job.x.a", "RiskTags": ["write"]]],
            ],
            "tests": ["PolicySimulations": [["Name": "n", "Request": ["Topic": "job.x.a"], "ExpectDecision": "DENY"]]],
        ]
        let record = try InstalledPack(json: cli)
        #expect(record.title == "X")
        #expect(record.topics.first?.riskTags == ["write"])
        #expect(record.simulations.first?.request.topic == "job.x.a")
        #expect(try InstalledPack(json: record.json) == record)
    }
}
