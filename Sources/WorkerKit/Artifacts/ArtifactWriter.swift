import Synchronization

/// Stores artifacts of a job (reports, logs, files) and returns their pointers: `context.artifacts.put(…)`.
///
/// On the CAP transport an artifact goes to the gateway (`POST /api/v1/artifacts`) when `CORDUM_GATEWAY_URL` is
/// configured, else straight to Redis under `art:<uuid>` (metadata at `art:meta:<uuid>`), as Cordum stores them.
/// Every registered secret is scrubbed from the content and the labels first. Each pointer is also sent in the
/// job's `JobResult.artifact_ptrs`.
public struct ArtifactWriter: Sendable {
    /// What actually stores scrubbed content and returns its pointer (`redis://art:<uuid>`).
    public typealias Store =
        @Sendable (
            _ content: [UInt8], _ contentType: String, _ retention: ArtifactRetention, _ labels: [String: String]
        ) async throws -> String

    private let store: Store
    private let secrets: SecretRegistry
    private let written = PointerLog()

    /// A writer over `store`; content and labels are scrubbed with `secrets` before `store` sees them.
    public init(secrets: SecretRegistry, store: @escaping Store) {
        self.secrets = secrets
        self.store = store
    }

    /// A writer that refuses every artifact with `artifacts_unavailable` (contexts built without a transport).
    public static var unavailable: ArtifactWriter {
        ArtifactWriter(secrets: SecretRegistry()) { _, _, _, _ in
            throw WorkerError(
                code: .artifactsUnavailable,
                message:
                    "This job context has no artifact store (run the worker over CAP, or build the context with one)."
            )
        }
    }

    /// Stores `content` and returns its pointer.
    /// - Parameters:
    ///   - content: The bytes; registered secrets in them are replaced by `[REDACTED]`.
    ///   - contentType: The MIME type recorded with it.
    ///   - retention: How long it is kept.
    ///   - labels: Labels recorded with it (scrubbed too).
    /// - Returns: The pointer, e.g. `redis://art:6f1c…`.
    /// - Throws: ``WorkerError`` (`artifacts_unavailable`, `storage_unavailable`, or the gateway's answer mapped
    ///   like vendor errors).
    @discardableResult
    public func put(
        _ content: [UInt8],
        contentType: String = "application/octet-stream",
        retention: ArtifactRetention = .standard,
        labels: [String: String] = [:]
    ) async throws(WorkerError) -> String {
        let scrubbedLabels = Dictionary(
            uniqueKeysWithValues: labels.map { (secrets.scrub($0.key), secrets.scrub($0.value)) }
        )
        do {
            let pointer = try await store(secrets.scrub(content), contentType, retention, scrubbedLabels)
            written.pointers.withLock { $0.append(pointer) }
            return pointer
        } catch let error as WorkerError {
            throw error
        } catch {
            throw WorkerError(
                code: .storageUnavailable,
                message: secrets.scrub("Storing the artifact failed: \(error)"),
                retryable: true
            )
        }
    }

    /// Stores UTF-8 text; see ``put(_:contentType:retention:labels:)-([UInt8],_,_,_)``.
    @discardableResult
    public func put(
        text: String,
        contentType: String = "text/plain; charset=utf-8",
        retention: ArtifactRetention = .standard,
        labels: [String: String] = [:]
    ) async throws(WorkerError) -> String {
        try await put(Array(text.utf8), contentType: contentType, retention: retention, labels: labels)
    }

    /// The pointers stored through this writer so far, in order.
    public var pointers: [String] { written.pointers.withLock { $0 } }
}

/// The pointers a writer stored (shared by copies of the writer).
private final class PointerLog: Sendable {
    let pointers = Mutex<[String]>([])
}
