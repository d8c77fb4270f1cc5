import HelloWorker
import PackHost
import StructuredData
import Testing
import WorkerKit
import WorkflowEngine

/// The hello pack's workflows end to end on the host with its in-process worker.
@Suite struct HelloWorkflowTests {
    static func fixture() async throws -> (HostFixture, Guestbook) {
        let fixture = try HostFixture(catalog: try StaticCatalog.hello())
        let guestbook = Guestbook()
        try await fixture.host.register(InProcessWorker(HelloWorker.make(guestbook: guestbook), pool: "hello"))
        return (fixture, guestbook)
    }

    @Test func greetRunsWithoutApproval() async throws {
        let (fixture, _) = try await Self.fixture()
        let host = fixture.host
        let started = try await host.startRun(
            workflowID: "hello.greet",
            input: ["name": "Ada"],
            tenant: "default",
            principal: "alice"
        )
        await host.settle()
        let run = try await host.run(started.id, tenant: "default")
        #expect(run.status == .succeeded)
        #expect(run.steps["greet"]?.output?["greeting"]?.stringValue?.contains("Ada") == true)
        let job = try await host.job(run.steps["greet"]!.jobID!, tenant: "default")
        #expect(job.decision?.decision == "ALLOW")
        #expect(job.decision?.ruleID == "hello-greet")
        #expect(job.riskTags == ["read"])
        let kinds = try fixture.auditKinds()
        #expect(kinds.contains("policy.decision") && kinds.contains("job.dispatched") && kinds.contains("job.result"))
    }

    @Test func greetAndSignWaitsForItsApprovalThenSignsOnceWithConstraints() async throws {
        let (fixture, guestbook) = try await Self.fixture()
        let host = fixture.host
        let started = try await host.startRun(
            workflowID: "hello.greet-and-sign",
            input: ["name": "Ada"],
            tenant: "default",
            principal: "alice"
        )
        await host.settle()
        var run = try await host.run(started.id, tenant: "default")
        #expect(run.status == .waiting)
        let pending = try await host.approvals(tenant: "default")
        #expect(pending.count == 1)
        let approval = try #require(pending.first)
        #expect(approval.kind == .step)
        #expect(approval.summary["message"]?.stringValue?.hasPrefix("Sign the guestbook with:") == true)
        #expect(await guestbook.all.isEmpty)

        // A reason is required, and a digest other than the one shown is refused.
        await #expect(throws: HostError.self) {
            try await host.approve(approval.id, tenant: "default", principal: "bob", reason: " ")
        }
        await #expect(throws: HostError.self) {
            try await host.approve(approval.id, tenant: "default", principal: "bob", reason: "ok", expectedDigest: "0")
        }
        // Another tenant cannot see or decide it.
        #expect(try await host.approvals(tenant: "other").isEmpty)
        await #expect(throws: HostError.self) {
            try await host.approve(approval.id, tenant: "other", principal: "mallory", reason: "mine")
        }

        let granted = try await host.approve(
            approval.id,
            tenant: "default",
            principal: "bob",
            reason: "greeting reviewed",
            expectedDigest: approval.digest
        )
        #expect(granted.status == .consumed)
        await host.settle()
        run = try await host.run(started.id, tenant: "default")
        #expect(run.status == .succeeded)
        #expect(run.steps["approve"]?.output?["by"]?.stringValue == "bob")
        let signJob = try await host.job(run.steps["sign"]!.jobID!, tenant: "default")
        #expect(signJob.decision?.decision == "ALLOW_WITH_CONSTRAINTS")
        #expect(signJob.decision?.constraints?["budgets"]?["max_runtime_ms"]?.intValue == 60000)
        #expect(signJob.idempotencyKey == "hello:guestbook:Ada")
        #expect(await guestbook.all.count == 1)

        // Single use: the consumed approval cannot be used again.
        await #expect(throws: HostError.self) {
            try await host.approve(approval.id, tenant: "default", principal: "bob", reason: "again")
        }

        // A second run signs nothing new: its sign job reuses the first one's result through the key.
        let second = try await host.startRun(
            workflowID: "hello.greet-and-sign",
            input: ["name": "Ada"],
            tenant: "default",
            principal: "alice"
        )
        await host.settle()
        let next = try #require(try await host.approvals(tenant: "default").first)
        try await host.approve(next.id, tenant: "default", principal: "bob", reason: "fine")
        await host.settle()
        let rerun = try await host.run(second.id, tenant: "default")
        #expect(rerun.status == .succeeded)
        let reused = try await host.job(rerun.steps["sign"]!.jobID!, tenant: "default")
        #expect(reused.deduplicatedFrom == signJob.id)
        #expect(reused.dispatches == 0)
        #expect(await guestbook.all.count == 1)
    }

    @Test func rejectingTheApprovalFailsTheRunAndSignsNothing() async throws {
        let (fixture, guestbook) = try await Self.fixture()
        let host = fixture.host
        let started = try await host.startRun(
            workflowID: "hello.greet-and-sign",
            input: ["name": "Eve"],
            tenant: "default",
            principal: "alice"
        )
        await host.settle()
        let approval = try #require(try await host.approvals(tenant: "default").first)
        try await host.reject(approval.id, tenant: "default", principal: "bob", reason: "not today")
        await host.settle()
        let run = try await host.run(started.id, tenant: "default")
        #expect(run.status == .failed)
        #expect(run.steps["sign"]?.status == .cancelled || run.steps["sign"]?.status == .skipped)
        #expect(await guestbook.all.isEmpty)
    }

    @Test func anUnansweredApprovalExpiresAndFailsClosed() async throws {
        var configuration = HostConfiguration()
        configuration.approvalTTLSeconds = 60
        let fixture = try HostFixture(catalog: try StaticCatalog.hello(), configuration: configuration)
        let guestbook = Guestbook()
        try await fixture.host.register(InProcessWorker(HelloWorker.make(guestbook: guestbook), pool: "hello"))
        let started = try await fixture.host.startRun(
            workflowID: "hello.greet-and-sign",
            input: ["name": "Ada"],
            tenant: "default",
            principal: "alice"
        )
        await fixture.host.settle()
        let approval = try #require(try await fixture.host.approvals(tenant: "default").first)
        try await fixture.advance(seconds: 61)
        let run = try await fixture.host.run(started.id, tenant: "default")
        #expect(run.status == .failed)
        let expired = try await fixture.host.approval(approval.id, tenant: "default")
        #expect(expired.status == .expired)
        await #expect(throws: HostError.self) {
            try await fixture.host.approve(approval.id, tenant: "default", principal: "bob", reason: "late")
        }
        #expect(await guestbook.all.isEmpty)
    }
}
