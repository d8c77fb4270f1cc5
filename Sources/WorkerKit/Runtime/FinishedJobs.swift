import CAP
import Synchronization

/// The results of the jobs this worker finished, newest last and bounded, so that a redelivered job id gets its
/// result re-published instead of running the handler again (Cordum's runtime does the same).
final class FinishedJobs: Sendable {
    static let limit = 1024
    private let state = Mutex<(order: [String], results: [String: Cordum_Agent_V1_JobResult])>(([], [:]))

    func record(_ result: Cordum_Agent_V1_JobResult) {
        state.withLock { state in
            if state.results.updateValue(result, forKey: result.jobID) == nil { state.order.append(result.jobID) }
            if state.order.count > Self.limit { state.results[state.order.removeFirst()] = nil }
        }
    }

    func result(for jobID: String) -> Cordum_Agent_V1_JobResult? {
        state.withLock { $0.results[jobID] }
    }

    func forget(_ jobID: String) {
        state.withLock { state in
            guard state.results.removeValue(forKey: jobID) != nil else { return }
            state.order.removeAll { $0 == jobID }
        }
    }
}
