public import StructuredData

/// Where a run stands for someone waiting on it: `packctl run --wait` and `packctl approve`.
public enum RunWaitOutcome: Sendable, Hashable {
    /// The run finished (succeeded, failed, cancelled or timed out).
    case finished
    /// The run is waiting for a human decision: the pending approvals' ids (its own and its subworkflow runs').
    case waitingForApproval([String])
    /// The wait ended before either happened.
    case stillRunning
}

extension HostControl {
    /// Polls a run until it is finished or waiting for an approval, or `timeout` passes.
    /// - Parameters:
    ///   - clock: the clock the timeout and the polling interval are measured on.
    ///   - interval: the time between two looks.
    /// - Returns: the run's last WorkflowRun JSON and where it stands.
    public func waitForRun<C: Clock<Duration>>(
        _ id: String,
        timeout: Duration,
        interval: Duration = .milliseconds(100),
        clock: C = ContinuousClock()
    ) async throws(HostError) -> (run: JSONValue, outcome: RunWaitOutcome) {
        let deadline = clock.now.advanced(by: timeout)
        while true {
            // The approvals are read before the run: a run read first could predate an approval listed after it,
            // and the report would show the approval's steps still pending.
            // A subworkflow's approval belongs to its child run (`<run>.<step>.<attempt>`, nested the same way), and
            // the parent waits on it as much as on its own.
            let pending = try await approvals(includeDecided: false, limit: 500)
                .filter { approval in
                    guard let runID = approval["run_id"]?.stringValue else { return false }
                    return runID == id || runID.hasPrefix(id + ".")
                }
                .compactMap { $0["id"]?.stringValue }
            let run = try await self.run(id)
            if Self.isFinished(run) { return (run, .finished) }
            if !pending.isEmpty { return (run, .waitingForApproval(pending)) }
            if clock.now >= deadline { return (run, .stillRunning) }
            do {
                try await clock.sleep(for: interval)
            } catch {
                return (run, .stillRunning)
            }
        }
    }

    /// Whether a WorkflowRun JSON is in a final status.
    static func isFinished(_ run: JSONValue) -> Bool {
        ["succeeded", "failed", "cancelled", "timed_out"].contains(run["status"]?.stringValue ?? "")
    }
}
