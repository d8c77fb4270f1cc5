import EmulatorKit
import GitHubEmulator
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// Every reference workflow of the github pack end to end: the host's policy and approvals, the GitHub worker
/// in-process, and the GitHub emulator's state and request log.
@Suite struct GitHubWorkflowTests {
    static let approvedLabel = RunStateMachine.workflowApprovalLabel

    @Test func reviewSummaryReadsFreelyAndCommentsOnceAfterItsApproval() async throws {
        try await withGitHubRig { rig in
            let input: JSONValue = ["repo": .string(GitHubRig.repo), "pull_number": 4]
            let first = try await rig.start("github.pr.review-summary", input)
            var run = try await rig.run(first)
            #expect(run.status == .waiting)
            for step in ["pr", "files", "reviews", "checks", "status"] {
                let job = try await rig.job(run, step)
                #expect(job.decision?.decision == "ALLOW", "\(step)")
                #expect(job.decision?.ruleID == "github-read", "\(step)")
            }
            let summary = try #require(run.steps["summary"]?.output)
            #expect(summary["files_changed"]?.intValue == 2)
            #expect(summary["check_runs"]?.intValue == 2)
            #expect(summary["combined_status"]?.stringValue == "success")
            #expect(summary["head_sha"]?.stringValue == GitHubDemo.pullHeadSHA(in: rig.state))
            #expect(rig.writes.isEmpty)
            let commentsBefore = rig.state.comments(GitHubRig.repo, issue: 4).count

            let approval = try #require(try await rig.pending().first)
            #expect(approval.kind == .step)
            #expect(approval.summary["message"]?.stringValue?.contains("Review summary of #4") == true)
            try await rig.approve(approval)
            run = try await rig.run(first)
            #expect(run.status == .succeeded)
            let comment = try await rig.job(run, "comment")
            #expect(comment.labels[Self.approvedLabel] == "approved")
            #expect(comment.decision?.decision == "ALLOW_WITH_CONSTRAINTS")
            #expect(comment.decision?.ruleID == "github-write-approved")
            #expect(comment.decision?.constraints?["budgets"]?["max_retries"]?.intValue == 0)
            #expect(comment.result?["status_code"]?.intValue == 201)
            let comments = rig.state.comments(GitHubRig.repo, issue: 4)
            #expect(comments.count == commentsBefore + 1)
            #expect(comments.last?["body"]?.stringValue?.hasPrefix("### Review summary of #4") == true)
            #expect(rig.writes.map(\.method) == ["POST"])

        }
    }

    @Test func issueTriageAppliesTheApprovedProposalOnce() async throws {
        try await withGitHubRig { rig in
            let number = try rig.state.createIssue(GitHubRig.repo, title: "Widgets wobble", body: "They wobble.")
            let input: JSONValue = [
                "repo": .string(GitHubRig.repo), "issue_number": .integer(number), "assignee": "bob",
            ]
            let id = try await rig.start("github.issue.triage", input)
            var run = try await rig.run(id)
            #expect(run.status == .waiting)
            let proposal = try #require(run.steps["propose"]?.output)
            #expect(proposal["labels"] == ["needs-triage"])
            #expect(proposal["assignees"] == ["bob"])
            #expect(proposal["changes"] == true)
            #expect(rig.writes.isEmpty)

            let approval = try #require(try await rig.pending().first)
            #expect(approval.summary["message"]?.stringValue?.contains("needs-triage") == true)
            try await rig.approve(approval)
            run = try await rig.run(id)
            #expect(run.status == .succeeded)
            for step in ["add-labels", "assign", "comment"] {
                let job = try await rig.job(run, step)
                #expect(job.decision?.decision == "ALLOW_WITH_CONSTRAINTS", "\(step)")
                #expect(job.labels[Self.approvedLabel] == "approved", "\(step)")
            }
            let labelsJob = try await rig.job(run, "add-labels")
            #expect(labelsJob.idempotencyKey == "github:triage:labels:acme/widgets#\(number):[\"needs-triage\"]")
            #expect(rig.labels(of: number) == ["needs-triage"])
            #expect(rig.assignees(of: number) == ["bob"])
            #expect(rig.state.comments(GitHubRig.repo, issue: number).count == 1)
            #expect(rig.writes.count == 3)

            // Rerunning the apply steps earns no approval from the first run: each write is held for a person again.
            // Approved, they use the same keys: nothing is sent twice.
            let rerun = try await rig.host.rerun(
                id,
                tenant: GitHubRig.tenant,
                principal: "alice",
                fromStep: "add-labels",
                dryRun: nil
            )
            await rig.host.settle()
            var held = 0
            while let approval = try await rig.pending().first {
                #expect(approval.kind == .job)
                try await rig.approve(approval)
                held += 1
            }
            #expect(held == 2)  // add-labels and comment, which depends on it; assign is carried over
            let again = try await rig.run(rerun.id)
            #expect(again.status == .succeeded)
            #expect(try await rig.job(again, "add-labels").deduplicatedFrom == labelsJob.id)
            #expect(rig.writes.count == 3)
            #expect(rig.state.comments(GitHubRig.repo, issue: number).count == 1)

            // A triaged issue needs nothing: no approval request, no write.
            let settled = try await rig.start("github.issue.triage", input)
            let quiet = try await rig.run(settled)
            #expect(quiet.status == .succeeded)
            #expect(quiet.steps["approve"]?.status == .skipped)
            #expect(try await rig.pending().isEmpty)
            #expect(rig.writes.count == 3)
        }
    }

