import Foundation
import GRDB
import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// The safety gate in front of jobs, and approvals bound to the action they allow.
@Suite struct GateAndApprovalTests {
    static let policy = """
        rules:
          - id: reads
            match: { topics: ["job.t.read"] }
            decision: allow
          - id: writes-need-a-human
            match: { topics: ["job.t.write"] }
            decision: require_approval
            reason: writes need a human
          - id: no-deletes
            match: { topics: ["job.t.delete"] }
            decision: deny
            reason: deletes are not allowed
            remediations:
              - id: archive-instead
                title: Archive instead
                replacement_topic: job.t.archive
          - id: archive
            match: { topics: ["job.t.archive"] }
            decision: allow
            constraints: { budgets: { max_runtime_ms: 1000 } }
          - id: tagged-writes
            match: { risk_tags: ["write"] }
            decision: require_approval
        """

    static let topics = [
        InstalledTopic(name: "job.t.read", packID: "t", packVersion: "1.0.0", riskTags: ["read"]),
        InstalledTopic(name: "job.t.write", packID: "t", packVersion: "1.0.0", riskTags: ["write"]),
        InstalledTopic(name: "job.t.delete", packID: "t", packVersion: "1.0.0", riskTags: ["destructive"]),
        InstalledTopic(name: "job.t.archive", packID: "t", packVersion: "1.0.0", riskTags: ["write"]),
        InstalledTopic(name: "job.t.sneaky", packID: "t", packVersion: "1.0.0", riskTags: ["write"]),
    ]

    static func fixture(configuration: HostConfiguration = HostConfiguration()) async throws -> (
        HostFixture, EchoWorker
    ) {
        let pools = Dictionary(uniqueKeysWithValues: topics.map { ($0.name, "echo") })
        let governance = try StaticCatalog.governance(policy: policy, topics: topics, pools: pools)
        let fixture = try HostFixture(catalog: StaticCatalog(governance: governance), configuration: configuration)
        let worker = EchoWorker()
        try await fixture.host.register(worker)
        return (fixture, worker)
    }

    @Test func allowedJobsRunAndDeniedOnesNeverDo() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let read = try await host.submitJob(
            JobSubmission(topic: "job.t.read", input: ["n": 1]),
            tenant: "a",
            principal: "p"
        )
        let delete = try await host.submitJob(JobSubmission(topic: "job.t.delete"), tenant: "a", principal: "p")
        await host.settle()
        #expect(try await host.job(read.id, tenant: "a").state == .succeeded)
        let denied = try await host.job(delete.id, tenant: "a")
        #expect(denied.state == .denied)
        #expect(denied.error?.code == "policy_denied")
        #expect(denied.error?.details?["rule_id"]?.stringValue == "no-deletes")
        #expect(denied.error?.message.contains("deletes are not allowed") == true)
        #expect(worker.ran == [read.id])

