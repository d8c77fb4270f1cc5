/// Sends a running job's progress (`JobProgress` on `sys.job.progress` with the CAP transport).
public struct ProgressReporter: Sendable {
    private let sink: @Sendable (_ percent: Int, _ message: String) async -> Void

    /// A reporter that hands each report to `sink`.
    public init(_ sink: @escaping @Sendable (_ percent: Int, _ message: String) async -> Void) {
        self.sink = sink
    }

    /// A reporter that drops reports.
    public static let discarding = ProgressReporter { _, _ in }

    /// Reports progress.
    /// - Parameters:
    ///   - percent: 0–100; values outside are clamped.
    ///   - message: A short human-readable status; secrets are scrubbed.
    public func report(percent: Int, message: String = "") async {
        await sink(min(max(percent, 0), 100), message)
    }
}
