import CAP
import ServerTesting
import StructuredData
import SwiftProtobuf
import Testing
import WorkerKit

@Suite("CAP worker: deadlines and redelivery", .serialized, .timeLimit(.minutes(3)))
struct CAPWorkerDeadlineTests {
    @Test("a job past budget.deadline_ms is stopped: its flag is set and it reports TIMEOUT")
    func deadlineTimesOut() async throws {
        let harness = try await CAPHarness()
        let flagSeen = Box(false)
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { context, _ in
            while !context.cancellation.isCancelled { try? await Task.sleep(for: .milliseconds(10)) }
            flagSeen.update { $0 = context.cancellation.reason?.contains("deadline") == true }
            try context.checkCancellation()
            return [:]
        }
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-deadline"))
        let run = try await harness.start(service)
        try await harness.submit("dl-1", to: "worker.w-deadline.jobs") { $0.budget.deadlineMs = 4000 }
        let result = try await harness.resultPacket("dl-1").jobResult
        #expect(result.status == .timeout)
        #expect(result.errorCode == "deadline_exceeded")
        #expect(result.errorMessage.contains("4000 ms"))
        // The result is published at the deadline (long enough for the handler to have started even on a loaded
        // machine); the handler notices its flag within its next poll.
        #expect(try await eventually { flagSeen.get() })
        let stored = try await harness.storedJSON(result.resultPtr)
        #expect(stored?["status"] == "TIMEOUT")
        // A job that finishes within its deadline is not affected.
        try await harness.submit("dl-2", to: "worker.w-deadline.jobs") { $0.budget.deadlineMs = 60_000 }
        await harness.nats.publish(cancelOf: "dl-2")
        #expect(try await harness.resultPacket("dl-2").jobResult.status == .cancelled)
        await service.shutdown()
        try await run.value
        await harness.stop()
    }

    @Test("a job id delivered again after it finished gets its cached result, without running the handler again")
    func redeliveryRepublishesTheResult() async throws {
        let harness = try await CAPHarness()
        let runs = Box(0)
        var worker = Worker(packID: "hello")
        worker.handle("job.hello.echo") { _, input in
            runs.update { $0 += 1 }
            return ["echo": input]
        }
        let service = CAPWorker(worker: worker, configuration: harness.configuration("w-redeliver"))
        let run = try await harness.start(service)
        try await harness.submit("rd-1", input: ["n": 1], to: "worker.w-redeliver.jobs")
        let first = try await harness.resultPacket("rd-1").jobResult
        #expect(first.status == .succeeded)
        try await harness.submit("rd-1", input: ["n": 1], to: "worker.w-redeliver.jobs")
        #expect(
            try await eventually {
                harness.recorded(on: "sys.job.result").filter { $0.jobResult.jobID == "rd-1" }.count == 2
            }
        )
        let results = harness.recorded(on: "sys.job.result").filter { $0.jobResult.jobID == "rd-1" }
        #expect(results.last?.jobResult.resultPtr == first.resultPtr)
        #expect(results.last?.jobResult.status == .succeeded)
        #expect(runs.get() == 1)
        // Once the result key is gone, a new delivery runs the handler again.
        _ = try await harness.redis.delete("res:rd-1")
        try await harness.submit("rd-1", input: ["n": 1], to: "worker.w-redeliver.jobs")
        #expect(try await eventually { runs.get() == 2 })
        await service.shutdown()
        try await run.value
        await harness.stop()
    }
}

extension NATSClient {
    /// Publishes `sys.job.cancel` for `jobID`.
    fileprivate func publish(cancelOf jobID: String) async {
        var cancel = Cordum_Agent_V1_JobCancel()
        cancel.jobID = jobID
        cancel.reason = "test"
        var packet = Cordum_Agent_V1_BusPacket()
        packet.jobCancel = cancel
        try? await publish("sys.job.cancel", payload: try packet.serializedBytes())
    }
}