    @Test func aDryRunShowsThePlansAndChangesNothing() async throws {
        try await withGitHubRig { rig in
            let number = try rig.state.createIssue(GitHubRig.repo, title: "Dry widgets")
            let input: JSONValue = [
                "repo": .string(GitHubRig.repo), "issue_number": .integer(number), "assignee": "bob",
            ]
            let id = try await rig.start("github.issue.triage", input, dryRun: true)
            if let approval = try await rig.pending().first { try await rig.approve(approval) }
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            // The writes went to the worker, which declares dry-run support: each answer is the exact request.
            let plan = try #require(run.steps["add-labels"]?.output?["plan"], "\(run.steps)")
            #expect(run.steps["add-labels"]?.output?["dry_run"] == true)
            #expect(plan["method"] == "POST")
            #expect(plan["url"]?.stringValue?.hasSuffix("/repos/acme/widgets/issues/\(number)/labels") == true)
            #expect(plan["body"]?["labels"] == ["needs-triage"])
            #expect(
                run.steps["comment"]?.output?["plan"]?["body"]?["body"]?.stringValue?.contains("needs-triage") == true
            )
            #expect(try await rig.job(run, "add-labels").dispatches == 1)
            #expect(rig.writes.isEmpty)
            #expect(rig.labels(of: number).isEmpty)
            #expect(rig.state.comments(GitHubRig.repo, issue: number).isEmpty)
        }
    }

    @Test func releaseCreateMakesOneReleaseUnderTheRepositoryLock() async throws {
        try await withGitHubRig { rig in
            let before = rig.state.releases(GitHubRig.repo).count
            let input: JSONValue = ["repo": .string(GitHubRig.repo), "tag_name": "v1.3.0", "name": "Widgets 1.3"]
            let id = try await rig.start("github.release.create", input)
            var run = try await rig.run(id)
            #expect(run.status == .waiting)
            #expect(run.steps["notes"]?.output?["previous"]?.stringValue == "v1.1.0")
            #expect(run.steps["notes"]?.output?["target"]?.stringValue == "main")
            try await rig.approve(try #require(try await rig.pending().first))
            run = try await rig.run(id)
            #expect(run.status == .succeeded)
            let create = try await rig.job(run, "create")
            #expect(create.lock?.resource == "repo:acme/widgets")
            #expect(create.idempotencyKey == "github:release:acme/widgets:v1.3.0")
            #expect(create.decision?.decision == "ALLOW_WITH_CONSTRAINTS")
            #expect(create.result?["result"]?["tag_name"]?.stringValue == "v1.3.0")
            let releases = rig.state.releases(GitHubRig.repo)
            #expect(releases.count == before + 1)
            #expect(
                releases.contains {
                    $0["tag_name"]?.stringValue == "v1.3.0" && $0["name"]?.stringValue == "Widgets 1.3"
                }
            )

            // Same repository and tag, but the notes now start from v1.3.0: the key names another action, so the
            // second create is refused (idempotency_key_conflict), never answered with the first release.
            let second = try await rig.start("github.release.create", input)
            try await rig.approve(try #require(try await rig.pending().first))
            let rerun = try await rig.run(second)
            #expect(rerun.status == .failed)
            let refused = try await rig.job(rerun, "create")
            #expect(refused.error?.code == "idempotency_key_conflict")
            #expect(refused.result == nil)
            #expect(rig.state.releases(GitHubRig.repo).count == before + 1)
            #expect(rig.writes.count == 1)
        }
    }

    @Test func mergeIsHeldForItsJobApprovalThenMergesTheCheckedHead() async throws {
        try await withGitHubRig { rig in
            let head = try #require(GitHubDemo.pullHeadSHA(in: rig.state))
            let id = try await rig.start("github.pr.merge", ["repo": .string(GitHubRig.repo), "pull_number": 4])
            var run = try await rig.run(id)
            #expect(run.status == .running || run.status == .waiting)
            #expect(run.steps["green"]?.output == true)
            let held = try await rig.job(run, "merge")
            #expect(held.state == .approvalRequired)
            #expect(held.decision?.decision == "REQUIRE_APPROVAL")
            #expect(held.decision?.ruleID == "github-pulls-merge")
            #expect(held.input["expected_head_sha"]?.stringValue == head)
            #expect(held.lock?.resource == "repo:acme/widgets")
            #expect(rig.writes.isEmpty)

            let pending = try await rig.pending()
            #expect(pending.count == 1)
            let approval = try #require(pending.first)
            #expect(approval.kind == .job)
            #expect(approval.jobID == held.id)
            try await rig.approve(approval, reason: "green and reviewed")
            run = try await rig.run(id)
            #expect(run.status == .succeeded)
            let merged = try await rig.job(run, "merge")
            #expect(merged.result?["result"]?["merged"] == true)
            #expect(rig.state.pull(GitHubRig.repo, 4)?["merged"] == true)
            let puts = rig.writes
            #expect(puts.count == 1)
            #expect(puts.first?.method == "PUT")
            #expect(puts.first?.body.contains(head) == true)
        }
    }

    @Test func aMergeApprovedMinutesLaterStillMerges() async throws {
        try await withGitHubRig { rig in
            let id = try await rig.start("github.pr.merge", ["repo": .string(GitHubRig.repo), "pull_number": 4])
            let approval = try #require(try await rig.pending().first)
            // A human takes five minutes; the topic's 120 s timeout is for running the merge, not for waiting.
            try await rig.advance(seconds: 300)
            try await rig.approve(approval)
            let run = try await rig.run(id)
            #expect(run.status == .succeeded, "\(String(describing: run.steps["merge"]?.error))")
            #expect(rig.state.pull(GitHubRig.repo, 4)?["merged"] == true)
        }
    }

    @Test func aHeadThatMovedAfterTheApprovalIsNotMerged() async throws {
        try await withGitHubRig { rig in
            let id = try await rig.start("github.pr.merge", ["repo": .string(GitHubRig.repo), "pull_number": 4])
            let approval = try #require(try await rig.pending().first)
            try rig.state.commit(
                GitHubRig.repo,
                branch: GitHubDemo.pullBranch,
                files: ["late.txt": "pushed after the approval"],
                message: "late push"
            )
            try await rig.approve(approval)
            let run = try await rig.run(id)
            #expect(run.status == .failed)
            #expect(run.steps["merge"]?.error?.code == "github_head_changed")
            #expect(rig.state.pull(GitHubRig.repo, 4)?["merged"] == false)
        }
    }

    @Test func redChecksNeverAttemptAMerge() async throws {
        try await withGitHubRig { rig in
            let head = try #require(GitHubDemo.pullHeadSHA(in: rig.state))
            try rig.state.addCheckRun(GitHubRig.repo, sha: head, name: "lint", conclusion: "failure")
            let id = try await rig.start("github.pr.merge", ["repo": .string(GitHubRig.repo), "pull_number": 4])
            let run = try await rig.run(id)
            #expect(run.status == .succeeded)
            #expect(run.steps["green"]?.output == false)
            #expect(run.steps["merge"]?.status == .skipped)
            #expect(run.steps["merge"]?.jobID == nil)
            let reason = run.steps["not-green"]?.output?["reason"]?.stringValue ?? ""
            #expect(reason.hasPrefix("not merged: acme/widgets#4"))
            #expect(reason.contains("3 check run(s)"))
            #expect(try await rig.pending().isEmpty)
            #expect(rig.writes.isEmpty)
            #expect(rig.state.pull(GitHubRig.repo, 4)?["merged"] == false)
        }
    }
}
