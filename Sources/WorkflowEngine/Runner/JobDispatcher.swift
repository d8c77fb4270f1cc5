/// What the host implements to carry the engine's actions out: submit jobs (through the safety gate and
/// scheduler), cancel them, and emit notify events.
///
/// Delivery is at least once: after a crash the runner performs again the actions it had committed but not
/// yet marked done, with identical content. Implementations must treat a second ``dispatch(_:)`` of a job id
/// they already accepted as a no-op.
public protocol JobDispatcher: Sendable {
    /// Submits a job. Throwing makes the attempt fail with `dispatch_failed` (retried per the step's policy).
    func dispatch(_ job: JobRequest) async throws
    /// Asks for a running job to be cancelled.
    func cancel(jobID: String, reason: String) async throws
    /// Emits a notify step's event.
    func notify(_ notification: WorkflowNotification) async throws
    /// Stores an artifact step's content (``ArtifactRequest``) and says where. Delivery is at least once: after a
    /// crash the same request (same run, step and attempt) may come again, and should find what was stored.
    func storeArtifact(_ request: ArtifactRequest) async throws -> StoredArtifact
    /// Whether the dispatcher takes a dry run's jobs with side effects (steps whose risk tags include `write` or
    /// `destructive`, sent with `dryRun` set) and guarantees that only a worker which answers them with a plan and
    /// no side effects runs them — planning them itself otherwise. When false (the default) the engine plans those
    /// steps itself and never dispatches them.
    var plansDryRunWrites: Bool { get }
}

extension JobDispatcher {
    /// A dispatcher that does not say otherwise gets no dry-run writes.
    public var plansDryRunWrites: Bool { false }

    /// A dispatcher without an artifact store fails artifact steps with a clear reason.
    public func storeArtifact(_ request: ArtifactRequest) async throws -> StoredArtifact {
        throw ArtifactStoreUnavailable()
    }
}

/// The error of a dispatcher that has no artifact store.
public struct ArtifactStoreUnavailable: Error, CustomStringConvertible {
    /// Creates the error.
    public init() {}
    public var description: String { "this engine's dispatcher has no artifact store (artifact steps need a host)" }
}
