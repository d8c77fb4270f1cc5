/// Durable storage for definitions, runs, timelines and the outbox of actions still to perform.
///
/// Implementations must make ``createRun(_:actions:idempotency:)`` and ``commit(_:actions:)`` atomic:
/// the new state, its new timeline entries and its outbox entries are stored together or not at all.
public protocol RunStore: Sendable {
    /// Stores a definition by its digest (idempotent), so runs pinned to it can always be resumed.
    func saveDefinition(_ workflow: Workflow) throws(EngineError)
    /// The definition with this digest.
    func loadDefinition(digest: String) throws(EngineError) -> Workflow
    /// Stores a new run and its first actions, unless the idempotency key already names a live run.
    func createRun(_ state: RunState, actions: [EngineAction], idempotency: IdempotencyClaim?) throws(EngineError)
        -> RunCreation
    /// Stores a transition: the run's new state, its new timeline entries and the actions to perform.
    func commit(_ state: RunState, actions: [EngineAction]) throws(EngineError) -> [OutboxEntry]
    /// The run, with its whole timeline.
    func loadRun(_ id: String) throws(EngineError) -> RunState?
    /// Actions committed but not yet marked performed, oldest first.
    func pendingOutbox() throws(EngineError) -> [OutboxEntry]
    /// Marks an outbox entry performed.
    func completeOutbox(_ id: Int64) throws(EngineError)
    /// Active runs whose next timer is due at `time`.
    func dueRuns(at time: Timestamp, limit: Int) throws(EngineError) -> [String]
    /// The earliest timer of any active run.
    func earliestWakeup() throws(EngineError) -> Timestamp?
}

/// An action waiting in the outbox.
public struct OutboxEntry: Sendable, Hashable {
    /// Its position in the outbox.
    public var id: Int64
    /// The run that produced it.
    public var runID: String
    /// The action.
    public var action: EngineAction
}

/// A run idempotency key: scoped to tenant and workflow, valid until `expiresAt`.
public struct IdempotencyClaim: Sendable, Hashable {
    /// The tenant (empty for none).
    public var orgID: String
    /// The workflow.
    public var workflowID: String
    /// The key the caller sent.
    public var key: String
    /// When the claim lapses.
    public var expiresAt: Timestamp
    /// The current time (claims that lapsed before it are replaced).
    public var now: Timestamp

    /// Creates a claim.
    public init(orgID: String, workflowID: String, key: String, expiresAt: Timestamp, now: Timestamp) {
        self.orgID = orgID
        self.workflowID = workflowID
        self.key = key
        self.expiresAt = expiresAt
        self.now = now
    }
}

/// The result of ``RunStore/createRun(_:actions:idempotency:)``.
public enum RunCreation: Sendable, Hashable {
    /// The run was stored; perform these outbox entries.
    case created([OutboxEntry])
    /// The idempotency key already names this run; nothing was stored.
    case existing(runID: String)
}
