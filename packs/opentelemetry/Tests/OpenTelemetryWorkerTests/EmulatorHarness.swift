import EmulatorKit
import Foundation
import OpenTelemetryEmulator
import OpenTelemetryWorker
import PackTesting
import StructuredData
import WorkerKit

/// A started emulator with a worker configured from its settings (plus `extra`), artifacts kept in memory and
/// retries that never sleep.
struct EmulatorHarness {
    let emulator: Emulator<SeededState<TraceStore>>
    let worker: Worker
    let secrets: SecretRegistry
    let artifacts = MemoryArtifacts()

    static func with(
        _ extra: [String: String] = [:],
        _ body: (EmulatorHarness) async throws -> Void
    ) async throws {
        let emulator = try await Emulator.start(try OpenTelemetryEmulator.definition(), port: 0)
        do {
            let secrets = SecretRegistry()
            let configuration = try OpenTelemetryConfiguration(
                environment: emulator.workerSettings.merging(extra) { _, new in new },
                secrets: secrets
            )
            let worker = try OpenTelemetryWorker.make(
                configuration: configuration,
                retryClock: ManualDateClock().retryClock(recording: Sleeps())
            )
            try await body(EmulatorHarness(emulator: emulator, worker: worker, secrets: secrets))
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    /// Runs one job of `action` (`job.opentelemetry.<action>`).
    func run(_ action: String, _ input: JSONValue) async -> JobOutcome {
        await runJob(
            worker,
            topic: "job.opentelemetry.\(action)",
            input,
            secrets: secrets,
            artifacts: artifacts.writer(secrets)
        )
    }
}

extension JSONValue {
    /// The element at `index` of an array, or `nil`.
    subscript(_ index: Int) -> JSONValue? {
        guard let array = arrayValue, array.indices.contains(index) else { return nil }
        return array[index]
    }
}
