import CAP
import HelloWorker
import PackHost
import StructuredData
import Synchronization
import Testing
import WorkerKit
import WorkflowEngine

/// Cancels, timeouts and lost workers over CAP, against real NATS and Redis.
@Suite(.serialized) struct CAPBridgeFailureTests {
    static let policy = """
        rules:
          - id: slow
            match: { topics: ["job.slow.*"] }
            decision: allow
        """

    static func slowCatalog(timeoutSeconds: Int? = nil) throws -> StaticCatalog {
        var timeouts: [String: TopicTimeout] = [:]
        if let timeoutSeconds { timeouts["job.slow.wait"] = TopicTimeout(timeoutSeconds: timeoutSeconds) }
        return StaticCatalog(
            governance: try StaticCatalog.governance(
                policy: policy,
                pools: ["job.slow.wait": "slow"],
                timeouts: timeouts
            )
        )
    }

    /// A worker whose one handler runs until cancelled (or 20 s), and remembers the cancels it saw.
    static func slowWorker(_ probe: CancelProbe) -> Worker {
        var worker = Worker(packID: "slow")
        worker.handle("job.slow.wait") { context, _ in
            await context.progress.report(percent: 50, message: "halfway")
            probe.started(context.jobID)
            for _ in 0..<800 {
                if context.isCancelled {
                    probe.cancelled(context.jobID)
                    try context.checkCancellation()
                }
                try? await Task.sleep(for: .milliseconds(25))
            }
            return ["done": true]
        }
        return worker
    }

    @Test func cancellingARunningJobReachesTheWorkerAndItsProgressIsKept() async throws {
        let rig = try await CAPRig(catalog: try Self.slowCatalog())
        let probe = CancelProbe()
        let worker = try await rig.startWorker(Self.slowWorker(probe), id: "slow-w1", pool: "slow")
        let job = try await rig.host.submitJob(JobSubmission(topic: "job.slow.wait"), tenant: "default", principal: "a")
        try await rig.waitUntil { probe.hasStarted(job.id) }
        // Its progress reached the host.
        try await rig.waitUntil { await rig.bridge.progress(jobID: job.id)?.percent == 50 }
        #expect(await rig.bridge.progress(jobID: job.id)?.message == "halfway")
        _ = try await rig.host.cancelJob(job.id, tenant: "default", principal: "alice", reason: "changed my mind")
        try await rig.waitUntil { probe.wasCancelled(job.id) }
        await rig.host.settle()
        let cancelled = try await rig.host.job(job.id, tenant: "default")
        #expect(cancelled.state == .cancelled)
        #expect(cancelled.error?.code == "cancelled")
        await worker.shutdown()
        await rig.stop()
    }

    @Test func aJobPastItsDeadlineIsCancelledOnTheWorkerAndTimesOut() async throws {
        let rig = try await CAPRig(catalog: try Self.slowCatalog(timeoutSeconds: 5))
        let probe = CancelProbe()
        let worker = try await rig.startWorker(Self.slowWorker(probe), id: "slow-w1", pool: "slow")
        let requests = try await rig.peer.subscribe(to: "worker.slow-w1.jobs")
        let job = try await rig.host.submitJob(JobSubmission(topic: "job.slow.wait"), tenant: "default", principal: "a")
        try await rig.waitUntil { probe.hasStarted(job.id) }
        var iterator = requests.makeAsyncIterator()
        let message = try #require(try await iterator.next())
        let request = try #require(jobRequest(in: message))
        #expect(request.budget.deadlineMs == 5000)
        rig.fixture.clock.advance(milliseconds: 6000)
        try await rig.waitUntil { probe.wasCancelled(job.id) }
        let finished = try await rig.finishedJob(job.id)
        #expect(finished.state == .timedOut)
        #expect(finished.error?.code == "timed_out")
        await worker.shutdown()
        await rig.stop()
    }

    @Test func aWorkerThatDiesMidJobIsLostAndASecondWorkerFinishesTheJob() async throws {
        let rig = try await CAPRig(catalog: try StaticCatalog.hello())
        // A worker the test plays: it heartbeats, takes the job, then dies without answering.
        let taken = try await rig.peer.subscribe(to: "worker.a-crashing.jobs")
        try await rig.heartbeat(workerID: "a-crashing", pool: "hello")
        try await rig.waitForWorker("a-crashing")
        let job = try await rig.host.submitJob(
            JobSubmission(topic: "job.hello.greet", input: ["name": "Ada"]),
            tenant: "default",
            principal: "alice"
        )
        var iterator = taken.makeAsyncIterator()
        let message = try #require(try await iterator.next())
        let request = try #require(jobRequest(in: message))
        #expect(request.jobID == job.id)
        #expect(try await rig.host.job(job.id, tenant: "default").workerID == "a-crashing")

        // A second worker joins; the first one's heartbeats have stopped.
        let guestbook = Guestbook()
        let survivor = try await rig.startWorker(HelloWorker.make(guestbook: guestbook), id: "b-survivor")
        try await rig.expireSilentWorkers(keeping: ["b-survivor"])
        #expect(!(await rig.host.workerStatus().contains { $0.id == "a-crashing" }))
        let finished = try await rig.finishedJob(job.id)
        #expect(finished.state == .succeeded)
        #expect(finished.workerID == "b-survivor")
        #expect(finished.dispatches == 2)
        #expect(finished.result?["greeting"]?.stringValue == "Hello, Ada!")
        #expect(try rig.fixture.auditKinds().contains("job.requeued"))

        // The dead worker's late answer changes nothing.
        var late = Cordum_Agent_V1_JobResult()
        late.jobID = job.id
        late.workerID = "a-crashing"
        late.status = .failed
        try await rig.publishResult(late)
        try await Task.sleep(for: .milliseconds(300))
        try await rig.waitUntil { true }
        #expect(try await rig.host.job(job.id, tenant: "default") == finished)
        await survivor.shutdown()
        await rig.stop()
    }
}

/// What a slow handler saw, shared with the test.
final class CancelProbe: Sendable {
    private let state = Mutex<(started: Set<String>, cancelled: Set<String>)>(([], []))
    func started(_ id: String) { _ = state.withLock { $0.started.insert(id) } }
    func cancelled(_ id: String) { _ = state.withLock { $0.cancelled.insert(id) } }
    func hasStarted(_ id: String) -> Bool { state.withLock { $0.started.contains(id) } }
    func wasCancelled(_ id: String) -> Bool { state.withLock { $0.cancelled.contains(id) } }
}
