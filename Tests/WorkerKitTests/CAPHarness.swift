import CAP
import Foundation
import ServerTesting
import StructuredData
import SwiftProtobuf
import Synchronization
import Testing
import WorkerKit

/// Real nats-server and redis-server, a client on each, and a recorder of every `sys.>` packet.
final class CAPHarness: Sendable {
    let natsServer: ServerProcess
    let redisServer: ServerProcess
    let nats: NATSClient
    let redis: RedisClient
    private let packets = Box<[(subject: String, packet: Cordum_Agent_V1_BusPacket)]>([])
    private let recorder: Task<Void, Never>

    init() async throws {
        natsServer = try await ServerProcess.nats()
        redisServer = try await ServerProcess.redis()
        nats = NATSClient(configuration: try NATSConfiguration(url: "nats://127.0.0.1:\(natsServer.port)"))
        try await nats.connect()
        redis = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(redisServer.port)"))
        let subscription = try await nats.subscribe(to: "sys.>")
        try await nats.flush()
        let packets = self.packets
        recorder = Task {
            do {
                for try await message in subscription {
                    if let packet = try? Cordum_Agent_V1_BusPacket(serializedBytes: message.payload) {
                        packets.update { $0.append((message.subject, packet)) }
                    }
                }
            } catch {}
        }
    }

    func stop() async {
        recorder.cancel()
        await nats.close()
        await redis.close()
        natsServer.stop()
        redisServer.stop()
    }

    func configuration(_ workerID: String, maxParallel: Int = 1, secrets: SecretRegistry = SecretRegistry())
        -> WorkerConfiguration
    {
        WorkerConfiguration(
            packID: "hello",
            workerID: workerID,
            natsURL: "nats://127.0.0.1:\(natsServer.port)",
            redisURL: "redis://127.0.0.1:\(redisServer.port)",
            pool: "hello-pool",
            maxParallel: maxParallel,
            heartbeatInterval: .milliseconds(100),
            resultTTL: .seconds(600),
            secrets: secrets
        )
    }

    /// Starts `worker` and waits for its first heartbeat (sent once it is subscribed).
    func start(_ worker: CAPWorker) async throws -> Task<Void, any Error> {
        let task = Task { try await worker.run() }
        let id = worker.configuration.workerID
        let ready = try await eventually { !self.heartbeats(from: id).isEmpty }
        try #require(ready, "the worker sent no heartbeat")
        return task
    }

    /// Writes the input to `ctx:<job_id>` and publishes a JobRequest BusPacket.
    func submit(
        _ jobID: String,
        topic: String = "job.hello.echo",
        input: JSONValue = [:],
        to subject: String,
        configure: (inout Cordum_Agent_V1_JobRequest) -> Void = { _ in }
    ) async throws {
        try await redis.set("ctx:\(jobID)", to: JSONEncoding.compact(input), expiration: .seconds(600))
        var request = Cordum_Agent_V1_JobRequest()
        request.jobID = jobID
        request.topic = topic
        request.contextPtr = "redis://ctx:\(jobID)"
        configure(&request)
        var packet = Cordum_Agent_V1_BusPacket()
        packet.traceID = "trace-\(jobID)"
        packet.senderID = "cordum-scheduler"
        packet.protocolVersion = 1
        packet.jobRequest = request
        try await nats.publish(subject, payload: try packet.serializedBytes())
    }

    func recorded(on subject: String) -> [Cordum_Agent_V1_BusPacket] {
        packets.get().filter { $0.subject == subject }.map(\.packet)
    }

    func heartbeats(from workerID: String) -> [Cordum_Agent_V1_Heartbeat] {
        recorded(on: "sys.heartbeat").map(\.heartbeat).filter { $0.workerID == workerID }
    }

    func resultPacket(_ jobID: String, timeout: Duration = .seconds(30)) async throws -> Cordum_Agent_V1_BusPacket {
        var found: Cordum_Agent_V1_BusPacket?
        _ = try await eventually(timeout: timeout) {
            found = recorded(on: "sys.job.result").first { $0.jobResult.jobID == jobID }
            return found != nil
        }
        return try #require(found, "no JobResult for \(jobID)")
    }

    func storedJSON(_ pointer: String) async throws -> JSONValue? {
        guard pointer.hasPrefix("redis://"), let text = try await redis.getString(String(pointer.dropFirst(8))) else {
            return nil
        }
        return try JSONParser.parse(text)
    }
}

/// A thread-safe box tests use to observe handlers.
final class Box<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    func get() -> Value { value.withLock { $0 } }
    func update<R>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}
