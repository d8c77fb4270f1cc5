import CAP
import Logging
import StructuredData
import SwiftProtobuf
import WorkerKit
import WorkflowEngine

/// The I/O a remote dispatch needs, shared by the bridge and its workers: write the context pointer, publish
/// the request, wait for the matching result, read its result pointer; publish cancels.
final class CAPLink: Sendable {
    let nats: NATSClient
    let redis: RedisClient
    let pending = PendingResults()
    let roster = RemoteRoster()
    let configuration: CAPBridgeConfiguration
    let clock: any EngineClock
    let logger: Logger

    init(
        nats: NATSClient,
        redis: RedisClient,
        configuration: CAPBridgeConfiguration,
        clock: any EngineClock,
        logger: Logger
    ) {
        self.nats = nats
        self.redis = redis
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
    }

    /// Runs one job on a remote worker: `ctx:<job_id>` ← the input, `BusPacket{JobRequest}` → `subject`, then
    /// the `JobResult` from `workerID` (any worker when nil) and the value at its result pointer.
    func execute(_ assignment: JobAssignment, subject: String, workerID: String?) async -> WorkerReport {
        let job = assignment.job
        let key = CAPKeys.context(jobID: job.id)
        do {
            try await redis.set(key, to: JSONEncoding.compact(job.input), expiration: configuration.contextTTL)
        } catch {
            return .failed(
                JobFailure(
                    code: "storage_unavailable",
                    message: "writing the job's context \(key) to Redis failed: \(error)",
                    retryable: true
                )
            )
        }
        let token = pending.register(jobID: job.id, workerID: workerID)
        var packet = Self.envelope(traceID: job.runID ?? job.id, senderID: configuration.senderID, now: clock.now())
        packet.jobRequest = Cordum_Agent_V1_JobRequest(assignment: assignment, now: clock.now())
        do {
            try await nats.publish(subject, payload: try packet.serializedBytes(signedWith: keys))
        } catch {
            pending.cancel(token)
            return .failed(
                JobFailure(
                    code: "dispatch_failed",
                    message: "publishing job \(job.id) on \(subject) failed: \(error)",
                    retryable: true
                )
            )
        }
        logger.debug("dispatched", metadata: ["job_id": "\(job.id)", "subject": "\(subject)"])
        switch await pending.wait(token) {
        case .report(let report):
            return report
        case .result(let result):
            return await report(for: result)
        }
    }

    /// The report for a result: reads its result pointer (the output, or the stored error) first.
    func report(for result: Cordum_Agent_V1_JobResult) async -> WorkerReport {
        guard !result.resultPtr.isEmpty else { return WorkerReport(result: result, output: nil) }
        guard let key = CAPKeys.key(ofPointer: result.resultPtr) else {
            return .failed(
                JobFailure(
                    code: "unsupported_pointer",
                    message: "the result pointer \"\(result.resultPtr)\" of job \(result.jobID) is not "
                        + "redis://<key>"
                )
            )
        }
        let bytes: [UInt8]?
        do {
            bytes = try await redis.get(key)
        } catch {
            return .failed(
                JobFailure(
                    code: "storage_unavailable",
                    message: "reading the result \(result.resultPtr) from Redis failed: \(error)",
                    retryable: true
                )
            )
        }
        guard let bytes else {
            if result.status != .succeeded { return WorkerReport(result: result, output: nil) }
            return .failed(
                JobFailure(
                    code: "result_missing",
                    message: "the result \(result.resultPtr) of job \(result.jobID) does not exist (expired or "
                        + "never written)",
                    retryable: true
                )
            )
        }
        // As Cordum's engine: JSON when it parses, else the text.
        let output =
            (try? JSONParser.parse(bytes, file: result.resultPtr).value)
            ?? .string(String(decoding: bytes, as: UTF8.self))
        return WorkerReport(result: result, output: output)
    }

    /// Publishes `JobCancel` on `sys.job.cancel` (every worker hears it), and stops waiting for the job after
    /// the cancel grace if its worker does not answer. Returns at once: the publish happens in the background,
    /// so the host records its own state (cancelled, timed out) before the worker's answer can arrive.
    func cancel(jobID: String, reason: String, workerID: String?) {
        var cancel = Cordum_Agent_V1_JobCancel()
        cancel.jobID = jobID
        cancel.reason = reason
        cancel.requestedBy = configuration.senderID
        var packet = Self.envelope(traceID: jobID, senderID: configuration.senderID, now: clock.now())
        packet.jobCancel = cancel
        let tokens = pending.tokens(jobID: jobID, workerID: workerID)
        let (nats, pending, logger, grace) = (nats, pending, logger, configuration.cancelGrace)
        let keys = keys
        Task {
            do {
                try await nats.publish(CAPSubjects.cancel, payload: try packet.serializedBytes(signedWith: keys))
            } catch {
                logger.error("publishing a cancel failed", metadata: ["job_id": "\(jobID)", "error": "\(error)"])
            }
            guard !tokens.isEmpty else { return }
            try? await Task.sleep(for: grace)
            for token in tokens {
                pending.resolve(token: token, with: .cancelled("the worker did not answer the cancel within \(grace)"))
            }
        }
    }

    /// The keys published packets are signed with (none: unsigned, as Cordum).
    var keys: PacketKeys { configuration.bus.packetKeys }

    /// A packet with CAP's envelope: trace id, sender, time, protocol version 1; signed on publishing.
    static func envelope(traceID: String, senderID: String, now: Timestamp) -> Cordum_Agent_V1_BusPacket {
        var packet = Cordum_Agent_V1_BusPacket()
        packet.traceID = traceID
        packet.senderID = senderID
        var time = Google_Protobuf_Timestamp()
        time.seconds = now.milliseconds / 1000
        time.nanos = Int32(now.milliseconds % 1000) * 1_000_000
        packet.createdAt = time
        packet.protocolVersion = 1
        return packet
    }
}
