import CAP
import Synchronization

/// How a remote dispatch ended, as the bridge saw it: the worker's `JobResult`, or a report the host made up
/// (the worker was lost, the bridge stopped, a cancel was not answered in time).
enum RemoteOutcome: Sendable {
    case result(Cordum_Agent_V1_JobResult)
    case report(WorkerReport)
}

/// The dispatches waiting for their `JobResult`, by job id. Each waits for a result from the worker it was sent
/// to (any worker for a topic-subject dispatch). A waiter is resolved once; a result nobody waits for — a
/// duplicate delivery, or a late answer for a job the host moved on — changes nothing.
final class PendingResults: Sendable {
    private struct Waiter {
        var token: UInt64
        var jobID: String
        var workerID: String?
        var outcome: RemoteOutcome?
        var continuation: CheckedContinuation<RemoteOutcome, Never>?
    }

    private struct State {
        var nextToken: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
    }

    private let state = Mutex(State())

    /// Starts waiting for job `jobID`'s result from `workerID` (nil: from any worker); call before publishing.
    func register(jobID: String, workerID: String?) -> UInt64 {
        state.withLock { state in
            state.nextToken += 1
            state.waiters[state.nextToken] = Waiter(token: state.nextToken, jobID: jobID, workerID: workerID)
            return state.nextToken
        }
    }

    /// Waits until the dispatch `token` is resolved.
    func wait(_ token: UInt64) async -> RemoteOutcome {
        await withCheckedContinuation { continuation in
            let ready = state.withLock { state -> RemoteOutcome? in
                guard var waiter = state.waiters[token] else {
                    return .report(.failed(JobFailure(code: "internal", message: "the dispatch was not registered")))
                }
                if let outcome = waiter.outcome {
                    state.waiters[token] = nil
                    return outcome
                }
                waiter.continuation = continuation
                state.waiters[token] = waiter
                return nil
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }

    /// Delivers a worker's result to the dispatch of its job sent to that worker (or to any worker); returns
    /// whether one was waiting.
    @discardableResult
    func deliver(_ result: Cordum_Agent_V1_JobResult) -> Bool {
        resolve(.result(result)) { waiter in
            waiter.jobID == result.jobID
                && (waiter.workerID == nil || result.workerID.isEmpty || waiter.workerID == result.workerID)
        }
    }

    /// The dispatches of `jobID` (on `workerID` when given) waiting now.
    func tokens(jobID: String, workerID: String?) -> [UInt64] {
        state.withLock { state in
            state.waiters.values.filter { $0.jobID == jobID && (workerID == nil || $0.workerID == workerID) }
                .map(\.token)
        }
    }

    /// Resolves the dispatch `token`, if it still waits, with `report`.
    func resolve(token: UInt64, with report: WorkerReport) {
        _ = resolve(.report(report)) { $0.token == token }
    }

    /// Resolves every waiting dispatch sent to `workerID` with `report`.
    func resolveAll(onWorker workerID: String, with report: WorkerReport) {
        while resolve(.report(report), where: { $0.workerID == workerID }) {}
    }

    /// Resolves every waiting dispatch with `report`.
    func resolveAll(with report: WorkerReport) {
        while resolve(.report(report), where: { _ in true }) {}
    }

    /// Resolves the oldest unresolved waiter matching `matches`; returns whether there was one.
    private func resolve(_ outcome: RemoteOutcome, where matches: (Waiter) -> Bool) -> Bool {
        let resumed = state.withLock { state -> (Bool, CheckedContinuation<RemoteOutcome, Never>?) in
            guard
                let waiter = state.waiters.values.filter({ $0.outcome == nil && matches($0) }).min(by: {
                    $0.token < $1.token
                })
            else { return (false, nil) }
            if let continuation = waiter.continuation {
                state.waiters[waiter.token] = nil
                return (true, continuation)
            }
            state.waiters[waiter.token]?.outcome = outcome
            return (true, nil)
        }
        resumed.1?.resume(returning: outcome)
        return resumed.0
    }

    /// Forgets a dispatch that was never sent.
    func cancel(_ token: UInt64) { _ = state.withLock { $0.waiters.removeValue(forKey: token) } }

    /// How many dispatches wait.
    var count: Int { state.withLock { $0.waiters.count } }
}
