import PackHost
import StructuredData
import Testing
import WorkflowEngine

/// The host keeps a running job's lock, and a job that loses it does not run on unprotected.
@Suite struct JobLockRenewalTests {
    static let lock = JobLock(resource: "repo:acme/app", mode: .exclusive, ttlSeconds: 10)

    static func runningJob() async throws -> (HostFixture, EchoWorker, HostJob) {
        let fixture = try SchedulerTests.fixture(pools: SchedulerTests.echoPools)
        let worker = EchoWorker()
        worker.hold()
        try await fixture.host.register(worker)
        let job = try await fixture.host.submitJob(
            JobSubmission(topic: "job.s.a", lock: lock),
            tenant: "a",
            principal: "p"
        )
        #expect(try await fixture.host.job(job.id, tenant: "a").state == .running)
        return (fixture, worker, job)
    }

    @Test func aRunningJobsLockIsRenewedAtHalfItsTTLAndEachRenewalIsAudited() async throws {
        let (fixture, worker, job) = try await Self.runningJob()
        for _ in 0..<8 { try await fixture.advance(seconds: 2, settle: false) }
        let lock = try LockStore(database: fixture.database, clock: fixture.clock).get(
            tenant: "a",
            resource: "repo:acme/app"
        )
        #expect(lock.owners == [job.id: 1])
        #expect(lock.expiresAt > fixture.clock.now())
        let renewals = try fixture.auditKinds().filter { $0 == "lock.renewed" }.count
        #expect(renewals >= 2 && renewals <= 4, "one renewal per half TTL, not one per tick")
        worker.releaseAll()
        await fixture.host.settle()
    }

    @Test func aJobWhoseLockLapsedFailsWithLockLostAndItsWorkerIsCancelled() async throws {
        let (fixture, worker, job) = try await Self.runningJob()
        // The host was stopped (or starved) past the lock's TTL: another caller could have taken the resource.
        try await fixture.advance(seconds: 30, settle: false)
        let failed = try await fixture.host.job(job.id, tenant: "a")
        #expect(failed.state == .failed)
        #expect(failed.error?.code == "lock_lost")
        #expect(worker.cancelled.contains(job.id))
        let kinds = try fixture.auditKinds()
        #expect(kinds.contains("lock.lost"))
        #expect(kinds.contains("lock.expired"))
        worker.releaseAll()
        await fixture.host.settle()
    }
}
