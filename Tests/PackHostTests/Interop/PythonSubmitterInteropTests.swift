import CAP
import Foundation
import HelloWorker
import PackTesting
import ServerTesting
import StructuredData
import SwiftProtobuf
import Synchronization
import Testing
import WorkerKit

/// Jobs submitted with the official CAP Python SDK (`cap.client.submit_job`) are run by our Swift `CAPWorker`
/// (the hello pack's handlers) and the SDK side sees the result and reads the output from the result pointer.
///
/// Between the two, the test does what Cordum's scheduler does on the wire: it takes each `sys.job.submit`
/// packet and republishes the same bytes on the chosen worker's direct subject `worker.<id>.jobs`.
@Suite("Interop: Python SDK submitter → Swift worker", .serialized, .timeLimit(.minutes(10)))
struct PythonSubmitterInteropTests {
    @Test func pythonSubmittedJobsRunOnTheSwiftWorker() async throws {
        _ = try await PythonSDK.python()
        let nats = try await ServerProcess.nats()
        let redis = try await ServerProcess.redis()
        defer {
            nats.stop()
            redis.stop()
        }
        let natsURL = "nats://127.0.0.1:\(nats.port)"
        let redisURL = "redis://127.0.0.1:\(redis.port)"
        let configuration = WorkerConfiguration(
            packID: "hello",
            workerID: "swift-hello",
            natsURL: natsURL,
            redisURL: redisURL,
            pool: "hello",
            heartbeatInterval: .seconds(1)
        )
        let worker = CAPWorker(worker: HelloWorker.make(), configuration: configuration)
        let relay = try await SubmitRelay(natsURL: natsURL, to: CAPSubjects.direct(workerID: "swift-hello"))
        let run = Task { try await worker.run() }
        let ready = try await eventually { relay.heartbeats.contains("swift-hello") }
        try #require(ready, "the Swift worker sent no heartbeat")

        // A job the hello handler answers.
        let greet = try await PythonSDK.run(
            "cap_submit.py",
            [
                "--nats", natsURL, "--redis", redisURL, "--topic", HelloWorker.greetTopic, "--job-id", "py-job-1",
                "--input", #"{"name": "Ada", "language": "fr"}"#, "--tenant", "acme", "--timeout", "20",
            ]
        )
        #expect(greet.exitCode == 0, "cap_submit.py failed: \(greet.stderr)")
        let answer = try JSONParser.parse(greet.stdout)
        #expect(answer["job_id"] == "py-job-1")
        #expect(answer["status"] == "JOB_STATUS_SUCCEEDED")
        #expect(answer["worker_id"] == "swift-hello")
        #expect(answer["sender_id"] == "swift-hello")
        #expect(answer["protocol_version"] == 1)
        #expect(answer["result_ptr"] == "redis://res:py-job-1")
        #expect(answer["output"] == ["greeting": "Bonjour, Ada !"])
        // The SDK's trace id comes back on the result.
        #expect(answer["trace_id"] == answer["submitted_trace_id"])

        // What the SDK put on the wire: the envelope our worker relies on.
        let submitted = try #require(relay.packets.first { $0.jobRequest.jobID == "py-job-1" })
        #expect(submitted.senderID == "py-submitter")
        #expect(submitted.protocolVersion == 1)
        #expect(submitted.hasCreatedAt)
        #expect(submitted.signature.isEmpty)
        #expect(submitted.jobRequest.topic == HelloWorker.greetTopic)
        #expect(submitted.jobRequest.tenantID == "acme")
        #expect(submitted.jobRequest.contextPtr == "redis://ctx:py-job-1")

        // A handler error reaches the SDK side as FAILED with our error code and the error document.
        let bad = try await PythonSDK.run(
            "cap_submit.py",
            [
                "--nats", natsURL, "--redis", redisURL, "--topic", HelloWorker.greetTopic, "--job-id", "py-job-2",
                "--input", #"{"name": "Ada", "language": "xx"}"#, "--timeout", "20",
            ]
        )
        #expect(bad.exitCode == 0, "cap_submit.py failed: \(bad.stderr)")
        let failure = try JSONParser.parse(bad.stdout)
        #expect(failure["status"] == "JOB_STATUS_FAILED")
        #expect(failure["error_code"] == "invalid_input")
        #expect(failure["error_message"]?.stringValue?.contains("xx") == true)
        #expect(failure["output"]?["error"]?["code"] == "invalid_input")

        await worker.shutdown()
        try await run.value
        await relay.close()
    }
}

/// Takes every `sys.job.submit` packet and republishes it unchanged on one subject: Cordum's dispatch on the wire,
/// without safety checks or job state.
final class SubmitRelay: Sendable {
    private let client: NATSClient
    private let task: Task<Void, Never>
    private let beats: Task<Void, Never>
    private let record = RelayRecord()

    /// The packets relayed so far.
    var packets: [Cordum_Agent_V1_BusPacket] { record.packets.withLock { $0 } }
    /// The worker ids seen in `sys.heartbeat`.
    var heartbeats: Set<String> { record.heartbeats.withLock { $0 } }

    init(natsURL: String, to subject: String) async throws {
        let client = NATSClient(configuration: try NATSConfiguration(url: natsURL))
        try await client.connect()
        let submissions = try await client.subscribe(to: "sys.job.submit")
        let heartbeats = try await client.subscribe(to: "sys.heartbeat")
        try await client.flush()
        self.client = client
        let record = self.record
        beats = Task {
            do {
                for try await message in heartbeats {
                    if let packet = try? Cordum_Agent_V1_BusPacket(serializedBytes: message.payload) {
                        record.heartbeats.withLock { _ = $0.insert(packet.heartbeat.workerID) }
                    }
                }
            } catch {}
        }
        task = Task {
            do {
                for try await message in submissions {
                    if let packet = try? Cordum_Agent_V1_BusPacket(serializedBytes: message.payload) {
                        record.packets.withLock { $0.append(packet) }
                    }
                    try await client.publish(subject, payload: message.payload)
                }
            } catch {}
        }
    }

    func close() async {
        task.cancel()
        beats.cancel()
        await client.close()
    }
}

/// What the relay saw.
final class RelayRecord: Sendable {
    let packets = Mutex<[Cordum_Agent_V1_BusPacket]>([])
    let heartbeats = Mutex<Set<String>>([])
}
