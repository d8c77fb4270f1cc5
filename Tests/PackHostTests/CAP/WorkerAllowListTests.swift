import CAP
import HelloWorker
import PackHost
import StructuredData
import Testing
import WorkerKit
import WorkflowEngine

/// Only the workers an operator listed for a pool are registered in it and get its jobs; every registration,
/// refusal and loss is in the audit log.
@Suite(.serialized) struct WorkerAllowListTests {
    static func rig() async throws -> CAPRig {
        try await CAPRig(catalog: try StaticCatalog.hello()) { configuration in
            configuration.allowedWorkers = WorkerAllowList(["hello": ["hello-good"]])
        }
    }

    /// How many messages `subscription` receives within `duration`.
    static func count(_ subscription: NATSSubscription, for duration: Duration) async -> Int {
        let counter = Task {
            var count = 0
            do { for try await _ in subscription { count += 1 } } catch {}
            return count
        }
        try? await Task.sleep(for: duration)
        counter.cancel()
        return await counter.value
    }

    @Test func aHeartbeatFromAnUnlistedWorkerGetsNoJobs() async throws {
        let rig = try await Self.rig()
        // The attacker can reach the bus: it heartbeats for the hello pool and listens on its direct subject.
        let stolen = try await rig.peer.subscribe(to: "worker.evil.jobs")
        try await rig.heartbeat(workerID: "evil", pool: "hello", maxParallel: 8)
        try await rig.waitUntil { try rig.workerAudit().contains { $0.event.kind == "worker.refused" } }
        #expect(await !rig.host.workerStatus().contains { $0.id == "evil" })
        let job = try await rig.host.submitJob(
            JobSubmission(topic: "job.hello.greet", input: ["name": "Ada"]),
            tenant: "default",
            principal: "alice"
        )
        // The listed worker joins and runs it; the attacker never saw it.
        let worker = try await rig.startWorker(HelloWorker.make(), id: "hello-good")
        let finished = try await rig.finishedJob(job.id)
        #expect(finished.state == .succeeded)
        #expect(finished.workerID == "hello-good")
        #expect(await Self.count(stolen, for: .milliseconds(200)) == 0)
        let refused = try #require(try rig.workerAudit().first { $0.event.kind == "worker.refused" })
        #expect(refused.event.subject == "evil")
        #expect(refused.event.data["pool"]?.stringValue == "hello")
        let registered = try #require(try rig.workerAudit().first { $0.event.kind == "worker.registered" })
        #expect(registered.event.subject == "hello-good")
        #expect(registered.event.data["pool"]?.stringValue == "hello")
        await worker.shutdown()
        await rig.stop()
    }

    @Test func aListedWorkerCannotHeartbeatItsWayIntoAnotherPool() async throws {
        let rig = try await Self.rig()
        try await rig.heartbeat(workerID: "hello-good", pool: "payments")
        try await rig.waitUntil { try rig.workerAudit().contains { $0.event.kind == "worker.refused" } }
        #expect(await rig.host.workerStatus().isEmpty)
        #expect(try rig.workerAudit().map(\.event.kind) == ["worker.refused"])
        await rig.stop()
    }

    @Test func aFloodOfRefusedHeartbeatsWritesOneRecordPerWorker() async throws {
        let rig = try await Self.rig()
        for _ in 0..<20 { try await rig.heartbeat(workerID: "evil", pool: "hello") }
        try await rig.heartbeat(workerID: "evil-2", pool: "hello")
        try await rig.peer.flush()
        try await rig.waitUntil { try rig.workerAudit().count == 2 }
        try await Task.sleep(for: .milliseconds(200))
        #expect(try rig.workerAudit().map(\.event.subject) == ["evil", "evil-2"])
        await rig.stop()
    }

    @Test func aForgedResultWithoutAWorkerIDIsDroppedWhenWorkersAreListed() async throws {
        let rig = try await Self.rig()
        // The test plays the listed worker; the attacker sees its job on the bus and answers first.
        let taken = try await rig.peer.subscribe(to: "worker.hello-good.jobs")
        try await rig.heartbeat(workerID: "hello-good", pool: "hello")
        try await rig.waitForWorker("hello-good")
        let job = try await rig.host.submitJob(
            JobSubmission(topic: "job.hello.greet", input: ["name": "Ada"]),
            tenant: "default",
            principal: "alice"
        )
        var iterator = taken.makeAsyncIterator()
        let message = try #require(try await iterator.next())
        let request = try #require(jobRequest(in: message))
        var forged = Cordum_Agent_V1_JobResult()
        forged.jobID = request.jobID
        forged.status = .failed
        forged.errorCode = "forged"
        try await rig.publishResult(forged)
        try await Task.sleep(for: .milliseconds(300))
        try await rig.host.tick()
        #expect(try await rig.host.job(job.id, tenant: "default").state == .running)
        var real = Cordum_Agent_V1_JobResult()
        real.jobID = request.jobID
        real.workerID = "hello-good"
        real.status = .succeeded
        try await rig.publishResult(real)
        let finished = try await rig.finishedJob(job.id)
        #expect(finished.state == .succeeded)
        await rig.stop()
    }

    @Test func registrationsAndLossesAreAudited() async throws {
        let rig = try await Self.rig()
        try await rig.heartbeat(workerID: "hello-good", pool: "hello")
        try await rig.waitForWorker("hello-good")
        try await rig.expireSilentWorkers(keeping: [])
        #expect(await rig.host.workerStatus().isEmpty)
        let records = try rig.workerAudit()
        #expect(records.map(\.event.kind) == ["worker.registered", "worker.unregistered"])
        #expect(records.last?.event.data["reason"]?.stringValue == "its heartbeats stopped")
        #expect(records.allSatisfy { $0.event.tenantID.isEmpty && $0.event.subject == "hello-good" })
        await rig.stop()
    }

    @Test func withoutAListEveryWorkerIsRegisteredAsInCordum() async throws {
        let rig = try await CAPRig(catalog: try StaticCatalog.hello())
        try await rig.heartbeat(workerID: "anyone", pool: "hello")
        try await rig.waitForWorker("anyone")
        #expect(try rig.workerAudit().map(\.event.kind) == ["worker.registered"])
        await rig.stop()
    }

    @Test(arguments: ["hello", "=w1", "hello=", "hello=w.1", "hello=a,*"])
    func aMalformedAllowListEntryIsRefused(_ entry: String) {
        #expect(throws: HostError.self) { try WorkerAllowList.parse([entry]) }
        do {
            _ = try WorkerAllowList.parse([entry])
        } catch {
            #expect(error.code == .invalidArgument)
        }
    }

    @Test func allowListEntriesForOnePoolAddUp() throws {
        let list = try WorkerAllowList.parse(["hello=w1, w2", "hello=w3", "slow=w1"])
        #expect(list.workersByPool == ["hello": ["w1", "w2", "w3"], "slow": ["w1"]])
        #expect(list.allows(workerID: "w3", pool: "hello"))
        #expect(!list.allows(workerID: "w3", pool: "slow"))
    }
}
