import DatadogEmulator
import DatadogWorker
import EmulatorKit
import Foundation
import PackTesting
import StructuredData
import WorkerKit

/// A started emulator with a worker configured from its settings (plus `extra`), artifacts kept in memory and
/// retries that never sleep (their waits recorded).
struct EmulatorHarness {
    let emulator: Emulator<SeededState<DatadogWorld>>
    let worker: Worker
    let secrets: SecretRegistry
    let artifacts = MemoryArtifacts()
    let sleeps: Sleeps

    static func with(
        _ extra: [String: String] = [:],
        seed: (@Sendable (inout DatadogWorld) -> Void)? = nil,
        _ body: (EmulatorHarness) async throws -> Void
    ) async throws {
        let now = Date().timeIntervalSince1970
        let emulator = try await Emulator.start(
            try DatadogEmulator.definition(
                seed: { world in
                    DatadogDemo.fill(&world, now: now)
                    seed?(&world)
                }
            ),
            port: 0
        )
        do {
            let secrets = SecretRegistry()
            let configuration = try DatadogConfiguration(
                environment: emulator.workerSettings.merging(extra) { _, new in new },
                secrets: secrets
            )
            let sleeps = Sleeps()
            let worker = try DatadogWorker.make(
                configuration: configuration,
                retryClock: ManualDateClock().retryClock(recording: sleeps)
            )
            try await body(EmulatorHarness(emulator: emulator, worker: worker, secrets: secrets, sleeps: sleeps))
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    /// Runs one job of `action` (`job.datadog.<action>`).
    func run(_ action: String, _ input: JSONValue, dryRun: Bool = false) async -> JobOutcome {
        await runJob(
            worker,
            topic: "job.datadog.\(action)",
            input,
            secrets: secrets,
            dryRun: dryRun,
            artifacts: artifacts.writer(secrets)
        )
    }
}
