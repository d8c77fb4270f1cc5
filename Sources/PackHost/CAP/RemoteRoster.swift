import CAP
import Synchronization
import WorkerKit
import WorkflowEngine

/// The workers known from heartbeats: what each one last said and when, shared by the bridge and the
/// ``RemoteWorker``s it registered (whose capacity and topics follow the latest heartbeat).
final class RemoteRoster: Sendable {
    /// What is known of one worker.
    struct Entry: Sendable, Hashable {
        var pool: String
        var capacity: Int
        var topics: [String]
        var activeJobs: Int
        var lastSeen: Timestamp
        /// Whether the heartbeat declared dry-run support (`Worker.dryRunHeartbeatLabel`).
        var supportsDryRun = false
        /// The gaps between its last heartbeats (milliseconds), newest last; at most five.
        var gaps: [Int64] = []
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Records a heartbeat; returns the entry before it (nil for a new worker).
    func record(_ heartbeat: Cordum_Agent_V1_Heartbeat, defaultCapacity: Int, at now: Timestamp) -> Entry? {
        entries.withLock { entries in
            let previous = entries[heartbeat.workerID]
            var entry = Entry(
                pool: heartbeat.pool,
                capacity: heartbeat.maxParallelJobs > 0 ? Int(heartbeat.maxParallelJobs) : max(1, defaultCapacity),
                topics: Self.topics(of: heartbeat),
                activeJobs: Int(heartbeat.activeJobs),
                lastSeen: now,
                supportsDryRun: heartbeat.labels[Worker.dryRunHeartbeatLabel.key] == Worker.dryRunHeartbeatLabel.value,
                gaps: previous?.gaps ?? []
            )
            if let previous, previous.pool == heartbeat.pool {
                let gap = now.milliseconds - previous.lastSeen.milliseconds
                if gap > 0 { entry.gaps = Array((entry.gaps + [gap]).suffix(5)) }
            } else {
                entry.gaps = []
            }
            entries[heartbeat.workerID] = entry
            return previous
        }
    }

    /// The topics a heartbeat's capabilities name (`job.*` subjects without wildcards); empty (every topic of
    /// the pool) when it names none or a wildcard.
    static func topics(of heartbeat: Cordum_Agent_V1_Heartbeat) -> [String] {
        let subjects = heartbeat.capabilities.filter { $0.hasPrefix("job.") }
        if subjects.contains(where: { $0.contains("*") || $0.contains(">") }) { return [] }
        return subjects.sorted()
    }

    /// One worker's entry.
    func entry(_ workerID: String) -> Entry? { entries.withLock { $0[workerID] } }

    /// Every worker, by id.
    var all: [String: Entry] { entries.withLock { $0 } }

    /// Forgets a worker.
    func remove(_ workerID: String) { _ = entries.withLock { $0.removeValue(forKey: workerID) } }

    /// Whether a worker of `pool` is known.
    func hasWorkers(inPool pool: String) -> Bool { entries.withLock { $0.values.contains { $0.pool == pool } } }

    /// The workers silent for longer than `missed` of their heartbeat intervals, capped at `timeout` (and
    /// `timeout` while no interval has been seen).
    func silent(at now: Timestamp, missed: Int, timeout: Int64) -> [String] {
        entries.withLock { entries in
            entries.compactMap { id, entry in
                let interval = entry.gaps.max()
                let limit = interval.map { min(timeout, $0 * Int64(max(1, missed))) } ?? timeout
                return now.milliseconds - entry.lastSeen.milliseconds > limit ? id : nil
            }.sorted()
        }
    }
}
