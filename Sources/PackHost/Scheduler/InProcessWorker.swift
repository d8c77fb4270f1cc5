public import Logging
import StructuredData
import Synchronization
public import Tracing
public import WorkerKit

/// Runs a WorkerKit ``Worker`` inside the host process: the transport tests and `packctl dev` use.
/// Jobs get the same ``JobContext`` a CAP worker would build, with the constraints of the decision; as over CAP,
/// every secret of the worker's registry is scrubbed from results, error messages, progress messages and log lines.
public final class InProcessWorker: HostWorker {
    /// Receives a job's progress (already scrubbed).
    public typealias ProgressSink = @Sendable (_ jobID: String, _ percent: Int, _ message: String) async -> Void

    public let id: String
    public let pool: String
    public let capacity: Int
    public var topics: [String] { worker.topics }
    public var supportsDryRun: Bool { worker.supportsDryRun }
    private let worker: Worker
    private let secrets: SecretRegistry
    private let logger: Logger
    private let progressSink: ProgressSink?
    private let artifactStore: ArtifactStore?
    private let running = Mutex<[String: CancellationFlag]>([:])

    /// Creates an in-process worker.
    /// - Parameters:
    ///   - worker: the pack's worker (handlers by topic).
    ///   - id: the worker id; `<pack>-inproc` by default.
    ///   - pool: the pool it serves; the pack id by default.
    ///   - capacity: how many jobs run at once.
    ///   - secrets: the pack worker's registry: values scrubbed from outputs, errors, progress and logs.
    ///   - logger: where the jobs' `context.logger` lines go (scrubbed).
    ///   - progress: where progress reports go; dropped when nil.
    ///   - artifacts: where jobs' `context.artifacts` go (the host's store, under the job's tenant); without it a
    ///     job that stores an artifact gets `artifacts_unavailable`.
    ///   - tracer: where the jobs' spans go (the host's tracer, so they join the run's trace); the worker's own when
    ///     nil.
    public init(
        _ worker: Worker,
        id: String? = nil,
        pool: String? = nil,
        capacity: Int = 8,
        secrets: SecretRegistry = SecretRegistry(),
        logger: Logger = Logger(label: "cordum.host.worker"),
        progress: ProgressSink? = nil,
        artifacts: ArtifactStore? = nil,
        tracer: (any Tracer)? = nil
    ) {
        var worker = worker
        if let tracer { worker.tracer = tracer }
        self.worker = worker
        self.id = id ?? "\(worker.packID)-inproc"
        self.pool = pool ?? worker.packID
        self.capacity = max(1, capacity)
        self.secrets = secrets
        self.logger = logger.scrubbingSecrets(secrets)
        self.progressSink = progress
        self.artifactStore = artifacts
    }

    public func run(_ assignment: JobAssignment) async -> WorkerReport {
        let job = assignment.job
        let flag = CancellationFlag()
        running.withLock { $0[job.id] = flag }
        defer { _ = running.withLock { $0.removeValue(forKey: job.id) } }
        var logger = logger
        logger[metadataKey: "job_id"] = .string(job.id)
        if let runID = job.runID { logger[metadataKey: "run_id"] = .string(runID) }
        let context = JobContext(
            jobID: job.id,
            topic: job.topic,
            tenant: job.tenantID,
            principal: job.principal,
            labels: job.labels,
            capability: job.capability ?? "",
            riskTags: assignment.riskTags,
            requires: assignment.requires,
            idempotencyKey: job.idempotencyKey ?? "",
            constraints: assignment.constraints,
            isDryRun: job.dryRun,
            traceID: job.runID ?? job.id,
            runID: job.runID,
            packID: worker.packID,
            workerID: id,
            environment: assignment.environment,
            progress: progressReporter(jobID: job.id),
            cancellation: flag,
            logger: logger,
            secrets: secrets,
            artifacts: artifactWriter(tenant: job.tenantID)
        )
        switch await worker.execute(context, input: job.input) {
        case .succeeded(let output):
            return .succeeded(output)
        case .failed(let error):
            let failure = JobFailure(code: error.code.rawValue, message: error.message, retryable: error.retryable)
            return error.code == .deadlineExceeded ? .timedOut(failure) : .failed(failure)
        case .cancelled(let error):
            return .cancelled(error.message)
        }
    }

    /// A writer into the host's artifact store under `tenant`, or the refusing one when the worker has no store.
    private func artifactWriter(tenant: String) -> ArtifactWriter {
        guard let store = artifactStore else { return .unavailable }
        return ArtifactWriter(secrets: secrets) { content, contentType, retention, labels in
            let kept = ArtifactRetention(rawValue: retention.rawValue) ?? .standard
            return try store.put(
                tenant: tenant,
                content: content,
                contentType: contentType,
                retention: kept,
                labels: labels
            ).pointer
        }
    }

    private func progressReporter(jobID: String) -> ProgressReporter {
        guard let progressSink else { return .discarding }
        let secrets = secrets
        return ProgressReporter { percent, message in await progressSink(jobID, percent, secrets.scrub(message)) }
    }

    public func cancel(jobID: String, reason: String) async {
        let flag = running.withLock { $0[jobID] }
        _ = flag?.cancel(reason: reason)
    }
}
