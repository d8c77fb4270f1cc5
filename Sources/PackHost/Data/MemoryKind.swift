/// What a memory entry holds, which fixes its key prefix: a job's input (`ctx:`), a job's result (`res:`),
/// or context-engine memory (`mem:`).
public enum MemoryKind: String, Sendable, Hashable, CaseIterable {
    /// A job's input, key `ctx:<job_id>`.
    case context
    /// A job's result, key `res:<job_id>`.
    case result
    /// Memory kept across jobs, key `mem:<id>`.
    case memory

    /// The key prefix, colon included.
    public var prefix: String {
        switch self {
        case .context: "ctx:"
        case .result: "res:"
        case .memory: "mem:"
        }
    }
}
