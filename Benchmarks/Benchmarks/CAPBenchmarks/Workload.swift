import CAP
import Foundation
import Logging
import SwiftProtobuf
import Synchronization
import WorkerKit

/// nats-server and redis-server started for the benchmark, in-process `CAPWorker`s with an echo handler, and a
/// client standing where the host stands: it writes the input to `ctx:<job_id>`, publishes the JobRequest, waits
/// for the JobResult on `sys.job.result` and reads the output back from the result pointer.
///
/// For the raw baseline a responder on its own NATS connection echoes every request on `bench.raw`.
final class CAPBench: Sendable {
    static let topic = "job.bench.echo"
    static let rawSubject = "bench.raw"

    let natsServer: BenchServer
    let redisServer: BenchServer
    let nats: NATSClient
    let redis: RedisClient
    let workers: [CAPWorker]
    let results = ResultWaiters()
    private let responder: NATSClient
    private let tasks: [Task<Void, Never>]
    private let runs: [Task<Void, any Error>]
    private let sequence = Mutex(0)
    /// The JobRequest packet of a typical job, serialized: the raw round trip sends as many bytes.
    let rawPayload: [UInt8]

    /// Starts the servers and `workerCount` workers (each with its own connections, `max_parallel` 1, all in one
    /// queue group on the topic), and waits for every worker's first heartbeat.
    init(workers workerCount: Int) async throws {
        natsServer = try BenchServer.nats()
        redisServer = try BenchServer.redis()
        let natsURL = "nats://127.0.0.1:\(natsServer.port)"
        let redisURL = "redis://127.0.0.1:\(redisServer.port)"
        nats = NATSClient(configuration: try NATSConfiguration(url: natsURL))
        redis = RedisClient(configuration: try RedisConfiguration(url: redisURL))
        responder = NATSClient(configuration: try NATSConfiguration(url: natsURL))
        try await nats.connect()
        try await responder.connect()

        let resultMessages = try await nats.subscribe(to: CAPSubjects.result)
        let heartbeatMessages = try await nats.subscribe(to: CAPSubjects.heartbeat)
        let rawRequests = try await responder.subscribe(to: Self.rawSubject)
        try await nats.flush()
        try await responder.flush()
        let results = self.results
        let responder = self.responder
        tasks = [
            Task {
                do {
                    for try await message in resultMessages {
                        guard let packet = try? Cordum_Agent_V1_BusPacket(serializedBytes: message.payload) else {
                            continue
                        }
                        results.deliver(packet.jobResult)
                    }
                } catch {}
            },
            Task {
                do {
                    for try await message in heartbeatMessages {
                        guard let packet = try? Cordum_Agent_V1_BusPacket(serializedBytes: message.payload) else {
                            continue
                        }
                        results.heartbeat(from: packet.heartbeat.workerID)
                    }
                } catch {}
            },
            Task {
                do {
                    for try await message in rawRequests {
                        guard let reply = message.replyTo else { continue }
                        try await responder.publish(reply, payload: message.payload)
                    }
                } catch {}
            },
        ]

        var logger = Logger(label: "cordum.bench.worker")
        logger.logLevel = .notice
        var worker = Worker(packID: "bench")
        worker.handle(Self.topic) { _, input in input }
        workers = (0..<workerCount).map { index in
            CAPWorker(
                worker: worker,
                configuration: WorkerConfiguration(
                    packID: "bench",
                    workerID: "bench-\(index)",
                    natsURL: natsURL,
                    redisURL: redisURL,
                    pool: "bench",
                    heartbeatInterval: .seconds(5)
                ),
                logger: logger
            )
        }
        runs = workers.map { worker in Task { try await worker.run() } }
        rawPayload = try Self.packet(jobID: "bench-00000000", topic: Self.topic).serializedBytes()
        for index in 0..<workerCount {
            guard await results.waitForHeartbeat(from: "bench-\(index)", timeout: .seconds(10)) else {
                throw BenchFailure("worker bench-\(index) sent no heartbeat within 10 seconds")
            }
        }
    }

