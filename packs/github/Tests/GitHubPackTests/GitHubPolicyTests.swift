import GitHubEmulator
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// The github pack's decisions for jobs submitted outside workflows, on the host with the worker and emulator.
@Suite struct GitHubPolicyTests {
    func submit(_ rig: GitHubRig, _ action: String, _ input: JSONValue, labels: [String: String] = [:])
        async throws -> HostJob
    {
        let job = try await rig.host.submitJob(
            JobSubmission(topic: "job.github.\(action)", input: input, labels: labels),
            tenant: GitHubRig.tenant,
            principal: "alice"
        )
        await rig.host.settle()
        return try await rig.host.job(job.id, tenant: GitHubRig.tenant)
    }

    @Test func deletesAreDeniedWithARemediationAndNeverReachGitHub() async throws {
        try await withGitHubRig { rig in
            let branch = try await submit(rig, "refs.delete", ["repo": .string(GitHubRig.repo), "branch": "feature/x"])
            #expect(branch.state == .denied)
            #expect(branch.error?.code == "policy_denied")
            #expect(branch.decision?.ruleID == "github-destructive")
            #expect(branch.decision?.remediations?.arrayValue?.first?["id"]?.stringValue == "enable-github-deletes")
            let release = try await submit(rig, "releases.delete", ["repo": .string(GitHubRig.repo), "release_id": 1])
            #expect(release.state == .denied)
            #expect(release.decision?.ruleID == "github-destructive")
            #expect(rig.writes.isEmpty)
        }
    }

    @Test func anUndeclaredTopicIsDenied() async throws {
        try await withGitHubRig { rig in
            let job = try await submit(rig, "write", ["repo": .string(GitHubRig.repo), "action": "issues.comment"])
            #expect(job.state == .denied)
            #expect(job.decision?.ruleID == "github-undeclared")
            #expect(rig.writes.isEmpty)
        }
    }

    @Test func aWriteOutsideAWorkflowWaitsForItsOwnApproval() async throws {
        try await withGitHubRig { rig in
            let input: JSONValue = ["repo": .string(GitHubRig.repo), "issue_number": 2, "body": "Looks good"]
            // A client cannot claim the workflow approval label.
            await #expect(throws: HostError.self) {
                _ = try await submit(
                    rig,
                    "issues.comment",
                    input,
                    labels: [RunStateMachine.workflowApprovalLabel: "approved"]
                )
            }
            // Submitted without risk tags: the host adds the topic's declared write tag, and the topic rule holds it.
            let held = try await submit(rig, "issues.comment", input)
            #expect(held.riskTags.isEmpty)
            #expect(held.state == .approvalRequired)
            #expect(held.decision?.ruleID == "github-write")
            #expect(rig.writes.isEmpty)
            let approval = try #require(try await rig.pending().first)
            #expect(approval.jobID == held.id)
            try await rig.approve(approval)
            let done = try await rig.host.job(held.id, tenant: GitHubRig.tenant)
            #expect(done.state == .succeeded)
            #expect(rig.state.comments(GitHubRig.repo, issue: 2).last?["body"]?.stringValue == "Looks good")
            #expect(rig.writes.count == 1)
        }
    }

    @Test func readsRunWithoutApproval() async throws {
        try await withGitHubRig { rig in
            let job = try await submit(rig, "issues.get", ["repo": .string(GitHubRig.repo), "issue_number": 1])
            #expect(job.state == .succeeded)
            #expect(job.decision?.decision == "ALLOW")
            #expect(job.result?["result"]?["title"]?.stringValue == "Widgets crash on empty input")
        }
    }
}
