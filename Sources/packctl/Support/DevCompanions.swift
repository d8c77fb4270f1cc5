import Foundation
import Synchronization
import WorkerKit

/// The companions of `packctl dev`'s packs (``WorkerRegistration/companion``: a webhook receiver, say), started once
/// the host serves, with the same settings as the workers and the host's loopback URL, and cancelled when it stops.
/// A companion that fails prints the error; the host keeps serving.
final class DevCompanions: Sendable {
    private let tasks = Mutex<[Task<Void, Never>]>([])

    /// Starts the companion of each of `entries` that has one.
    func start(_ entries: [PackRegistry.Entry], settings: [String: String], hostURL: String) {
        for entry in entries {
            guard let companion = entry.worker?.companion else { continue }
            let packID = entry.packID
            let task = Task {
                do {
                    try await companion(settings, hostURL)
                } catch is CancellationError {
                } catch {
                    printError("warning: the \(packID) companion stopped: \(error)")
                }
            }
            tasks.withLock { $0.append(task) }
        }
    }

    /// Cancels every companion and waits for it.
    func stop() async {
        let running = tasks.withLock { tasks in
            defer { tasks = [] }
            return tasks
        }
        for task in running {
            task.cancel()
            await task.value
        }
    }
}
