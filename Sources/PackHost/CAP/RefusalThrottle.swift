import WorkflowEngine

/// Keeps refused heartbeats from flooding the audit log: a refused worker (by worker id and pool) is recorded once
/// per interval, and at most `limit` refusals are recorded per interval in all; the rest are only counted.
struct RefusalThrottle: Sendable {
    let intervalMilliseconds: Int64
    let limit: Int
    private var lastRecorded: [String: Int64] = [:]
    private var windowStart: Int64?
    private var recordedInWindow = 0
    /// Refusals not recorded since the last one that was.
    private(set) var suppressed = 0

    init(interval: Duration, limit: Int = 100) {
        let parts = interval.components
        intervalMilliseconds = max(1, parts.seconds * 1000 + parts.attoseconds / 1_000_000_000_000_000)
        self.limit = max(1, limit)
    }

    /// Whether the refusal of `workerID` in `pool` at `now` is to be recorded; when it is, ``suppressed`` says how
    /// many were skipped before it, and is reset by ``recorded()``.
    mutating func shouldRecord(workerID: String, pool: String, at now: Timestamp) -> Bool {
        let time = now.milliseconds
        if windowStart.map({ time - $0 >= intervalMilliseconds }) ?? true {
            windowStart = time
            recordedInWindow = 0
            lastRecorded = lastRecorded.filter { time - $0.value < intervalMilliseconds }
        }
        let key = workerID + "\u{0}" + pool
        if let last = lastRecorded[key], time - last < intervalMilliseconds {
            suppressed += 1
            return false
        }
        guard recordedInWindow < limit else {
            suppressed += 1
            return false
        }
        lastRecorded[key] = time
        recordedInWindow += 1
        return true
    }

    /// Resets the count of suppressed refusals once it went into a record.
    mutating func recorded() { suppressed = 0 }
}
