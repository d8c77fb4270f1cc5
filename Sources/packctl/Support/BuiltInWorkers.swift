import Foundation
import PackHost
import Tracing
import WorkerKit

/// The pack workers `packctl` can run in its own process (`packctl dev`, `serve --dev-workers`, and the
/// embedded commands that wait for runs): pack id → a factory of the worker and its secrets, from
/// ``PackRegistry``. The in-process worker scrubs those secrets from results, errors, progress and logs, as the
/// CAP transport does.
enum BuiltInWorkers {
    /// A factory per pack.
    typealias Factories = [String: @Sendable () -> MadeWorker]

    /// The factories of the registered workers that `settings` configure (see
    /// ``WorkerRegistration/isConfigured(by:)``), limited to `packIDs` when given.
    /// - Parameter warn: report a worker whose settings are invalid (it is left out either way).
    static func factories(settings: [String: String], packIDs: Set<String>? = nil, warn: Bool = false) -> Factories {
        var factories: Factories = [:]
        for entry in PackRegistry.all where packIDs?.contains(entry.packID) ?? true {
            guard let registration = entry.worker, registration.isConfigured(by: settings) else { continue }
            do {
                let first = try registration.makeWithSecrets(settings: settings)
                factories[entry.packID] = { (try? registration.makeWithSecrets(settings: settings)) ?? first }
            } catch {
                if warn { printError("warning: no built-in \(entry.packID) worker: \(error)") }
            }
        }
        return factories
    }

    /// The factories configured by the process environment (workers that need no settings, and those whose
    /// `CORDUM_<PACK>_*` variables are set).
    static let fromEnvironment = factories(settings: ProcessInfo.processInfo.environment)

    /// An in-process worker for every installed pack that has a built-in worker, serving the pool that the
    /// pack's pools overlay routes its topics to (the pack id when it routes none).
    static func workers(installed: [InstalledPack], governance: Governance) -> [any HostWorker] {
        workers(installed: installed, governance: governance, factories: fromEnvironment)
    }

    /// ``workers(installed:governance:)`` with other factories (`packctl dev`'s, pointed at its emulators).
    static func workers(
        installed: [InstalledPack],
        governance: Governance,
        factories: Factories,
        artifacts: ArtifactStore? = nil,
        tracer: (any Tracer)? = nil
    ) -> [any HostWorker] {
        installed.compactMap { pack -> (any HostWorker)? in
            guard let make = factories[pack.id] else { return nil }
            let made = make()
            let pool = made.worker.topics.lazy.compactMap { governance.pools.topics[$0]?.first }.first ?? pack.id
            return InProcessWorker(
                made.worker,
                pool: pool,
                secrets: made.secrets,
                artifacts: artifacts,
                tracer: tracer
            )
        }
    }

    /// Keeps an in-process worker registered for every installed pack that has a built-in one, including packs
    /// installed later through the API: looks every `interval` and registers what is missing. Cancel the task
    /// to stop.
    static func keepRegistered(
        on services: HostServices,
        every interval: Duration = .milliseconds(500),
        factories: Factories = fromEnvironment
    ) -> Task<Void, Never> {
        Task {
            var registered: [String: String] = [:]
            while !Task.isCancelled {
                do throws(HostError) {
                    let installed = try services.installer.list().filter { $0.status == .active }
                    let governance = try services.catalog.governance()
                    for worker in workers(
                        installed: installed,
                        governance: governance,
                        factories: factories,
                        artifacts: services.artifacts,
                        tracer: services.host.tracer
                    )
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
