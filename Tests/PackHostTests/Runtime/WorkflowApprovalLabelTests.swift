import Foundation
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// A workflow's approval step lets a policy avoid a second approval for the writes it gates: the host marks those
/// jobs with `cordum.workflow_approval: approved`, and nobody else can.
@Suite struct WorkflowApprovalLabelTests {
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
          - id: reads
            match: { topics: ["job.t.read"] }
            decision: allow
        """

    static let topics = [
        InstalledTopic(name: "job.t.read", packID: "t", packVersion: "1.0.0", riskTags: ["read"]),
        InstalledTopic(name: "job.t.write", packID: "t", packVersion: "1.0.0", riskTags: ["write"]),
    ]

    static func fixture() async throws -> (HostFixture, EchoWorker) {
        let governance = try StaticCatalog.governance(
            policy: policy,
            topics: topics,
            pools: ["job.t.read": "echo", "job.t.write": "echo"]
        )
        let catalog = StaticCatalog(governance: governance)
        catalog.add(
            try Workflow.load(
                Document(
                    value: [
                        "id": "t.gated",
                        "steps": [
                            "look": ["type": "worker", "topic": "job.t.read"],
                            "ask": ["type": "approval", "depends_on": ["look"]],
                            "apply": ["type": "worker", "topic": "job.t.write", "depends_on": ["ask"]],
                        ],
                    ],
                    file: "t.gated.json"
                )
            )
        )
        catalog.add(
            try Workflow.load(
                Document(
                    value: [
                        "id": "t.ungated",
                        "steps": [
                            "apply": [
                                "type": "worker", "topic": "job.t.write",
                                "route_labels": ["cordum.workflow_approval": "approved"],
                                "meta": ["labels": ["cordum.workflow_approval": "approved"]],
                            ]
                        ],
                    ],
                    file: "t.ungated.json"
                )
            )
        )
        let fixture = try HostFixture(catalog: catalog)
        let worker = EchoWorker()
        try await fixture.host.register(worker)
        return (fixture, worker)
    }

    @Test func aWriteAfterAnApprovedStepIsNotAskedAgain() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let run = try await host.startRun(workflowID: "t.gated", input: [:], tenant: "a", principal: "p")
        await host.settle()
        _ = try await host.decideStep(
            runID: run.id,
            stepID: "ask",
            approved: true,
            tenant: "a",
            principal: "reviewer",
            reason: "ok"
        )
        await host.settle()
        #expect(try await host.run(run.id, tenant: "a").status == .succeeded)
        let write = try #require(
            try await host.jobs(tenant: "a", filter: JobFilter(runID: run.id, topic: "job.t.write")).first
        )
        #expect(write.labels[RunStateMachine.workflowApprovalLabel] == "approved")
        #expect(write.decision?.ruleID == "gated-writes")
        #expect(write.decision?.decision == "ALLOW_WITH_CONSTRAINTS")
        #expect(worker.ran.contains(write.id))
    }

    @Test func aWorkflowCannotLabelItselfApproved() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let run = try await host.startRun(workflowID: "t.ungated", input: [:], tenant: "a", principal: "p")
        await host.settle()
        let write = try #require(try await host.jobs(tenant: "a", filter: JobFilter(runID: run.id)).first)
        #expect(write.labels[RunStateMachine.workflowApprovalLabel] == nil)
        #expect(write.state == .approvalRequired)
        #expect(write.decision?.ruleID == "writes-need-a-human")
        #expect(worker.ran.isEmpty)
    }

    @Test func aSubmissionCannotSetPlatformLabels() async throws {
        let (fixture, worker) = try await Self.fixture()
        let submission = JobSubmission(topic: "job.t.write", labels: ["cordum.workflow_approval": "approved"])
        await #expect {
            try await fixture.host.submitJob(submission, tenant: "a", principal: "p")
        } throws: { error in
            let error = error as? HostError
            return error?.code == .invalidArgument && error?.message.contains("cordum.workflow_approval") == true
        }
        #expect(try await fixture.host.jobs(tenant: "a").isEmpty)
        #expect(worker.ran.isEmpty)
    }
}

/// A topic's `timeout_seconds` bounds running a job, not waiting for a human.
@Suite struct HeldJobDeadlineTests {
    @Test func aJobApprovedLongAfterItWasHeldStillRuns() async throws {
        let governance = try StaticCatalog.governance(
            policy: GateAndApprovalTests.policy,
            topics: GateAndApprovalTests.topics,
            pools: ["job.t.write": "echo"],
            timeouts: ["job.t.write": TopicTimeout(timeoutSeconds: 120)]
        )
        let fixture = try HostFixture(catalog: StaticCatalog(governance: governance))
        let worker = EchoWorker()
        try await fixture.host.register(worker)
        let held = try await fixture.host.submitJob(JobSubmission(topic: "job.t.write"), tenant: "a", principal: "p")
        #expect(held.state == .approvalRequired)
        #expect(held.deadline == nil)
        try await fixture.advance(seconds: 300)
        let approvedAt = fixture.clock.now()
        try await fixture.host.approve(held.id, tenant: "a", principal: "reviewer", reason: "ok")
        await fixture.host.settle()
        let job = try await fixture.host.job(held.id, tenant: "a")
        #expect(job.state == .succeeded)
        #expect(job.deadline == approvedAt.adding(seconds: 120))
        #expect(worker.ran == [held.id])
    }
}
