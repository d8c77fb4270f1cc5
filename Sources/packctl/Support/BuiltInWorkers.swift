import HelloWorker
import PackHost
import WorkerKit

/// A built-in pack worker and the registry of the secrets its configuration read: the in-process worker scrubs
/// them from results, errors, progress and logs, as the CAP transport does.
struct BuiltInWorker: Sendable {
    var worker: Worker
    var secrets: SecretRegistry

    init(_ worker: Worker, secrets: SecretRegistry = SecretRegistry()) {
        self.worker = worker
        self.secrets = secrets
    }
}

/// The pack workers `packctl` can run in its own process (`packctl dev`, `serve --dev-workers`, and the
/// embedded commands that wait for runs): pack id → a ``BuiltInWorker`` factory.
enum BuiltInWorkers {
    /// Makes a pack's worker with its secrets.
    typealias Factory = @Sendable () -> BuiltInWorker

    /// The factories by pack id.
    static let factories: [String: Factory] = [
        "hello": { BuiltInWorker(HelloWorker.make()) }
    ]

    /// An in-process worker for every installed pack that has a built-in worker, serving the pool that the
    /// pack's pools overlay routes its topics to (the pack id when it routes none).
    static func workers(installed: [InstalledPack], governance: Governance) -> [any HostWorker] {
        workers(installed: installed, governance: governance, extra: [:])
    }

    /// ``workers(installed:governance:)`` with more factories.
    /// - Parameter extra: factories that only exist while the command runs (`packctl dev`'s GitHub worker, pointed
    ///   at its emulator); they win over ``factories``.
    static func workers(
        installed: [InstalledPack],
        governance: Governance,
        extra: [String: Factory]
    ) -> [any HostWorker] {
        let all = factories.merging(extra) { _, new in new }
        return installed.compactMap { pack -> (any HostWorker)? in
            guard let make = all[pack.id] else { return nil }
            let made = make()
            let pool = made.worker.topics.lazy.compactMap { governance.pools.topics[$0]?.first }.first ?? pack.id
            return InProcessWorker(made.worker, pool: pool, secrets: made.secrets)
        }
    }

    /// Keeps an in-process worker registered for every installed pack that has a built-in one, including packs
    /// installed later through the API: looks every `interval` and registers what is missing. Cancel the task
    /// to stop.
    static func keepRegistered(
        on services: HostServices,
        every interval: Duration = .milliseconds(500),
        extra: [String: Factory] = [:]
    ) -> Task<Void, Never> {
        Task {
            var registered: [String: String] = [:]
            while !Task.isCancelled {
                do throws(HostError) {
                    let installed = try services.installer.list().filter { $0.status == .active }
                    let governance = try services.catalog.governance()
                    for worker in workers(installed: installed, governance: governance, extra: extra)
                    where registered[worker.id] != worker.pool {
                        try await services.host.register(worker)
                        registered[worker.id] = worker.pool
                    }
                } catch {
                    printError("warning: built-in workers: \(error.message)")
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
