public import EmulatorKit
public import WorkerKit

/// A pack's worker against its emulator, without a host: what a pack's worker tests run jobs on with `runJob`.
///
/// The emulator starts on a free 127.0.0.1 port; the worker reads the settings the emulator publishes (plus the
/// test's own, minus the names it removes) and a retry clock that records its sleeps instead of sleeping; the
/// emulator stops after `body`, also when the body or the worker's configuration throws.
///
/// ```swift
/// try await withEmulatedWorker(try JiraEmulator.definition(), environment: ["JIRA_MAX_PAGES": "2"]) {
///     environment, secrets, clock in
///     try JiraWorker.make(configuration: try JiraConfiguration(environment: environment, secrets: secrets),
///                         retryClock: clock)
/// } body: { emulator, worker, secrets in
///     let answer = await runJob(worker, topic: "job.jira.issues.get", ["issue": "OPS-1"], secrets: secrets)
/// }
/// ```
///
/// - Parameters:
///   - definition: the emulator.
///   - environment: settings added to (or replacing) the emulator's.
///   - removing: setting names to leave out (a test of a missing setting).
///   - sleeps: where the worker's retry waits are recorded.
///   - prepare: changes to the emulator's state before the worker is made.
///   - makeWorker: the pack's worker from the settings, the secret registry and the retry clock.
///   - body: the test, with the running emulator, the worker and its secret registry.
public func withEmulatedWorker<State: Sendable>(
    _ definition: EmulatorDefinition<State>,
    environment: [String: String] = [:],
    removing: [String] = [],
    sleeps: Sleeps = Sleeps(),
    prepare: (Emulator<State>) throws -> Void = { _ in },
    worker makeWorker: (_ environment: [String: String], _ secrets: SecretRegistry, _ retryClock: RetryClock) throws
        -> Worker,
    body: (Emulator<State>, Worker, SecretRegistry) async throws -> Void
) async throws {
    let emulator = try await Emulator.start(definition, port: 0)
    do {
        try prepare(emulator)
        var settings = emulator.workerSettings.merging(environment) { _, given in given }
        for name in removing { settings[name] = nil }
        let secrets = SecretRegistry()
        let worker = try makeWorker(settings, secrets, ManualDateClock().retryClock(recording: sleeps))
        try await body(emulator, worker, secrets)
    } catch {
        await emulator.stop()
        throw error
    }
    await emulator.stop()
}
