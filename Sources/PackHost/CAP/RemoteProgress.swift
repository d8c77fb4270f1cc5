public import WorkflowEngine

/// The latest progress a remote worker reported for a job.
public struct RemoteProgress: Sendable, Hashable {
    /// The job.
    public var jobID: String
    /// 0-100.
    public var percent: Int
    /// The worker's message.
    public var message: String
    /// When it arrived (host clock).
    public var at: Timestamp
}
