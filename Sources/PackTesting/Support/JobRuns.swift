import Logging
public import StructuredData
import Synchronization
public import WorkerKit

/// Runs one job of `topic` on `worker` the way a transport does (the worker scrubs its secrets from the outcome).
/// - Parameters:
///   - labels: the job's labels; `dry_run: "true"` makes it a dry run, as `dryRun` does.
///   - recorder: where the job's log lines go (scrubbed of `secrets`, as a transport scrubs them), when given.
public func runJob(
    _ worker: Worker,
    topic: String,
    _ input: JSONValue,
    secrets: SecretRegistry = SecretRegistry(),
    labels: [String: String] = [:],
    capability: String = "",
    riskTags: [String] = [],
    idempotencyKey: String = "",
    dryRun: Bool = false,
    artifacts: ArtifactWriter = .unavailable,
    recorder: LogRecorder? = nil
) async -> JobOutcome {
    let context = JobContext(
        jobID: "job-\(topic)",
        topic: topic,
        labels: labels,
        capability: capability,
        riskTags: riskTags,
        idempotencyKey: idempotencyKey,
        isDryRun: dryRun || labels["dry_run"] == "true",
        packID: worker.packID,
        logger: (recorder?.logger(label: "cordum.worker") ?? Logger(label: "cordum.worker")).scrubbingSecrets(secrets),
        secrets: secrets,
        artifacts: artifacts
    )
    return await worker.execute(context, input: input)
}

extension JobOutcome {
    /// The output of a successful job, else nil.
    public var output: JSONValue? {
        if case .succeeded(let output) = self { return output }
        return nil
    }

    /// The error code of a failed or cancelled job, else nil.
    public var code: String? { error?.code.rawValue }

    /// The output or the error message, as text (for leak checks).
    public var text: String {
        switch self {
        case .succeeded(let output): JSONEncoding.compact(output)
        case .failed(let error), .cancelled(let error): "\(error.code.rawValue): \(error.message)"
        }
    }
}

/// The outcomes of a test's jobs, kept so it can prove no secret leaked into any of them.
public final class OutcomeLog: Sendable {
    private let values = Mutex<[JobOutcome]>([])

    /// An empty log.
    public init() {}

    /// Keeps an outcome.
    public func append(_ outcome: JobOutcome) { values.withLock { $0.append(outcome) } }

    /// Every outcome, in order.
    public var all: [JobOutcome] { values.withLock { $0 } }

    /// Every output and error message as text.
    public var texts: [String] { all.map(\.text) }
}

/// An artifact store that keeps what it is given, in memory.
public final class MemoryArtifacts: Sendable {
    private let stored = Mutex<[String: [UInt8]]>([:])

    /// An empty store.
    public init() {}

    /// A writer into this store; `secrets` are scrubbed from content and labels first.
    public func writer(_ secrets: SecretRegistry) -> ArtifactWriter {
        ArtifactWriter(secrets: secrets) { content, _, _, _ in
            self.stored.withLock { stored in
                let pointer = "mem://art:\(stored.count + 1)"
                stored[pointer] = content
                return pointer
            }
        }
    }

    /// The content at a pointer.
    public func content(_ pointer: String) -> [UInt8]? { stored.withLock { $0[pointer] } }

    /// Every content stored, as text.
    public var texts: [String] { stored.withLock { $0.values.map { String(decoding: $0, as: UTF8.self) } } }
}
