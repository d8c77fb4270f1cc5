import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// Routing, waiting, dead letters, timeouts, locks and idempotency keys.
@Suite struct SchedulerTests {
    static let policy = """
        rules:
          - id: everything
            match: { topics: ["job.s.*"] }
            decision: allow
        """

    static func fixture(
        pools: PoolsConfig,
        timeouts: [String: TopicTimeout] = [:],
        configuration: HostConfiguration = HostConfiguration()
    ) throws -> HostFixture {
        var governance = try StaticCatalog.governance(policy: policy, timeouts: timeouts)
        governance.pools = pools
        return try HostFixture(catalog: StaticCatalog(governance: governance), configuration: configuration)
    }

    static let echoPools = PoolsConfig(
        topics: ["job.s.a": ["echo"], "job.s.gpu": ["echo", "gpu"]],
        pools: ["echo": PoolDefinition(), "gpu": PoolDefinition(requires: ["gpu"])]
    )

    @Test func aTopicWithoutAPoolIsDeadLettered() async throws {
        let fixture = try Self.fixture(pools: Self.echoPools)
        try await fixture.host.register(EchoWorker())
        let job = try await fixture.host.submitJob(JobSubmission(topic: "job.s.unmapped"), tenant: "a", principal: "p")
        #expect(job.state == .failed)
        #expect(job.error?.code == "no_pool_mapping")
        let letters = try DeadLetterStore(database: fixture.database, clock: fixture.clock).list(tenant: "a")
        #expect(letters.items.map(\.jobID) == [job.id])
    }

    @Test func poolRequiresRouteToTheRightPool() async throws {
        let fixture = try Self.fixture(pools: Self.echoPools)
        let plain = EchoWorker(id: "plain", pool: "echo")
        let gpu = EchoWorker(id: "gpu-1", pool: "gpu")
        try await fixture.host.register(plain)
        try await fixture.host.register(gpu)
        let job = try await fixture.host.submitJob(
            JobSubmission(topic: "job.s.gpu", requires: ["gpu"]),
            tenant: "a",
            principal: "p"
        )
        await fixture.host.settle()
        #expect(try await fixture.host.job(job.id, tenant: "a").pool == "gpu")
        #expect(gpu.ran == [job.id] && plain.ran.isEmpty)
    }

    @Test func jobsWaitForAWorkerThenGiveUp() async throws {
        var configuration = HostConfiguration()
        configuration.noWorkerTimeoutSeconds = 5
        let fixture = try Self.fixture(pools: Self.echoPools, configuration: configuration)
        let waiting = try await fixture.host.submitJob(JobSubmission(topic: "job.s.a"), tenant: "a", principal: "p")
        #expect(waiting.state == .queued)
        #expect(waiting.waitReason == "waiting_for_worker")
        let late = try await fixture.host.submitJob(JobSubmission(topic: "job.s.a"), tenant: "a", principal: "p")
        try await fixture.advance(seconds: 3)
        let worker = EchoWorker()
        try await fixture.host.register(worker)
        await fixture.host.settle()
        #expect(try await fixture.host.job(waiting.id, tenant: "a").state == .succeeded)
        try await fixture.host.unregister(workerID: worker.id)
        let orphan = try await fixture.host.submitJob(JobSubmission(topic: "job.s.a"), tenant: "a", principal: "p")
        try await fixture.advance(seconds: 6)
        let dead = try await fixture.host.job(orphan.id, tenant: "a")
        #expect(dead.state == .failed && dead.error?.code == "no_workers")
        #expect(try await fixture.host.job(late.id, tenant: "a").state == .succeeded)
        // A dead letter can be retried as a new job.
        try await fixture.host.register(EchoWorker(id: "again"))
        let retried = try await fixture.host.retryDeadLetter(orphan.id, tenant: "a", principal: "p")
        await fixture.host.settle()
        #expect(try await fixture.host.job(retried.id, tenant: "a").state == .succeeded)
        #expect(retried.labels["retry_of"] == orphan.id)
    }

    @Test func theLeastLoadedWorkerGetsTheJob() async throws {
        let fixture = try Self.fixture(pools: Self.echoPools)
        let busy = EchoWorker(id: "a-busy", pool: "echo", capacity: 4)
        let idle = EchoWorker(id: "b-idle", pool: "echo", capacity: 4)
        busy.hold()
        idle.hold()
        try await fixture.host.register(busy)
        _ = try await fixture.host.submitJob(JobSubmission(topic: "job.s.a"), tenant: "a", principal: "p")
        _ = try await fixture.host.submitJob(JobSubmission(topic: "job.s.a"), tenant: "a", principal: "p")
        try await fixture.host.register(idle)
        let third = try await fixture.host.submitJob(JobSubmission(topic: "job.s.a"), tenant: "a", principal: "p")
        #expect(try await fixture.host.job(third.id, tenant: "a").workerID == "b-idle")
        busy.releaseAll()
        idle.releaseAll()
        await fixture.host.settle()
    }

    @Test func aTimedOutJobIsRetriedThenDeadLettered() async throws {
        let fixture = try Self.fixture(
            pools: Self.echoPools,
            timeouts: ["job.s.a": TopicTimeout(timeoutSeconds: 10, maxRetries: 1)]
        )
        let worker = EchoWorker()
        worker.hold()
        try await fixture.host.register(worker)
        let job = try await fixture.host.submitJob(JobSubmission(topic: "job.s.a"), tenant: "a", principal: "p")
        #expect(job.deadline != nil)
        try await fixture.advance(seconds: 11, settle: false)
        let retried = try await fixture.host.job(job.id, tenant: "a")
        #expect(retried.state == .running)
        #expect(retried.dispatches == 2)
        try await fixture.advance(seconds: 11, settle: false)
        let timedOut = try await fixture.host.job(job.id, tenant: "a")
        #expect(timedOut.state == .timedOut)
        #expect(worker.cancelled.count == 2)
        let letters = try DeadLetterStore(database: fixture.database, clock: fixture.clock).list(tenant: "a")
        #expect(letters.items.first?.reasonCode == "max_retries")
        worker.releaseAll()
        await fixture.host.settle()
        // The late reports of cancelled dispatches change nothing.
        #expect(try await fixture.host.job(job.id, tenant: "a").state == .timedOut)
    }