        // The remediation: a new job on the replacement topic, constrained.
        let remedied = try await host.remediate(
            delete.id,
            remediationID: "archive-instead",
            tenant: "a",
            principal: "p"
        )
        await host.settle()
        let done = try await host.job(remedied.id, tenant: "a")
        #expect(done.topic == "job.t.archive")
        #expect(done.state == .succeeded)
        #expect(done.decision?.decision == "ALLOW_WITH_CONSTRAINTS")
        #expect(done.result?["constraints"]?["budgets"]?["max_runtime_ms"]?.intValue == 1000)
        #expect(done.labels["remediation_of"] == delete.id)
        await #expect(throws: HostError.self) {
            try await host.remediate(read.id, remediationID: nil, tenant: "a", principal: "p")
        }
    }

    @Test func declaredRiskTagsCannotBeDropped() async throws {
        let (fixture, worker) = try await Self.fixture()
        // job.t.sneaky has no rule of its own; its declared `write` tag reaches the tagged-writes rule even
        // though the submission omits every tag.
        let job = try await fixture.host.submitJob(JobSubmission(topic: "job.t.sneaky"), tenant: "a", principal: "p")
        await fixture.host.settle()
        #expect(job.state == .approvalRequired)
        #expect(job.decision?.ruleID == "tagged-writes")
        #expect(worker.ran.isEmpty)
    }

    @Test func anApprovedJobRunsOnceAndItsApprovalCannotBeReused() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        let job = try await host.submitJob(
            JobSubmission(topic: "job.t.write", input: ["v": 1]),
            tenant: "a",
            principal: "p"
        )
        #expect(job.state == .approvalRequired)
        let approval = try await host.approval(job.id, tenant: "a")
        #expect(approval.status == .pending)
        #expect(approval.digest == job.actionDigest)
        #expect(worker.ran.isEmpty)
        try await host.approve(
            approval.id,
            tenant: "a",
            principal: "reviewer",
            reason: "looks right",
            expectedDigest: job.actionDigest
        )
        await host.settle()
        #expect(try await host.job(job.id, tenant: "a").state == .succeeded)
        #expect(try await host.approval(approval.id, tenant: "a").status == .consumed)
        #expect(worker.ran == [job.id])
        await #expect(throws: HostError.self) {
            try await host.approve(approval.id, tenant: "a", principal: "reviewer", reason: "again")
        }
        // A second identical job needs its own approval.
        let second = try await host.submitJob(
            JobSubmission(topic: "job.t.write", input: ["v": 1]),
            tenant: "a",
            principal: "p"
        )
        #expect(second.state == .approvalRequired)
        #expect(second.approvalID != approval.id)
    }

    @Test func aChangedInputAfterApprovalIsHeldAgain() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        worker.hold()
        // Occupy the only worker slot so the approved job has to wait in the queue.
        let blockers = try await (0..<4).asyncMap { index in
            try await host.submitJob(
                JobSubmission(topic: "job.t.read", input: ["i": .integer(index)]),
                tenant: "a",
                principal: "p"
            )
        }
        let job = try await host.submitJob(
            JobSubmission(topic: "job.t.write", input: ["v": 1]),
            tenant: "a",
            principal: "p"
        )
        let first = try await host.approval(job.id, tenant: "a")
        try await host.approve(first.id, tenant: "a", principal: "reviewer", reason: "v=1 is fine")
        #expect(try await host.job(job.id, tenant: "a").state == .queued)
        // The stored action changes before dispatch (as a tampered store or a bug would): the digest no longer
        // matches, so the job is held behind a new approval instead of running.
        try fixture.database.write { db in
            let doc = try String.fetchOne(db, sql: "SELECT doc FROM jobs WHERE id = ?", arguments: [job.id])!
            try db.execute(
                sql: "UPDATE jobs SET doc = ? WHERE id = ?",
                arguments: [doc.replacingOccurrences(of: "\"v\":1", with: "\"v\":2"), job.id]
            )
        }
        worker.releaseAll()
        await host.settle()
        let held = try await host.job(job.id, tenant: "a")
        #expect(held.state == .approvalRequired)
        #expect(held.approvalID != first.id)
        #expect(try await host.approval(first.id, tenant: "a").status == .superseded)
        #expect(!worker.ran.contains(job.id))
        #expect(blockers.count == 4)
    }

    @Test func aPolicyChangeAfterApprovalIsCheckedAtDispatch() async throws {
        let (fixture, worker) = try await Self.fixture()
        let host = fixture.host
        worker.hold()
        for index in 0..<4 {
            _ = try await host.submitJob(
                JobSubmission(topic: "job.t.read", input: ["i": .integer(index)]),
                tenant: "a",
                principal: "p"
            )
        }
        let job = try await host.submitJob(JobSubmission(topic: "job.t.write"), tenant: "a", principal: "p")
        try await host.approve(job.id, tenant: "a", principal: "reviewer", reason: "ok")
        // Writes are now denied outright: the approved job must not run.
        let stricter = Self.policy.replacingOccurrences(
            of: "decision: require_approval\n    reason: writes need a human",
            with: "decision: deny\n    reason: frozen"
        )
        fixture.catalog.setGovernance(
            try StaticCatalog.governance(
                policy: stricter,
                topics: Self.topics,
                pools: Dictionary(uniqueKeysWithValues: Self.topics.map { ($0.name, "echo") })
            )
        )
        worker.releaseAll()
        await host.settle()
        let denied = try await host.job(job.id, tenant: "a")
        #expect(denied.state == .denied)
        #expect(!worker.ran.contains(job.id))
    }

    @Test func expiredAndRejectedApprovalsFailClosed() async throws {
        var configuration = HostConfiguration()
        configuration.approvalTTLSeconds = 10
        let (fixture, worker) = try await Self.fixture(configuration: configuration)
        let host = fixture.host
        let expiring = try await host.submitJob(
            JobSubmission(topic: "job.t.write", input: ["a": 1]),
            tenant: "a",
            principal: "p"
        )
        let rejected = try await host.submitJob(
            JobSubmission(topic: "job.t.write", input: ["a": 2]),
            tenant: "a",
            principal: "p"
        )
        try await host.reject(rejected.id, tenant: "a", principal: "reviewer", reason: "no")
        try await fixture.advance(seconds: 11)
        let lapsed = try await host.job(expiring.id, tenant: "a")
        #expect(lapsed.state == .denied)
        #expect(lapsed.error?.code == "approval_expired")
        #expect(try await host.job(rejected.id, tenant: "a").error?.code == "approval_rejected")
        await #expect(throws: HostError.self) {
            try await host.approve(expiring.id, tenant: "a", principal: "reviewer", reason: "late")
        }
        #expect(worker.ran.isEmpty)
        let kinds = try fixture.auditKinds()
        #expect(kinds.contains("approval.expired") && kinds.contains("approval.rejected"))
    }

    @Test func anotherTenantSeesNothing() async throws {
        let (fixture, _) = try await Self.fixture()
        let host = fixture.host
        let job = try await host.submitJob(JobSubmission(topic: "job.t.write"), tenant: "a", principal: "p")
        await #expect(throws: HostError.self) { try await host.job(job.id, tenant: "b") }
        await #expect(throws: HostError.self) { try await host.approval(job.id, tenant: "b") }
        await #expect(throws: HostError.self) {
            try await host.approve(job.id, tenant: "b", principal: "x", reason: "mine now")
        }
        await #expect(throws: HostError.self) {
            try await host.cancelJob(job.id, tenant: "b", principal: "x", reason: nil)
        }
        #expect(try await host.jobs(tenant: "b").isEmpty)
        #expect(try await host.approvals(tenant: "b").isEmpty)
        #expect(try await host.job(job.id, tenant: "a").state == .approvalRequired)
    }
}

extension Sequence {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var values: [T] = []
        for element in self { values.append(try await transform(element)) }
        return values
    }
}
