public import WorkflowEngine

/// A worker the bridge knows from its heartbeats.
public struct RemoteWorkerStatus: Sendable, Hashable {
    /// The worker id (its direct subject is `worker.<id>.jobs`).
    public var id: String
    /// The pool it heartbeats for.
    public var pool: String
    /// How many jobs it runs at once (`max_parallel_jobs`).
    public var capacity: Int
    /// The topics it named (empty: every topic of its pool).
    public var topics: [String]
    /// The jobs it said it was running in its last heartbeat.
    public var activeJobs: Int
    /// When its last heartbeat arrived (host clock).
    public var lastHeartbeat: Timestamp
}
