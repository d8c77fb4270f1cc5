import CAP
import Logging
import StructuredData
import SwiftProtobuf
import Synchronization

/// The per-run I/O of a ``CAPWorker``: listening, heartbeats, cancels, and running each job.
struct CAPTransport: Sendable {
    let worker: CAPWorker
    let nats: NATSClient
    let redis: RedisClient
    /// Results of finished jobs, re-published when a job id is delivered again.
    let finished = FinishedJobs()

    var configuration: WorkerConfiguration { worker.configuration }
    var logger: Logger { worker.logger.scrubbingSecrets(configuration.secrets) }

    /// A job request received from NATS with the packet's trace id.
    struct IncomingJob: Sendable {
        let request: Cordum_Agent_V1_JobRequest
        let traceID: String
    }

    // MARK: Jobs

    /// Reads every job subscription until they end (drain), running at most `maxParallel` jobs at a time, and
    /// returns when every job received has reported.
    func runJobs(from subscriptions: [NATSSubscription]) async {
        let (jobs, continuation) = AsyncStream<IncomingJob>.makeStream()
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await withTaskGroup(of: Void.self) { listeners in
                    for subscription in subscriptions {
                        listeners.addTask { await listen(subscription, into: continuation) }
                    }
                }
                continuation.finish()
            }
            group.addTask { await dispatch(jobs) }
        }
    }

    private func listen(_ subscription: NATSSubscription, into jobs: AsyncStream<IncomingJob>.Continuation) async {
        do {
            for try await message in subscription {
                guard let packet = try? Cordum_Agent_V1_BusPacket(serializedBytes: message.payload),
                    case .jobRequest(let request) = packet.payload, !request.jobID.isEmpty
                else {
                    logger.warning(
                        "Ignored a message that is not a JobRequest.",
                        metadata: ["subject": "\(message.subject)"]
                    )
                    continue
                }
                guard accepts(packet, wire: message.payload, subject: message.subject) else { continue }
                jobs.yield(
                    IncomingJob(request: request, traceID: packet.traceID.isEmpty ? request.jobID : packet.traceID)
                )
            }
        } catch {
            logger.error(
                "A job subscription ended with an error.",
                metadata: ["subject": "\(subscription.subject)", "error": "\(error)"]
            )
        }
    }

    private func dispatch(_ jobs: AsyncStream<IncomingJob>) async {
        await withTaskGroup(of: Void.self) { group in
            var running = 0
            for await job in jobs {
                if await republishFinished(job) { continue }
                guard let flag = worker.active.register(job.request.jobID) else {
                    logger.notice(
                        "Ignored a duplicate delivery of a running job.",
                        metadata: ["job_id": "\(job.request.jobID)"]
                    )
                    continue
                }
                if running >= configuration.maxParallel {
                    await group.next()
                    running -= 1
                }
                group.addTask { await run(job, cancellation: flag) }
                running += 1
            }
        }
    }

    /// Re-publishes the cached result of a job id this worker already finished, while its result key still exists;
    /// returns whether it did (then the handler does not run again).
    private func republishFinished(_ job: IncomingJob) async -> Bool {
        guard let cached = finished.result(for: job.request.jobID) else { return false }
        if let pointer = ContextPointer(cached.resultPtr) {
            guard (try? await redis.exists(pointer.key)) == 1 else {
                finished.forget(job.request.jobID)
                return false
            }
        }
        logger.notice(
            "Re-published the result of a job delivered again after it finished.",
            metadata: ["job_id": "\(job.request.jobID)", "status": "\(cached.status)"]
        )
        await publishResult(cached, traceID: job.traceID)
        return true
    }

    /// Runs one job end to end: input, handler, result key, `JobResult`.
    func run(_ job: IncomingJob, cancellation: CancellationFlag) async {
        let request = job.request
        let started = ContinuousClock.now
        let context = JobContext(
            request: request,
            traceID: job.traceID,
            configuration: configuration,
            progress: progressReporter(jobID: request.jobID, traceID: job.traceID),
            cancellation: cancellation,
            logger: logger,
            artifacts: artifactWriter(jobID: request.jobID, tenant: Self.tenant(of: request))
        )
        context.logger.info("Job started.", metadata: ["topic": "\(request.topic)"])
        let task = Task { await execute(request, context: context) }
        worker.active.attach(task, to: request.jobID)
        let deadline = startDeadline(request)
        var outcome = await withTaskCancellationHandler {
            await task.value
        } onCancel: {
            task.cancel()
        }
        deadline?.timer.cancel()
        let timedOut = deadline?.expired.withLock { $0 } ?? false
        if timedOut, case .cancelled = outcome {
            outcome = .failed(
                WorkerError(
                    code: .deadlineExceeded,
                    message: "The job ran past its deadline of \(request.budget.deadlineMs) ms and was stopped.",
                    retryable: true
                )
            )
        }
        let resultPointer = await store(outcome, jobID: request.jobID, timedOut: timedOut)
        let elapsed = started.duration(to: .now)
        var result = Cordum_Agent_V1_JobResult()
        result.jobID = request.jobID
        result.workerID = configuration.workerID
        result.executionMs = elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000
        switch (outcome, resultPointer) {
        case (.succeeded, .success(let pointer)):
            result.status = .succeeded
            result.resultPtr = pointer.description
        case (.succeeded, .failure(let error)):
            result.status = .failed
            result.errorCode = error.code.rawValue
            result.errorMessage = error.message
        case (.failed(let error), let pointer), (.cancelled(let error), let pointer):
            result.status = timedOut ? .timeout : outcome == .failed(error) ? .failed : .cancelled
            result.errorCode = error.code.rawValue
            result.errorMessage = configuration.secrets.scrub(error.message)
            if case .success(let pointer) = pointer { result.resultPtr = pointer.description }
        }
        result.artifactPtrs = context.artifacts.pointers
        await publishResult(result, traceID: job.traceID)
        finished.record(result)
        worker.active.remove(request.jobID)
        context.logger.info(
            "Job finished.",
            metadata: [
                "status": "\(result.status)", "error_code": "\(result.errorCode)",
                "execution_ms": "\(result.executionMs)",
            ]
        )
    }

    /// A timer for `budget.deadline_ms` (from when the job was received), on the worker's clock: when it fires, the
    /// job's cancellation flag is set and its task cancelled, and the job reports `TIMEOUT`.
    private func startDeadline(
        _ request: Cordum_Agent_V1_JobRequest
    ) -> (timer: Task<Void, Never>, expired: SharedFlag)? {
        let milliseconds = request.budget.deadlineMs
        guard milliseconds > 0 else { return nil }
        let expired = SharedFlag()
        let clock = worker.clock
        let active = worker.active
        let jobID = request.jobID
        let timer = Task {
            do { try await clock.sleep(for: .milliseconds(milliseconds)) } catch { return }
            expired.withLock { $0 = true }
            active.cancel(jobID, reason: "The job ran past its deadline of \(milliseconds) ms.")
        }
        return (timer, expired)
    }

    static func tenant(of request: Cordum_Agent_V1_JobRequest) -> String {
        [request.tenantID, request.env["tenant_id"] ?? "", request.meta.tenantID].first { !$0.isEmpty } ?? "default"
    }

    private func execute(_ request: Cordum_Agent_V1_JobRequest, context: JobContext) async -> JobOutcome {
        switch await readInput(request) {
        case .failure(let error): return .failed(error)
        case .success(let input):
            var context = context
            if case .bool(true) = input["dry_run"] { context.isDryRun = true }
            return await worker.worker.execute(context, input: input)
        }
    }

    /// The input JSON: the value at the context pointer (falling back to `env["context_ptr"]`), unwrapped from
    /// the gateway's `{"context": …}` envelope; `{}` when the job has no pointer.
    func readInput(_ request: Cordum_Agent_V1_JobRequest) async -> Result<JSONValue, WorkerError> {
        let text = request.contextPtr.isEmpty ? (request.env["context_ptr"] ?? "") : request.contextPtr
        guard !text.isEmpty else { return .success(.object([:])) }
        guard let pointer = ContextPointer(text) else {
            return .failure(
                WorkerError(
                    code: .unsupportedPointer,
                    message: "The context pointer \"\(text)\" is not supported; expected redis://<key>."
                )
            )
        }
        let bytes: [UInt8]?
        do {
            bytes = try await redis.get(pointer.key)
        } catch {
            if let gateway { return await readThroughGateway(gateway, pointer) }
            return .failure(
                WorkerError(
                    code: .storageUnavailable,
                    message: "Reading \(pointer.description) failed: \(error)",
                    retryable: true
                )
            )
        }
        guard let bytes else {
            if let gateway { return await readThroughGateway(gateway, pointer) }
            return .failure(
                WorkerError(
                    code: .contextMissing,
                    message: "The context \(pointer.description) does not exist (expired or never written)."
                )
            )
        }
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, file: pointer.description).value
        } catch {
            return .failure(
                WorkerError(code: .invalidInput, message: "The context \(pointer.description) is not JSON: \(error)")
            )
        }
        if case .object(let wrapped)? = value["context"] { return .success(.object(wrapped)) }
        return .success(value)
    }

    /// The input read through the gateway's memory endpoint, when Redis could not serve it.
    private func readThroughGateway(_ gateway: GatewayClient, _ pointer: ContextPointer) async -> Result<
        JSONValue, WorkerError
    > {
        do {
            guard let value = try await gateway.readJSON(pointer: pointer.description) else {
                return .failure(
                    WorkerError(
                        code: .contextMissing,
                        message:
                            "The context \(pointer.description) does not exist in Redis or at the gateway (expired or never written)."
                    )
                )
            }
            logger.debug("Read the input through the gateway.", metadata: ["pointer": "\(pointer.description)"])
            if case .object(let wrapped)? = value["context"] { return .success(.object(wrapped)) }
            return .success(value)
        } catch {
            return .failure(error)
        }
    }

    /// Writes the output (or, for a failure, `{"job_id", "status", "error": {code, message, retryable}}`) to
    /// `res:<job_id>` with the configured TTL.
    private func store(_ outcome: JobOutcome, jobID: String, timedOut: Bool) async -> Result<
        ContextPointer, WorkerError
    > {
        let value: JSONValue
        switch outcome {
        case .succeeded(let output): value = output
        case .failed(let error), .cancelled(let error):
            let status: String
            if timedOut {
                status = "TIMEOUT"
            } else if case .failed = outcome {
                status = "FAILED"
            } else {
                status = "CANCELLED"
            }
            value = [
                "job_id": .string(jobID), "status": .string(status), "worker_id": .string(configuration.workerID),
                "error": [
                    "code": .string(error.code.rawValue),
                    "message": .string(configuration.secrets.scrub(error.message)),
                    "retryable": .bool(error.retryable),
                ],
            ]
        }
        let pointer = ContextPointer.result(jobID: jobID)
        do {
            try await redis.set(
                pointer.key,
                to: JSONEncoding.compact(configuration.secrets.scrub(value)),
                expiration: configuration.resultTTL
            )
            return .success(pointer)
        } catch {
            logger.error("Writing the result failed.", metadata: ["job_id": "\(jobID)", "error": "\(error)"])
            return .failure(
                WorkerError(
                    code: .storageUnavailable,
                    message: "Writing the result of job \(jobID) failed: \(error)",
                    retryable: true
                )
            )
        }
    }

    private func publishResult(_ result: Cordum_Agent_V1_JobResult, traceID: String) async {
        var packet = Cordum_Agent_V1_BusPacket.envelope(traceID: traceID, senderID: configuration.workerID)
        packet.jobResult = result
        await publish(packet, on: CAPSubjects.result)
    }

    private func progressReporter(jobID: String, traceID: String) -> ProgressReporter {
        ProgressReporter { percent, message in
            var progress = Cordum_Agent_V1_JobProgress()
            progress.jobID = jobID
            progress.percent = Int32(percent)
            progress.message = configuration.secrets.scrub(message)
            progress.status = .running
            var packet = Cordum_Agent_V1_BusPacket.envelope(traceID: traceID, senderID: configuration.workerID)
            packet.jobProgress = progress
            await publish(packet, on: CAPSubjects.progress)
        }
    }

    // MARK: Heartbeats and cancels

    /// Publishes a heartbeat at once and then every interval, until the drain starts.
    func heartbeats() async {
        while !worker.isDraining {
            var heartbeat = Cordum_Agent_V1_Heartbeat()
            heartbeat.workerID = configuration.workerID
            heartbeat.pool = configuration.pool
            heartbeat.maxParallelJobs = Int32(configuration.maxParallel)
            heartbeat.activeJobs = Int32(worker.active.count)
            heartbeat.capabilities = worker.topicSubjects
            heartbeat.labels = configuration.labels
            if worker.worker.supportsDryRun {
                heartbeat.labels[Worker.dryRunHeartbeatLabel.key] = Worker.dryRunHeartbeatLabel.value
            }
            heartbeat.type = configuration.packID
            var packet = Cordum_Agent_V1_BusPacket.envelope(
                traceID: configuration.workerID,
                senderID: configuration.workerID
            )
            packet.heartbeat = heartbeat
            await publish(packet, on: CAPSubjects.heartbeat)
            do { try await worker.clock.sleep(for: configuration.heartbeatInterval) } catch { return }
        }
    }

    /// Cancels running jobs named by `sys.job.cancel` packets.
    func listenForCancels(_ cancels: NATSSubscription) async {
        do {
            for try await message in cancels {
                guard let packet = try? Cordum_Agent_V1_BusPacket(serializedBytes: message.payload),
                    case .jobCancel(let cancel) = packet.payload, !cancel.jobID.isEmpty,
                    accepts(packet, wire: message.payload, subject: message.subject)
                else { continue }
                let reason =
                    cancel.reason.isEmpty ? "The job was cancelled." : "The job was cancelled: \(cancel.reason)"
                if worker.active.cancel(cancel.jobID, reason: reason) {
                    logger.info(
                        "Job cancelled.",
                        metadata: ["job_id": "\(cancel.jobID)", "requested_by": "\(cancel.requestedBy)"]
                    )
                }
            }
        } catch {
            logger.debug("The cancel subscription ended.", metadata: ["error": "\(error)"])
        }
    }

    /// Whether a received packet passes the signature check of ``BusSecurity/packetKeys``; a refused one is logged.
    /// As in the CAP SDKs, a worker that trusts some senders takes jobs and cancels from nobody else.
    private func accepts(_ packet: Cordum_Agent_V1_BusPacket, wire: [UInt8], subject: String) -> Bool {
        var keys = configuration.bus.packetKeys
        guard !keys.isEmpty else { return true }
        if !keys.publicKeys.isEmpty { keys.requireSigned = true }
        if case .rejected(let reason) = packet.verify(wire: wire, keys: keys) {
            logger.warning(
                "Dropped a packet whose signature does not hold.",
                metadata: ["subject": "\(subject)", "sender_id": "\(packet.senderID)", "reason": "\(reason)"]
            )
            return false
        }
        return true
    }

    private func publish(_ packet: Cordum_Agent_V1_BusPacket, on subject: String) async {
        do {
            try await nats.publish(
                subject,
                payload: try packet.serializedBytes(signedWith: configuration.bus.packetKeys)
            )
        } catch {
            logger.error("Publishing failed.", metadata: ["subject": "\(subject)", "error": "\(error)"])
        }
    }
}

/// A boolean shared between a deadline timer and the job it watches.
typealias SharedFlag = SharedBox<Bool>

/// A value shared between tasks.
final class SharedBox<Value: Sendable>: Sendable {
    private let value: Mutex<Value>
    init(_ value: Value) { self.value = Mutex(value) }
    convenience init() where Value == Bool { self.init(false) }
    func withLock<R: Sendable>(_ body: (inout Value) -> R) -> R { value.withLock { body(&$0) } }
}
