import Foundation
import GRDB
import PackHost
import ServerTesting
import Testing
import WorkflowEngine

/// Kills a real host process (`PackHostCrashChild`) with SIGKILL at random moments while it runs workflows with
/// approvals and a side effect, restarts it on the same data directory, and checks that nothing was lost or
/// repeated: every run succeeds, each side effect happened once per idempotency key, each job's result was
/// recorded once, and the audit chain verifies. `HOST_CRASH_KILLS` sets how many kills (default 12).
@Suite struct HostCrashTests {
    static var child: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
            .appendingPathComponent("PackHostCrashChild")
    }

    static func launch(_ data: String, runs: Int) throws -> SpawnedProcess {
        try SpawnedProcess(child.path, arguments: [data, StaticCatalog.helloPath, String(runs)])
    }

    @Test func killedHostsLoseAndRepeatNothing() throws {
        let kills = Int(ProcessInfo.processInfo.environment["HOST_CRASH_KILLS"] ?? "") ?? 12
        // Enough work that the first launches are still running when their kill lands (the host got faster).
        let runs = 10
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("host-crash-\(UUID().uuidString)").path
        var random = GovernancePropertyTests.Generator(state: 2026)
        var killed = 0
        for _ in 0..<kills {
            let process = try Self.launch(data, runs: runs)
            usleep(UInt32(30_000 + random.int(220_000)))
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                killed += 1
            }
            process.waitForExit()
        }
        // The last start runs to the end.
        let last = try Self.launch(data, runs: runs)
        #expect(last.waitForExit() == .exited(0))
        #expect(killed > 0, "every launch finished before its kill landed")

        let paths = HostPaths(dataDirectory: data)
        let runStore = try SQLiteRunStore(path: paths.runDatabase)
        let database = try HostDatabase(path: paths.hostDatabase)
        // Nothing lost: every run exists once and succeeded.
        let runIDs = try runStore.runIDs(orgID: "default", workflowID: "hello.greet-and-sign", status: nil, limit: 100)
        #expect(runIDs.count == runs)
        for id in runIDs { #expect(try runStore.loadRun(id)?.status == .succeeded, "run \(id)") }
        // Nothing repeated: one side effect per key, one recorded result per job.
        let effects = try String(contentsOfFile: data + "/effects.log", encoding: .utf8).split(separator: "\n")
        let keys = effects.map { $0.split(separator: " ")[0] }
        #expect(keys.count == runs && Set(keys).count == runs, "side effects: \(effects.joined(separator: "; "))")
        let results = try database.read { db in
            try String.fetchAll(db, sql: "SELECT subject FROM audit_log WHERE kind = 'job.result'")
        }
        #expect(results.count == Set(results).count)
        let verification = try AuditStore(database: database).verify(anchor: nil)
        #expect(verification.ok)
    }
}
