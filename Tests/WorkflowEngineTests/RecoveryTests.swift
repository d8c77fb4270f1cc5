import StructuredData
import Synchronization
import Testing
import WorkflowEngine

/// Crash recovery, simulated in process: the store and dispatcher "die" after N operations (nothing more is
/// written or sent), a new runner opens the same SQLite file and recovers, and workers redeliver results
/// the dead runner did not take. For every crash point the run must reach exactly one terminal status, and
/// a job id must never be dispatched with two different contents.
@Suite struct RecoveryTests {
    static let workflow = try! Workflow.yaml(
        """
        id: demo.crash
        steps:
          a: {topic: t, retry: {max_retries: 1}}
          b: {topic: t, depends_on: [a], for_each: "steps.a.output", max_parallel: 2}
          c: {type: delay, delay_sec: 2, depends_on: [a]}
          d: {topic: t, depends_on: [b, c], timeout_sec: 30, retry: {max_retries: 1}}
          e: {type: notify, depends_on: [d], input: {message: done}}
        """
    )

    /// Plays the workflow with the given crash point; returns the final run and the dispatcher log.
    static func play(crashAfter operations: Int, failFirstAttemptOf failing: Set<String>) async throws -> (
        RunState, RecordingDispatcher.Log, Int
    ) {
        let path = temporaryDatabase()
        let clock = ManualClock()
        let ids = Counter()
        var crash: CrashSwitch? = CrashSwitch(after: operations)
        var dispatcher = RecordingDispatcher(crash: crash)
        var runner = WorkflowRunner(
            store: CrashingStore(try SQLiteRunStore(path: path), crash: crash!),
            dispatcher: dispatcher,
            clock: clock,
            makeID: ids.next
        )
        let shared = RecordingDispatcher()
        var answered: Set<String> = []
        var restarts = 0
        _ = try? await runner.start(workflow, input: [:], options: .init(runID: "run-1"))
        for _ in 0..<200 {
            if let crashSwitch = crash, crashSwitch.crashed {
                // The process died: merge what it sent, then start a new one on the same file, which recovers.
                shared.log.withLock { log in
                    for (id, job) in dispatcher.log.withLock({ $0.jobs }) where log.jobs[id] == nil {
                        log.jobs[id] = job
                        log.order.append(id)
                    }
                }
                restarts += 1
                crash = nil
                dispatcher = RecordingDispatcher()
                runner = WorkflowRunner(
                    store: try SQLiteRunStore(path: path),
                    dispatcher: dispatcher,
                    clock: clock,
                    makeID: ids.next
                )
                try await runner.recover()
                if try await runner.run("run-1") == nil {
                    _ = try await runner.start(workflow, input: [:], options: .init(runID: "run-1"))
                }
            }
            let sent = shared.log.withLock { $0.order } + dispatcher.log.withLock { $0.order }
            for jobID in sent where !answered.contains(jobID) {
                let step = String(jobID.split(separator: ":")[1].split(separator: "@")[0])
                let firstAttempt = jobID.hasSuffix("@1")
                let result: JobResult
                if step == "a" {
                    result =
                        firstAttempt && failing.contains("a")
                        ? JobResult(jobID: jobID, outcome: .failed, errorMessage: "flaky")
                        : JobResult(jobID: jobID, outcome: .succeeded, output: [1, 2, 3])
                } else if step == "d" && firstAttempt && failing.contains("d") {
                    result = JobResult(jobID: jobID, outcome: .timeout)
                } else {
                    result = JobResult(jobID: jobID, outcome: .succeeded, output: .string(step))
                }
                do {
                    try await runner.deliver(result)
                    if !(crash?.crashed ?? false) { answered.insert(jobID) }
                } catch {
                    // The runner died while taking the result: the bus redelivers it to the next process.
                }
            }
            if let state = try? await runner.run("run-1"), state.status.isTerminal, !(crash?.crashed ?? false) {
                break
            }
            if !(crash?.crashed ?? false) {
                clock.advance(milliseconds: 1000)
                _ = try? await runner.wakeDueRuns()
            }
        }
        shared.log.withLock { log in
            for (id, job) in dispatcher.log.withLock({ $0.jobs }) where log.jobs[id] == nil {
                log.jobs[id] = job
                log.order.append(id)
            }
        }
        let final = try #require(try SQLiteRunStore(path: path).loadRun("run-1"))
        return (final, shared.log.withLock { $0 }, restarts)
    }

    @Test(arguments: 0..<60)
    func crashAtEveryPointReachesOneTerminalState(operations: Int) async throws {
        for failing in [Set<String>(), ["a", "d"]] {
            let (state, log, restarts) = try await Self.play(crashAfter: operations, failFirstAttemptOf: failing)
            // The last crash point lies beyond the whole run, so the points before it cover every operation.
            if operations == 59 { #expect(restarts == 0) }
            #expect(state.status == .succeeded, "crash after \(operations), failing \(failing): \(state.status)")
            let terminal = state.timeline.filter {
                $0.type == "run_status" && RunStatus(rawValue: $0.status ?? "")?.isTerminal == true
            }
            #expect(terminal.count == 1)
            // Every job the run recorded was dispatched, and nothing else.
            let recorded = Set(state.steps.values.compactMap(\.jobID))
            #expect(recorded.isSubset(of: Set(log.jobs.keys)))
            let attempts = state.steps.values.reduce(0) { $0 + $1.attempts }
            #expect(log.jobs.count == attempts)
            #expect(state.steps["b"]?.output == ["b[0]", "b[1]", "b[2]"])
        }
    }
}
