import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// A job that never reaches a worker because the gate denies it at dispatch, or its approval lapsed before
/// dispatch, leaves its result in the audit log like a job that ran.
@Suite struct DispatchAuditTests {
    static func policy(writes: String) -> String {
        """
        rules:
          - id: reads
            match: { topics: ["job.t.read"] }
            decision: allow
          - id: writes
            match: { topics: ["job.t.write"] }
            \(writes)
        """
    }

    static let topics = [
        InstalledTopic(name: "job.t.read", packID: "t", packVersion: "1.0.0", riskTags: ["read"]),
        InstalledTopic(name: "job.t.write", packID: "t", packVersion: "1.0.0", riskTags: ["write"]),
    ]
    static let pools = ["job.t.read": "echo", "job.t.write": "echo"]

    /// A host whose only worker is busy with `capacity` held reads, so the next job waits in the queue.
    static func busyHost(configuration: HostConfiguration = HostConfiguration()) async throws -> (
        HostFixture, EchoWorker
    ) {
        let governance = try StaticCatalog.governance(
            policy: policy(writes: "decision: require_approval\n    reason: writes need a human"),
            topics: topics,
            pools: pools
        )
        let fixture = try HostFixture(catalog: StaticCatalog(governance: governance), configuration: configuration)
        let worker = EchoWorker(capacity: 1)
        worker.hold()
        try await fixture.host.register(worker)
        _ = try await fixture.host.submitJob(JobSubmission(topic: "job.t.read"), tenant: "a", principal: "p")
        return (fixture, worker)
    }

    func results(of jobID: String, in fixture: HostFixture) throws -> [JSONValue] {
        try AuditStore(database: fixture.database).records(tenant: "a", limit: 1000)
            .filter { $0.event.kind == "job.result" && $0.event.subject == jobID }.map(\.event.data)
    }

    @Test func aJobDeniedAtDispatchHasItsResultAudited() async throws {
        let (fixture, worker) = try await Self.busyHost()
        let job = try await fixture.host.submitJob(JobSubmission(topic: "job.t.write"), tenant: "a", principal: "p")
        try await fixture.host.approve(job.id, tenant: "a", principal: "reviewer", reason: "ok")
        fixture.catalog.setGovernance(
            try StaticCatalog.governance(
                policy: Self.policy(writes: "decision: deny\n    reason: frozen"),
                topics: Self.topics,
                pools: Self.pools
            )
        )
        worker.releaseAll()
        await fixture.host.settle()
        #expect(try await fixture.host.job(job.id, tenant: "a").state == .denied)
        let audited = try results(of: job.id, in: fixture)
        #expect(audited.map { $0["state"] } == ["denied"])
        #expect(audited.first?["error_code"] == "policy_denied")
    }

    @Test func aJobWhoseApprovalLapsedBeforeDispatchHasItsResultAudited() async throws {
        var configuration = HostConfiguration()
        configuration.approvalTTLSeconds = 10
        let (fixture, worker) = try await Self.busyHost(configuration: configuration)
        let job = try await fixture.host.submitJob(JobSubmission(topic: "job.t.write"), tenant: "a", principal: "p")
        try await fixture.host.approve(job.id, tenant: "a", principal: "reviewer", reason: "ok")
        try await fixture.advance(seconds: 11, settle: false)
        worker.releaseAll()
        await fixture.host.settle()
        let lapsed = try await fixture.host.job(job.id, tenant: "a")
        #expect(lapsed.error?.code == "approval_expired")
        let audited = try results(of: job.id, in: fixture)
        #expect(audited.first?["error_code"] == "approval_expired")
        #expect(!worker.ran.contains(job.id))
    }
}
