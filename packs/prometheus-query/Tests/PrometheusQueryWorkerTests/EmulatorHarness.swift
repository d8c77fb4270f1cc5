import EmulatorKit
import Foundation
import PackTesting
import PrometheusQueryEmulator
import PrometheusQueryWorker
import StructuredData
import WorkerKit

/// A started emulator with a worker configured from its settings (plus `extra`), artifacts kept in memory and
/// retries that never sleep.
struct EmulatorHarness {
    let emulator: Emulator<SeededState<PrometheusWorld>>
    let worker: Worker
    let secrets: SecretRegistry
    let artifacts = MemoryArtifacts()
    let sleeps = Sleeps()

    static func with(
        _ extra: [String: String] = [:],
        _ body: (EmulatorHarness) async throws -> Void
    ) async throws {
        let emulator = try await Emulator.start(try PrometheusQueryEmulator.definition(), port: 0)
        do {
            let secrets = SecretRegistry()
            let configuration = try PrometheusQueryConfiguration(
                environment: emulator.workerSettings.merging(extra) { _, new in new },
                secrets: secrets
            )
            let sleeps = Sleeps()
            let worker = try PrometheusQueryWorker.make(
                configuration: configuration,
                retryClock: ManualDateClock().retryClock(recording: sleeps)
            )
            try await body(EmulatorHarness(emulator: emulator, worker: worker, secrets: secrets))
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    /// Runs one job of `action` (`job.prometheus-query.<action>`).
    func run(_ action: String, _ input: JSONValue, dryRun: Bool = false) async -> JobOutcome {
        await runJob(
            worker,
            topic: "job.prometheus-query.\(action)",
            input,
            secrets: secrets,
            dryRun: dryRun,
            artifacts: artifacts.writer(secrets)
        )
    }
}
