import Foundation
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// Attacks on approvals, each written as a tenant key holder would try it (docs/security.md, "Approvals").
@Suite struct ApprovalAttackTests {
    static let policy = """
        rules:
          - id: gated-writes
            match:
              topics: ["job.t.write"]
              labels: { cordum.workflow_approval: approved }
            decision: allow_with_constraints
            constraints: { budgets: { max_retries: 0 } }
          - id: writes-need-a-human
            match: { topics: ["job.t.write"] }
            decision: require_approval
            reason: writes need a human
          - id: prod-needs-two
            match: { topics: ["job.t.deploy"] }
            decision: require_approval
            reason: production changes need two people
            constraints: { min_approvers: 2 }
          - id: reads
            match: { topics: ["job.t.read"] }
            decision: allow
        """

    static let topics = [
        InstalledTopic(name: "job.t.read", packID: "t", packVersion: "1.0.0", riskTags: ["read"]),
        InstalledTopic(name: "job.t.write", packID: "t", packVersion: "1.0.0", riskTags: ["write"]),
        InstalledTopic(name: "job.t.deploy", packID: "t", packVersion: "1.0.0", riskTags: ["write", "prod"]),
    ]

    static func workflow(_ id: String, _ steps: JSONValue) throws -> Workflow {
        try Workflow.load(Document(value: ["id": .string(id), "steps": steps], file: "\(id).json"))
    }

    static func fixture(configuration: HostConfiguration = HostConfiguration(), workerTopics: [String] = [])
        async throws -> (HostFixture, EchoWorker)
    {
        let governance = try StaticCatalog.governance(
            policy: policy,
            topics: topics,
            pools: ["job.t.read": "echo", "job.t.write": "echo", "job.t.deploy": "echo"]
        )
        let catalog = StaticCatalog(governance: governance)
        catalog.add(
            try workflow(
                "t.gated",
                [
                    "look": ["type": "worker", "topic": "job.t.read", "input": ["q": "${input.q}"]],
                    "ask": ["type": "approval", "depends_on": ["look"]],
                    "apply": [
                        "type": "worker", "topic": "job.t.write", "depends_on": ["ask"],
                        "input": ["seen": "${steps.look.output}", "q": "${input.q}"],
                    ],
                ]
            )
        )
        catalog.add(
            try workflow(
                "t.late-input",
                [
                    "ask": ["type": "approval"],
                    "fetch": ["type": "worker", "topic": "job.t.read", "depends_on": ["ask"]],
                    "apply": [
                        "type": "worker", "topic": "job.t.write", "depends_on": ["fetch"],
                        "input": ["from_after_the_approval": "${steps.fetch.output}"],
                    ],
                ]
            )
        )
        let fixture = try HostFixture(catalog: catalog, configuration: configuration)
        let worker = EchoWorker(topics: workerTopics)
        try await fixture.host.register(worker)
        return (fixture, worker)
    }

    /// A reviewer (not the run's starter) approves the run's `ask` step, and the host settles.
    static func reviewerApprovesAsk(_ host: PackHost, run: String) async throws {
        _ = try await host.decideStep(
            runID: run,
            stepID: "ask",
            approved: true,
            tenant: "a",
            principal: "reviewer",
            reason: "ok"
        )
        await host.settle()
    }

    // MARK: - Separation of duties

