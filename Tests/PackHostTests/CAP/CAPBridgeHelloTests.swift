import CAP
import HelloWorker
import PackHost
import StructuredData
import SwiftProtobuf
import Testing
import WorkerKit
import WorkflowEngine

/// The hello pack over CAP: our host and our worker (WorkerKit's `CAPWorker`) over real NATS and Redis.
@Suite(.serialized) struct CAPBridgeHelloTests {
    @Test func greetAndSignRunsEndToEndOverNATSWithTheApproval() async throws {
        let rig = try await CAPRig(catalog: try StaticCatalog.hello())
        let guestbook = Guestbook()
        let worker = try await rig.startWorker(HelloWorker.make(guestbook: guestbook), id: "hello-w1")
        let status = try #require(await rig.host.workerStatus().first { $0.id == "hello-w1" })
        #expect(status.pool == "hello" && status.capacity == 1)
        #expect(Set(status.topics) == ["job.hello.greet", "job.hello.guestbook.sign"])

        let started = try await rig.host.startRun(
            workflowID: "hello.greet-and-sign",
            input: ["name": "Ada"],
            tenant: "default",
            principal: "alice"
        )
        let approval = try await waitForApproval(rig)
        #expect(await guestbook.all.isEmpty)
        try await rig.host.approve(approval.id, tenant: "default", principal: "bob", reason: "reviewed")
        var run = try await rig.host.run(started.id, tenant: "default")
        try await rig.waitUntil {
            run = try await rig.host.run(started.id, tenant: "default")
            return run.status.isTerminal
        }
        #expect(run.status == .succeeded)
        #expect(run.steps["greet"]?.output?["greeting"]?.stringValue == "Hello, Ada!")
        let signJob = try await rig.host.job(try #require(run.steps["sign"]?.jobID), tenant: "default")
        #expect(signJob.workerID == "hello-w1")
        #expect(signJob.decision?.decision == "ALLOW_WITH_CONSTRAINTS")
        #expect(signJob.result?["created"]?.boolValue == true)
        #expect(await guestbook.all.count == 1)
        // The input went through ctx:<job>, the output came back through res:<job>.
        let context = try #require(try await rig.redis.getString("ctx:\(signJob.id)"))
        #expect(try JSONParser.parse(context)["name"]?.stringValue == "Ada")
        #expect(try await rig.redis.exists("res:\(signJob.id)") == 1)
        await worker.shutdown()
        await rig.stop()
    }

    @Test func aDuplicateDeliveryChangesNothingAndSignsOnce() async throws {
        let rig = try await CAPRig(catalog: try StaticCatalog.hello())
        let guestbook = Guestbook()
        let direct = try await rig.peer.subscribe(to: "worker.hello-w1.jobs")
        let results = try await rig.peer.subscribe(to: "sys.job.result")
        let worker = try await rig.startWorker(HelloWorker.make(guestbook: guestbook), id: "hello-w1")
        let job = try await rig.host.submitJob(
            JobSubmission(
                topic: "job.hello.guestbook.sign",
                input: ["name": "Ada", "message": "hi"],
                idempotencyKey: "sign-ada-once"
            ),
            tenant: "default",
            principal: "alice"
        )
        let finished = try await rig.finishedJob(job.id)
        #expect(finished.state == .succeeded)
        let firstEntry = try #require(finished.result?["entry_id"]?.stringValue)
        let resultsBefore = try rig.fixture.auditKinds().filter { $0 == "job.result" }.count

        // The dispatch is delivered again (a redelivery): the worker runs it, and its key signs nothing new.
        var requests = direct.makeAsyncIterator()
        let message = try #require(try await requests.next())
        let request = try #require(jobRequest(in: message))
        #expect(request.meta.idempotencyKey == "sign-ada-once")
        #expect(request.contextPtr == "redis://ctx:\(job.id)")
        #expect(request.tenantID == "default" && request.principalID == "alice")
        #expect(request.meta.riskTags.contains("write"))
        #expect(request.env["CORDUM_POLICY_CONSTRAINTS"]?.contains("\"max_runtime_ms\":60000") == true)
        #expect(request.env["CORDUM_REDACTION_LEVEL"] == "standard")
        try await rig.peer.publish("worker.hello-w1.jobs", payload: message.payload)
        var seen = results.makeAsyncIterator()
        _ = try await seen.next()
        let second = try #require(try await seen.next())
        let repeated = try Cordum_Agent_V1_BusPacket(serializedBytes: second.payload)
        #expect(repeated.jobResult.jobID == job.id)
        #expect(await guestbook.all.count == 1)
        #expect(await guestbook.all.first?.id == firstEntry)

        // A duplicate result, even one saying something else, records nothing.
        var forged = repeated.jobResult
        forged.status = .failed
        forged.errorCode = "late"
        try await rig.publishResult(forged)
        try await Task.sleep(for: .milliseconds(300))
        try await rig.waitUntil { true }
        let after = try await rig.host.job(job.id, tenant: "default")
        #expect(after.state == .succeeded && after.result == finished.result && after.dispatches == 1)
        #expect(try rig.fixture.auditKinds().filter { $0 == "job.result" }.count == resultsBefore)

        // The same sign with the same key through the host: reused, never dispatched.
        let again = try await rig.host.submitJob(
            JobSubmission(
                topic: "job.hello.guestbook.sign",
                input: ["name": "Ada", "message": "hi"],
                idempotencyKey: "sign-ada-once"
            ),
            tenant: "default",
            principal: "alice"
        )
        let reused = try await rig.finishedJob(again.id)
        #expect(reused.deduplicatedFrom == job.id && reused.dispatches == 0)
        #expect(await guestbook.all.count == 1)
        await worker.shutdown()
        await rig.stop()
    }

    func waitForApproval(_ rig: CAPRig) async throws -> Approval {
        var pending: [Approval] = []
        try await rig.waitUntil {
            pending = try await rig.host.approvals(tenant: "default")
            return !pending.isEmpty
        }
        return try #require(pending.first)
    }
}
