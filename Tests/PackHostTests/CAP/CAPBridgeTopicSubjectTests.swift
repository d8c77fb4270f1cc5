import CAP
import PackHost
import StructuredData
import SwiftProtobuf
import Testing
import WorkflowEngine

/// A remote pool with no known workers is served on the topic subject, as CAP SDK workers (no heartbeats,
/// one subject, queue group) expect.
@Suite(.serialized) struct CAPBridgeTopicSubjectTests {
    @Test func aPoolWithoutHeartbeatsGetsItsJobsOnTheTopicSubject() async throws {
        let rig = try await CAPRig(catalog: try StaticCatalog.hello(), remotePools: ["hello"])
        #expect(await rig.host.workerStatus().map(\.id) == ["cap-topic-hello"])
        // An SDK-style worker: the topic in a queue group, input from ctx:, output to res:, a JobResult back.
        let topic = try await rig.peer.subscribe(to: "job.hello.greet", queue: "job.hello.greet")
        try await rig.peer.flush()
        let answering = Task {
            for try await message in topic {
                guard let request = jobRequest(in: message) else { continue }
                let key = String(request.contextPtr.dropFirst("redis://".count))
                let input = try JSONParser.parse(try #require(try await rig.redis.getString(key)))
                let name = input["name"]?.stringValue ?? "?"
                try await rig.redis.set("res:\(request.jobID)", to: "{\"greeting\":\"Hi \(name)\"}")
                var result = Cordum_Agent_V1_JobResult()
                result.jobID = request.jobID
                result.workerID = "sdk-worker"
                result.status = .succeeded
                result.resultPtr = "redis://res:\(request.jobID)"
                try await rig.publishResult(result)
                return
            }
        }
        let job = try await rig.host.submitJob(
            JobSubmission(topic: "job.hello.greet", input: ["name": "Lin"]),
            tenant: "default",
            principal: "alice"
        )
        let finished = try await rig.finishedJob(job.id)
        #expect(finished.state == .succeeded)
        #expect(finished.workerID == "cap-topic-hello")
        #expect(finished.result?["greeting"]?.stringValue == "Hi Lin")
        try await answering.value

        // Once a worker of the pool heartbeats, the topic subject takes no more jobs.
        try await rig.heartbeat(workerID: "hello-known", pool: "hello")
        try await rig.waitForWorker("hello-known")
        let capacity = await rig.host.workerStatus().first { $0.id == "cap-topic-hello" }?.capacity
        #expect(capacity == 0)
        await rig.stop()
    }
}
