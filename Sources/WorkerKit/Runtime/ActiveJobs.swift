import Synchronization

/// The jobs running in one worker, for cancels, heartbeats and duplicate suppression.
final class ActiveJobs: Sendable {
    private struct Entry {
        let flag: CancellationFlag
        var task: Task<JobOutcome, Never>?
    }

    private struct State {
        var entries: [String: Entry] = [:]
        /// Ids cancelled before they started here, oldest first (bounded).
        var cancelledEarly: [String] = []
    }

    private static let earlyCancelLimit = 1024
    private let state = Mutex(State())

    var count: Int { state.withLock { $0.entries.count } }

    /// Registers a job; `nil` when a job with that id is already running here (a duplicate delivery).
    func register(_ jobID: String) -> CancellationFlag? {
        state.withLock { state in
            guard state.entries[jobID] == nil else { return nil }
            let flag = CancellationFlag()
            if let index = state.cancelledEarly.firstIndex(of: jobID) {
                state.cancelledEarly.remove(at: index)
                flag.cancel(reason: "The job was cancelled before it started.")
            }
            state.entries[jobID] = Entry(flag: flag)
            return flag
        }
    }

    /// Attaches the task running the job, cancelling it at once if the job was cancelled meanwhile.
    func attach(_ task: Task<JobOutcome, Never>, to jobID: String) {
        let cancelled = state.withLock { state -> Bool in
            state.entries[jobID]?.task = task
            return state.entries[jobID]?.flag.isCancelled ?? false
        }
        if cancelled { task.cancel() }
    }

    func remove(_ jobID: String) {
        state.withLock { _ = $0.entries.removeValue(forKey: jobID) }
    }

    /// Cancels a job (flag and task). A job not running here is remembered, so a late delivery is cancelled too.
    /// - Returns: Whether the job was running here.
    @discardableResult
    func cancel(_ jobID: String, reason: String) -> Bool {
        let entry = state.withLock { state -> Entry? in
            if let entry = state.entries[jobID] { return entry }
            if !state.cancelledEarly.contains(jobID) {
                state.cancelledEarly.append(jobID)
                if state.cancelledEarly.count > Self.earlyCancelLimit { state.cancelledEarly.removeFirst() }
            }
            return nil
        }
        guard let entry else { return false }
        entry.flag.cancel(reason: reason)
        entry.task?.cancel()
        return true
    }

    /// Cancels every running job.
    func cancelAll(reason: String) {
        let ids = state.withLock { Array($0.entries.keys) }
        for id in ids { cancel(id, reason: reason) }
    }
}