    static func packet(jobID: String, topic: String) -> Cordum_Agent_V1_BusPacket {
        var request = Cordum_Agent_V1_JobRequest()
        request.jobID = jobID
        request.topic = topic
        request.tenantID = "bench"
        request.contextPtr = "redis://ctx:\(jobID)"
        var packet = Cordum_Agent_V1_BusPacket()
        packet.traceID = jobID
        packet.senderID = "bench-host"
        packet.createdAt = Google_Protobuf_Timestamp(date: Date())
        packet.protocolVersion = 1
        packet.jobRequest = request
        return packet
    }

    func nextJobID() -> String {
        let number = sequence.withLock {
            $0 += 1
            return $0
        }
        return "bench-job-\(number)"
    }

    /// One raw NATS request/reply round trip with a job-sized payload.
    func rawRoundTrip() async throws {
        let reply = try await nats.request(Self.rawSubject, payload: rawPayload, timeout: .seconds(10))
        guard reply.payload.count == rawPayload.count else { throw BenchFailure("the raw reply was cut") }
    }

    /// One job: input to Redis, JobRequest on `subject`, JobResult back, output read from the result pointer.
    func jobRoundTrip(to subject: String) async throws {
        let jobID = nextJobID()
        let input = #"{"message":"hello","n":1}"#
        _ = try await redis.set("ctx:\(jobID)", to: input, expiration: .seconds(600))
        let waiting = results.expect(jobID)
        try await nats.publish(subject, payload: try Self.packet(jobID: jobID, topic: Self.topic).serializedBytes())
        let result = await waiting.value
        guard result.status == .succeeded, result.resultPtr.hasPrefix("redis://") else {
            throw BenchFailure("job \(jobID) ended \(result.status): \(result.errorMessage)")
        }
        let output = try await redis.getString(String(result.resultPtr.dropFirst("redis://".count)))
        guard output == input else { throw BenchFailure("job \(jobID) returned \(output ?? "nothing")") }
    }

    func tearDown() async {
        for worker in workers { await worker.shutdown() }
        for run in runs { _ = try? await run.value }
        for task in tasks { task.cancel() }
        await nats.close()
        await responder.close()
        await redis.close()
        natsServer.stop()
        redisServer.stop()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// JobResults by job id, and the workers heard from on `sys.heartbeat`.
final class ResultWaiters: Sendable {
    private struct State {
        var waiting: [String: CheckedContinuation<Cordum_Agent_V1_JobResult, Never>] = [:]
        var early: [String: Cordum_Agent_V1_JobResult] = [:]
        var heartbeats: [String: ContinuousClock.Instant] = [:]
    }
    private let state = Mutex(State())

    /// Starts waiting for `jobID`'s result (call before publishing the job).
    func expect(_ jobID: String) -> Task<Cordum_Agent_V1_JobResult, Never> {
        Task {
            await withCheckedContinuation { continuation in
                let early = state.withLock { state -> Cordum_Agent_V1_JobResult? in
                    if let result = state.early.removeValue(forKey: jobID) { return result }
                    state.waiting[jobID] = continuation
                    return nil
                }
                if let early { continuation.resume(returning: early) }
            }
        }
    }

    func deliver(_ result: Cordum_Agent_V1_JobResult) {
        let continuation = state.withLock { state -> CheckedContinuation<Cordum_Agent_V1_JobResult, Never>? in
            if let continuation = state.waiting.removeValue(forKey: result.jobID) { return continuation }
            state.early[result.jobID] = result
            return nil
        }
        continuation?.resume(returning: result)
    }

    func heartbeat(from workerID: String) {
        state.withLock { state in
            if state.heartbeats[workerID] == nil { state.heartbeats[workerID] = .now }
        }
    }

    /// When the first heartbeat of `workerID` arrived.
    func firstHeartbeat(from workerID: String) -> ContinuousClock.Instant? {
        state.withLock { $0.heartbeats[workerID] }
    }

    func waitForHeartbeat(from workerID: String, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if firstHeartbeat(from: workerID) != nil { return true }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return false
    }
}

/// Holds the bench a benchmark's setup made, for its closure and teardown.
final class BenchSlot: Sendable {
    private let current = Mutex<CAPBench?>(nil)
    var bench: CAPBench { current.withLock { $0! } }
    func set(_ bench: CAPBench) { current.withLock { $0 = bench } }
    func tearDown() async {
        let bench = current.withLock { current -> CAPBench? in
            defer { current = nil }
            return current
        }
        await bench?.tearDown()
    }
}
