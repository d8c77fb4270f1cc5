import Foundation
import GRDB
import ServerTesting
import StructuredData
import Testing
import WorkflowEngine

/// Crash recovery with real processes: `WorkflowEngineCrashChild` runs a workflow on a SQLite file and is
/// killed with SIGKILL at a seeded, random operation (store commit, outbox, dispatch, bus write); a new child
/// recovers and continues, until one finishes. Every run must end `succeeded` with exactly one terminal
/// status, every job the run recorded must have been dispatched, and no job id may be dispatched with two
/// different contents. Set `ENGINE_CRASH_RUNS` for more runs (default 50, each killed up to 8 times).
@Suite struct CrashRecoveryTests {
    static var child: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("WorkflowEngineCrashChild")
    }

    /// Runs the child and waits for it without holding a thread: the test's hundreds of children would otherwise keep
    /// one of the few cooperative threads every other test's tasks share.
    static func spawn(_ runs: String, _ bus: String, killAfter: Int) async throws -> (exitCode: Int32, killed: Bool) {
        let process = try SpawnedProcess(
            child.path,
            arguments: [runs, bus, String(killAfter)],
            standardOutput: .inherit
        )
        switch await process.exit() {
        case .exited(let code): return (code, false)
        case .signaled(let signal): return (signal, true)
        }
    }

    @Test func killedChildrenRecoverToOneTerminalState() async throws {
        let runs = Int(ProcessInfo.processInfo.environment["ENGINE_CRASH_RUNS"] ?? "") ?? 50
        var random = RandomDAGTests.SplitMix(state: 42)
        var kills = 0
        for index in 0..<runs {
            let runsPath = temporaryDatabase()
            let busPath = runsPath.replacingOccurrences(of: "runs.sqlite", with: "bus.sqlite")
            var finished = false
            for attempt in 0..<9 {
                let killAfter = attempt == 8 ? -1 : Int.random(in: 1...24, using: &random)
                let (code, killed) = try await Self.spawn(runsPath, busPath, killAfter: killAfter)
                if killed {
                    kills += 1
                    continue
                }
                #expect(code == 0, "run \(index): child exited with \(code)")
                finished = true
                break
            }
            #expect(finished, "run \(index) never finished")
            let state = try #require(try SQLiteRunStore(path: runsPath).loadRun("run-1"), "run \(index)")
            #expect(state.status == .succeeded, "run \(index): \(state.status)")
            let terminal = state.timeline.filter {
                $0.type == "run_status" && RunStatus(rawValue: $0.status ?? "")?.isTerminal == true
            }
            #expect(terminal.count == 1, "run \(index)")
            let bus = try DatabaseQueue(path: busPath)
            let dispatched = try await bus.read { db in Set(try String.fetchAll(db, sql: "SELECT job_id FROM jobs")) }
            let conflicts = try await bus.read { db in
                try Int.fetchOne(db, sql: "SELECT value FROM facts WHERE name = 'conflicts'") ?? 0
            }
            #expect(conflicts == 0, "run \(index)")
            #expect(Set(state.steps.values.compactMap(\.jobID)).isSubset(of: dispatched), "run \(index)")
            #expect(dispatched.count == state.steps.values.reduce(0) { $0 + $1.attempts }, "run \(index)")
        }
        print("crash recovery: \(runs) runs, \(kills) children killed")
        #expect(kills >= runs * 3, "only \(kills) kills")
    }
}
