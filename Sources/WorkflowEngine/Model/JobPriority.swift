/// A job's priority (CAP `JobPriority`): a step's `priority`, else the run input's `priority`, else `batch`, as
/// Cordum's engine sends it.
public enum JobPriority: String, Sendable, Hashable, CaseIterable {
    /// `JOB_PRIORITY_BATCH`: the default for workflow jobs.
    case batch
    /// `JOB_PRIORITY_INTERACTIVE`.
    case interactive
    /// `JOB_PRIORITY_CRITICAL`.
    case critical

    /// Reads a priority name, trimmed and in any case (`" Critical "`); nil for anything else.
    public init?(name: String) {
        let trimmed = name.drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed()
        self.init(rawValue: String(trimmed).lowercased())
    }
}
