import PolicyKernel
import StructuredData
import Testing

/// What a policy document may contain (policy-semantics §1).
@Suite struct ParsingTests {
    static let full = """
        version: "1"
        default_tenant: acme
        x-owner: ignored at the top level
        tenants:
          acme:
            allow_topics: ["job.a.*"]
            deny_topics: [job.a.bad]
            allowed_repo_hosts: [github.com]
            denied_repo_hosts: [evil.example]
            max_concurrent_jobs: 4
            mcp: {allow_servers: [fs], deny_servers: [x], allow_tools: [t], deny_tools: [u],
                  allow_resources: [r], deny_resources: [s], allow_actions: [read], deny_actions: [write]}
        rules:
          - id: r1
            match:
              tenants: [acme]
              topics: ["job.*"]
              capabilities: [c]
              risk_tags: [write]
              requires: [q]
              pack_ids: [p]
              actor_ids: [a]
              actor_types: [human]
              labels: {env: prod}
              secrets_present: false
              mcp: {deny_tools: [rm]}
            decision: block
            reason: because
            constraints:
              budgets: {max_runtime_ms: 9000000000, max_retries: 2, max_artifact_bytes: 1024, max_concurrent_jobs: 1}
              sandbox: {isolated: true, network_allowlist: [api], fs_read_only: [/r], fs_read_write: [/w]}
              toolchain: {allowed_tools: [git], allowed_commands: [ls]}
              diff: {max_files: 3, max_lines: 40, deny_path_globs: ["*.pem"]}
              redaction_level: strict
            remediations:
              - {id: m, title: t, summary: s, replacement_topic: job.b, replacement_capability: c2,
                 add_labels: {k: v}, remove_labels: [z]}
        """

    @Test func everyFieldIsRead() throws {
        let document = try #require(try PolicyDocument.parse(Array(Self.full.utf8), file: "full.yaml"))
        #expect(document.version == "1")
        #expect(document.defaultTenant == "acme")
        let tenant = try #require(document.tenants["acme"])
        #expect(tenant.allowTopics == ["job.a.*"])
        #expect(tenant.denyTopics == ["job.a.bad"])
        #expect(tenant.allowedRepoHosts == ["github.com"])
        #expect(tenant.deniedRepoHosts == ["evil.example"])
        #expect(tenant.maxConcurrentJobs == 4)
        #expect(tenant.mcp.allowActions == ["read"] && tenant.mcp.denyActions == ["write"])
        let rule = try #require(document.rules.first)
        #expect(rule.id == "r1")
        #expect(rule.decision == .deny)
        #expect(rule.reason == "because")
        #expect(rule.match.tenants == ["acme"] && rule.match.topics == ["job.*"])
        #expect(rule.match.capabilities == ["c"] && rule.match.riskTags == ["write"] && rule.match.requires == ["q"])
        #expect(rule.match.packIDs == ["p"] && rule.match.actorIDs == ["a"] && rule.match.actorTypes == ["human"])
        #expect(rule.match.labels == ["env": "prod"])
        #expect(rule.match.secretsPresent == false)
        #expect(rule.match.mcp.denyTools == ["rm"])
        #expect(rule.constraints.budgets.maxRuntimeMs == 9_000_000_000)
        #expect(rule.constraints.budgets.maxRetries == 2)
        #expect(rule.constraints.sandbox.isolated)
        #expect(rule.constraints.toolchain.allowedCommands == ["ls"])
        #expect(rule.constraints.diff.denyPathGlobs == ["*.pem"])
        #expect(rule.constraints.redactionLevel == "strict")
        #expect(rule.remediations.first?.addLabels == ["k": "v"])
        #expect(rule.remediations.first?.replacementCapability == "c2")
    }

    @Test(arguments: ["", "   \n\t\n", "# only a comment\n", "---\n"])
    func emptyTextIsNoPolicy(text: String) throws {
        #expect(try PolicyDocument.parse(Array(text.utf8), file: "empty.yaml") == nil)
    }

    @Test func jsonIsAccepted() throws {
        let text = #"{"version": "v2", "rules": [{"id": "j", "decision": "throttle"}], "extra": [1, 2]}"#
        let document = try #require(try PolicyDocument.parse(Array(text.utf8), file: "policy.json"))
        #expect(document.version == "v2")
        #expect(document.rules.map(\.decision) == [.throttle])
    }

    @Test(arguments: [
        ("allow", Decision.allow), ("permit", .allow), ("deny", .deny), ("block", .deny),
        ("require_approval", .requireApproval), ("require-approval", .requireApproval),
        ("require_human", .requireApproval), ("allow_with_constraints", .allowWithConstraints),
        ("allow-with-constraints", .allowWithConstraints), ("throttle", .throttle),
    ])
    func decisionSpellingsNormalise(spelling: String, decision: Decision) throws {
        let document = try PolicyDocument.parse(Array("rules: [{decision: \(spelling)}]".utf8), file: "p.yaml")
        #expect(document?.rules.first?.decision == decision)
    }

    @Test func omittedFieldsTakeDefaults() throws {
        let document = try #require(try PolicyDocument.parse(Array("rules: [{}]\n".utf8), file: "p.yaml"))
        let rule = try #require(document.rules.first)
        #expect(rule.id.isEmpty)
        #expect(rule.decision == .allow)
        #expect(rule.match == PolicyMatch())
        #expect(rule.constraints.isEmpty)
        #expect(document.version.isEmpty && document.defaultTenant.isEmpty && document.tenants.isEmpty)
    }

    @Test func wholeNumberFloatsAreIntegers() throws {
        let text = "rules: [{constraints: {budgets: {max_retries: 3.0}}}]"
        let document = try PolicyDocument.parse(Array(text.utf8), file: "p.yaml")
        #expect(document?.rules.first?.constraints.budgets.maxRetries == 3)
    }

    @Test func quotedVersionAndLabelValuesAreStrings() throws {
        let text = "version: \"1\"\nrules: [{match: {labels: {tier: \"2\", on: \"true\"}}}]"
        let document = try PolicyDocument.parse(Array(text.utf8), file: "p.yaml")
        #expect(document?.version == "1")
        #expect(document?.rules.first?.match.labels == ["tier": "2", "on": "true"])
    }
}