    @Test func jobsWithTheSameExclusiveLockRunOneAtATime() async throws {
        let fixture = try Self.fixture(pools: Self.echoPools)
        let worker = EchoWorker(capacity: 4)
        worker.hold()
        try await fixture.host.register(worker)
        let lock = JobLock(resource: "repo:acme/app", mode: .exclusive, ttlSeconds: 60)
        let first = try await fixture.host.submitJob(
            JobSubmission(topic: "job.s.a", lock: lock),
            tenant: "a",
            principal: "p"
        )
        let second = try await fixture.host.submitJob(
            JobSubmission(topic: "job.s.a", lock: lock),
            tenant: "a",
            principal: "p"
        )
        let other = try await fixture.host.submitJob(
            JobSubmission(topic: "job.s.a", lock: lock),
            tenant: "b",
            principal: "p"
        )
        #expect(try await fixture.host.job(first.id, tenant: "a").state == .running)
        let blocked = try await fixture.host.job(second.id, tenant: "a")
        #expect(blocked.state == .queued && blocked.waitReason == "waiting_for_lock")
        // Locks are per tenant: tenant b's job on the same resource is not blocked.
        #expect(try await fixture.host.job(other.id, tenant: "b").state == .running)
        let held = try LockStore(database: fixture.database, clock: fixture.clock).get(
            tenant: "a",
            resource: "repo:acme/app"
        )
        #expect(held.owners[first.id] == 1)
        worker.releaseAll()
        await fixture.host.settle()
        worker.releaseAll()
        await fixture.host.settle()
        #expect(try await fixture.host.job(second.id, tenant: "a").state == .succeeded)
        #expect(worker.ran.firstIndex(of: first.id)! < worker.ran.firstIndex(of: second.id)!)
        #expect(throws: HostError.self) {
            try LockStore(database: fixture.database, clock: fixture.clock).get(tenant: "a", resource: "repo:acme/app")
        }
    }

    @Test func anIdempotencyKeyRunsTheSideEffectOnce() async throws {
        let fixture = try Self.fixture(pools: Self.echoPools)
        let worker = EchoWorker()
        worker.hold()
        try await fixture.host.register(worker)
        let first = try await fixture.host.submitJob(
            JobSubmission(topic: "job.s.a", input: ["x": 1], idempotencyKey: "k1"),
            tenant: "a",
            principal: "p"
        )
        let duplicate = try await fixture.host.submitJob(
            JobSubmission(topic: "job.s.a", input: ["x": 1], idempotencyKey: "k1"),
            tenant: "a",
            principal: "p"
        )
        #expect(try await fixture.host.job(duplicate.id, tenant: "a").waitReason == "waiting_for_duplicate")
        let otherTenant = try await fixture.host.submitJob(
            JobSubmission(topic: "job.s.a", input: ["x": 1], idempotencyKey: "k1"),
            tenant: "b",
            principal: "p"
        )
        worker.releaseAll()
        await fixture.host.settle()
        worker.releaseAll()
        await fixture.host.settle()
        let reused = try await fixture.host.job(duplicate.id, tenant: "a")
        #expect(reused.state == .succeeded)
        #expect(reused.deduplicatedFrom == first.id)
        #expect(reused.result == (try await fixture.host.job(first.id, tenant: "a")).result)
        #expect(worker.ran.filter { $0 == duplicate.id }.isEmpty)
        #expect(worker.ran.contains(otherTenant.id))
        // A failed holder frees the key.
        worker.failNext(JobFailure(code: "boom", message: "failed"))
        let failing = try await fixture.host.submitJob(
            JobSubmission(topic: "job.s.a", idempotencyKey: "k2"),
            tenant: "a",
            principal: "p"
        )
        await fixture.host.settle()
        worker.failNext(nil)
        let next = try await fixture.host.submitJob(
            JobSubmission(topic: "job.s.a", idempotencyKey: "k2"),
            tenant: "a",
            principal: "p"
        )
        await fixture.host.settle()
        #expect(try await fixture.host.job(failing.id, tenant: "a").state == .failed)
        #expect(try await fixture.host.job(next.id, tenant: "a").state == .succeeded)
        #expect(worker.ran.contains(next.id))
    }

    @Test func cancellingARunningJobStopsItOnItsWorker() async throws {
        let fixture = try Self.fixture(pools: Self.echoPools)
        let worker = EchoWorker()
        worker.hold()
        try await fixture.host.register(worker)
        let job = try await fixture.host.submitJob(JobSubmission(topic: "job.s.a"), tenant: "a", principal: "p")
        let cancelled = try await fixture.host.cancelJob(job.id, tenant: "a", principal: "p", reason: "not needed")
        #expect(cancelled.state == .cancelled)
        await fixture.host.settle()
        #expect(worker.cancelled == [job.id])
        #expect(try await fixture.host.job(job.id, tenant: "a").state == .cancelled)
        await #expect(throws: HostError.self) {
            try await fixture.host.cancelJob(job.id, tenant: "a", principal: "p", reason: nil)
        }
    }
}
