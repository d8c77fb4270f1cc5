import PackHost
import StructuredData
import Synchronization

/// A worker that echoes its input, records every job it ran, and can be told to hold jobs until released
/// or to fail them.
final class EchoWorker: HostWorker {
    let id: String
    let pool: String
    let capacity: Int
    let topics: [String]
    private let state = Mutex<State>(State())

    struct State {
        var ran: [String] = []
        var holding = false
        var held: [String: CheckedContinuation<Void, Never>] = [:]
        var failure: JobFailure?
        var cancelled: [String] = []
    }

    init(id: String = "echo", pool: String = "echo", capacity: Int = 4, topics: [String] = []) {
        self.id = id
        self.pool = pool
        self.capacity = capacity
        self.topics = topics
    }

    /// Jobs run, in order of start.
    var ran: [String] { state.withLock { $0.ran } }
    var cancelled: [String] { state.withLock { $0.cancelled } }
    var heldCount: Int { state.withLock { $0.held.count } }

    /// Holds every job that starts from now on until ``releaseAll()``.
    func hold() { state.withLock { $0.holding = true } }

    func releaseAll() {
        let waiting = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.holding = false
            defer { state.held = [:] }
            return Array(state.held.values)
        }
        for continuation in waiting { continuation.resume() }
    }

    func failNext(_ failure: JobFailure?) { state.withLock { $0.failure = failure } }

    func run(_ assignment: JobAssignment) async -> WorkerReport {
        let jobID = assignment.job.id
        let holding = state.withLock { state -> Bool in
            state.ran.append(jobID)
            return state.holding
        }
        if holding {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    guard state.holding else { return true }
                    state.held[jobID] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        }
        if let failure = state.withLock({ $0.failure }) { return .failed(failure) }
        if state.withLock({ $0.cancelled.contains(jobID) }) { return .cancelled("cancelled") }
        return .succeeded(["echo": assignment.job.input, "constraints": assignment.constraints ?? .null])
    }

    func cancel(jobID: String, reason: String) async {
        let continuation = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.cancelled.append(jobID)
            return state.held.removeValue(forKey: jobID)
        }
        continuation?.resume()
    }
}