    @Test func aRequesterCannotApproveItsOwnHeldJob() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let held = try await host.submitJob(JobSubmission(topic: "job.t.write"), tenant: "a", principal: "mallory")
        #expect(held.state == .approvalRequired)
        await #expect {
            try await host.approve(held.id, tenant: "a", principal: "mallory", reason: "lgtm")
        } throws: { ($0 as? HostError)?.code == .forbidden }
        await host.settle()
        #expect(try await host.job(held.id, tenant: "a").state == .approvalRequired)
        #expect(worker.ran.isEmpty)

        let granted = try await host.approve(held.id, tenant: "a", principal: "reviewer", reason: "checked")
        #expect(granted.requestedBy == "mallory")
        #expect(!granted.selfApproved)
        await host.settle()
        #expect(try await host.job(held.id, tenant: "a").state == .succeeded)
        #expect(worker.ran == [held.id])
    }

    @Test func aRequesterCannotApproveTheApprovalStepOfItsOwnRun() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let run = try await host.startRun(workflowID: "t.gated", input: ["q": "x"], tenant: "a", principal: "mallory")
        await host.settle()
        await #expect {
            try await host.decideStep(
                runID: run.id,
                stepID: "ask",
                approved: true,
                tenant: "a",
                principal: "mallory",
                reason: "mine"
            )
        } throws: { ($0 as? HostError)?.code == .forbidden }
        await host.settle()
        #expect(try await host.run(run.id, tenant: "a").status == .waiting)
        #expect(!worker.ran.contains { $0.contains(":apply@") })
        // Rejecting one's own request is always allowed: it fails closed.
        _ = try await host.decideStep(
            runID: run.id,
            stepID: "ask",
            approved: false,
            tenant: "a",
            principal: "mallory",
            reason: "changed my mind"
        )
        await host.settle()
        #expect(try await host.run(run.id, tenant: "a").status == .failed)
    }

    @Test func selfApprovalWorksOnlyWhereTheOperatorTurnedItOnAndIsRecorded() async throws {
        var configuration = HostConfiguration()
        configuration.selfApproval = .tenants(["solo"])
        let (fixture, worker) = try await Self.fixture(configuration: configuration)
        let host = fixture.host
        let own = try await host.submitJob(JobSubmission(topic: "job.t.write"), tenant: "solo", principal: "dev")
        let granted = try await host.approve(own.id, tenant: "solo", principal: "dev", reason: "single user")
        #expect(granted.selfApproved)
        #expect(granted.json["self_approved"]?.boolValue == true)
        await host.settle()
        #expect(worker.ran == [own.id])
        let audit = try AuditStore(database: fixture.database).records(tenant: "solo", limit: 1000)
        let grant = try #require(audit.last { $0.event.kind == "approval.granted" })
        #expect(grant.event.data["self_approval"]?.boolValue == true)

        let elsewhere = try await host.submitJob(JobSubmission(topic: "job.t.write"), tenant: "a", principal: "dev")
        await #expect {
            try await host.approve(elsewhere.id, tenant: "a", principal: "dev", reason: "mine")
        } throws: { ($0 as? HostError)?.code == .forbidden }
    }

    @Test func aProdActionWaitsForTwoDistinctApprovers() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let held = try await host.submitJob(JobSubmission(topic: "job.t.deploy"), tenant: "a", principal: "dev")
        let first = try await host.approve(held.id, tenant: "a", principal: "alice", reason: "ok")
        #expect(first.status == .pending)
        #expect(first.requiredApprovals == 2)
        #expect(first.grants.map(\.principal) == ["alice"])
        await host.settle()
        #expect(try await host.job(held.id, tenant: "a").state == .approvalRequired)
        // The same person twice is still one approver.
        await #expect {
            try await host.approve(held.id, tenant: "a", principal: "alice", reason: "really ok")
        } throws: { ($0 as? HostError)?.code == .conflict }
        #expect(worker.ran.isEmpty)
        let second = try await host.approve(held.id, tenant: "a", principal: "bob", reason: "ok too")
        #expect(second.status == .approved)
        #expect(second.grants.map(\.principal) == ["alice", "bob"])
        await host.settle()
        #expect(worker.ran == [held.id])
    }

    // MARK: - A workflow approval approves what the approver saw, once

    @Test func aRerunFromALaterStepDoesNotReuseAnOldWorkflowApproval() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let run = try await host.startRun(workflowID: "t.gated", input: ["q": "x"], tenant: "a", principal: "dev")
        await host.settle()
        try await Self.reviewerApprovesAsk(host, run: run.id)
        #expect(try await host.run(run.id, tenant: "a").status == .succeeded)
        let writesBefore = worker.ran.filter { $0.contains(":apply@") }.count

        let rerun = try await host.rerun(run.id, tenant: "a", principal: "dev", fromStep: "apply", dryRun: false)
        await host.settle()
        let write = try #require(try await host.jobs(tenant: "a", filter: JobFilter(runID: rerun.id)).first)
        #expect(write.labels[RunStateMachine.workflowApprovalLabel] == nil)
        #expect(write.state == .approvalRequired)
        #expect(write.decision?.ruleID == "writes-need-a-human")
        #expect(worker.ran.filter { $0.contains(":apply@") }.count == writesBefore)
    }

    @Test func aWriteWhoseInputWasProducedAfterTheApprovalIsHeldAgain() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let run = try await host.startRun(workflowID: "t.late-input", input: [:], tenant: "a", principal: "dev")
        await host.settle()
        try await Self.reviewerApprovesAsk(host, run: run.id)
        let write = try #require(
            try await host.jobs(tenant: "a", filter: JobFilter(runID: run.id, topic: "job.t.write")).first
        )
        #expect(write.labels[RunStateMachine.workflowApprovalLabel] == nil)
        #expect(write.state == .approvalRequired)
        #expect(!worker.ran.contains(write.id))
    }

    @Test func aRetriedDeadLetterOfAGatedWriteMustEarnItsApprovalAgain() async throws {
        // Nobody serves writes yet: the approved write is dead-lettered `no_workers`.
        let (fixture, _) = try await Self.fixture(workerTopics: ["job.t.read"])
        let host = fixture.host
        let run = try await host.startRun(workflowID: "t.gated", input: ["q": "x"], tenant: "a", principal: "dev")
        await host.settle()
        try await Self.reviewerApprovesAsk(host, run: run.id)
        try await fixture.advance(seconds: 60)
        let gated = try #require(
            try await host.jobs(tenant: "a", filter: JobFilter(runID: run.id, topic: "job.t.write")).first
        )
        #expect(gated.labels[RunStateMachine.workflowApprovalLabel] == "approved")
        #expect(gated.error?.code == "no_workers")
        let writer = EchoWorker(id: "writer", topics: ["job.t.write"])
        try await host.register(writer)
        // The retry is a new job outside the run: it carries no platform label, so the policy asks a human again.
        let retried = try await host.retryDeadLetter(gated.id, tenant: "a", principal: "dev")
        #expect(retried.labels[RunStateMachine.workflowApprovalLabel] == nil)
        #expect(retried.state == .approvalRequired)
        await host.settle()
        #expect(writer.ran.isEmpty)
    }

    @Test func aDryRunsPlannedApprovalGrantsNoLabelToTheReadsAfterIt() async throws {
        let (fixture, _) = try await Self.fixture()
        let host = fixture.host
        let run = try await host.startRun(
            workflowID: "t.late-input",
            input: [:],
            tenant: "a",
            principal: "dev",
            dryRun: true
        )
        await host.settle()
        let read = try #require(
            try await host.jobs(tenant: "a", filter: JobFilter(runID: run.id, topic: "job.t.read")).first
        )
        #expect(read.labels[RunStateMachine.workflowApprovalLabel] == nil)
        #expect(try await host.approvals(tenant: "a").isEmpty)
    }

    @Test func aStepApprovalRetiredBecauseItsRunStoppedWaitingIsOnRecord() async throws {
        let (fixture, _) = try await Self.fixture()
        let host = fixture.host
        let run = try await host.startRun(workflowID: "t.gated", input: ["q": "x"], tenant: "a", principal: "dev")
        await host.settle()
        let pending = try #require(try await host.approvals(tenant: "a").first)
        try await host.cancelRun(run.id, tenant: "a", principal: "dev", reason: "not needed")
        #expect(try await host.approval(pending.id, tenant: "a").status == .superseded)
        let records = try AuditStore(database: fixture.database).records(tenant: "a", limit: 1000)
        let retired = try #require(records.last { $0.event.kind == "approval.superseded" })
        #expect(retired.event.subject == pending.id)
        #expect(retired.event.data["step_id"]?.stringValue == "ask")
    }

    // MARK: - The approver sees everything the digest covers

    @Test func theStepApprovalShowsTheRunInputAndEveryUpstreamOutputItIsBoundTo() async throws {
        let (fixture, _) = try await Self.fixture()
        let host = fixture.host
        let run = try await host.startRun(workflowID: "t.gated", input: ["q": "x"], tenant: "a", principal: "dev")
        await host.settle()
        let approval = try #require(try await host.approvals(tenant: "a").first)
        #expect(approval.summary["run_input"] == ["q": "x"])
        let looked = try await host.run(run.id, tenant: "a").steps["look"]?.output
        #expect(looked != nil)
        #expect(approval.summary["dependency_outputs"]?["look"] == looked)
        #expect(approval.requestedBy == "dev")
    }

    @Test func labelsArePartOfTheJobDigestAndShownToTheApprover() async throws {
        let (fixture, _) = try await Self.fixture()
        let host = fixture.host
        let plain = try await host.submitJob(JobSubmission(topic: "job.t.write"), tenant: "a", principal: "dev")
        let labelled = try await host.submitJob(
            JobSubmission(topic: "job.t.write", labels: ["env": "prod"]),
            tenant: "a",
            principal: "dev"
        )
        #expect(plain.actionDigest != labelled.actionDigest)
        let approval = try await host.approval(labelled.id, tenant: "a")
        #expect(approval.summary["labels"] == ["env": "prod"])
        #expect(approval.digest == labelled.actionDigest)
    }
}
