import Foundation

/// The `cordum-hello` worker process: started with its environment pointing at the benchmark's servers, timed to
/// its first heartbeat, and measured (VmRSS from `/proc/<pid>/status`) after it has idled.
///
/// The binary is `$CORDUM_HELLO_BINARY`, else `Benchmarks/.build/release/cordum-hello`, else
/// `<repository>/.build/release/cordum-hello` (build it with `swift build -c release --product cordum-hello` in
/// `Benchmarks/` or at the repository root).
enum HelloProcess {
    static func binary() throws -> String {
        if let path = ProcessInfo.processInfo.environment["CORDUM_HELLO_BINARY"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else {
                throw BenchFailure("CORDUM_HELLO_BINARY is \(path), which is not an executable file")
            }
            return path
        }
        let benchmarks = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let candidates = [
            benchmarks.appendingPathComponent(".build/release/cordum-hello").path,
            benchmarks.deletingLastPathComponent().appendingPathComponent(".build/release/cordum-hello").path,
        ]
        guard let path = candidates.first(where: FileManager.default.isExecutableFile(atPath:)) else {
            throw BenchFailure(
                "no release build of cordum-hello at \(candidates.joined(separator: " or ")): run "
                    + "`swift build -c release --product cordum-hello` in Benchmarks/ (or at the repository root), "
                    + "or set CORDUM_HELLO_BINARY to a release build of cordum-hello"
            )
        }
        return path
    }

    /// What one start measured.
    struct Measurement {
        /// From just before the spawn to the first heartbeat seen on NATS.
        let startUp: Duration
        /// VmRSS after idling, in KiB.
        let idleResidentKiB: Int
    }

    /// Spawns cordum-hello as `workerID`, waits for its first heartbeat, lets it idle for `idle`, reads its RSS,
    /// then stops it with SIGTERM (a drain) and waits for it.
    static func measure(bench: CAPBench, workerID: String, idle: Duration) async throws -> Measurement {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try binary())
        var environment = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"]
        environment["CORDUM_NATS_URL"] = "nats://127.0.0.1:\(bench.natsServer.port)"
        environment["CORDUM_REDIS_URL"] = "redis://127.0.0.1:\(bench.redisServer.port)"
        environment["CORDUM_WORKER_ID"] = workerID
        environment["CORDUM_HELLO_HEARTBEAT_SECONDS"] = "1"
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        let start = ContinuousClock.now
        try process.run()
        defer {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        guard await bench.results.waitForHeartbeat(from: workerID, timeout: .seconds(10)),
            let first = bench.results.firstHeartbeat(from: workerID)
        else {
            throw BenchFailure("cordum-hello (\(workerID)) sent no heartbeat within 10 seconds")
        }
        try await Task.sleep(for: idle)
        let resident = try residentKiB(pid: process.processIdentifier)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        return Measurement(startUp: first - start, idleResidentKiB: resident)
    }

    /// VmRSS of a process, in KiB.
    static func residentKiB(pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
            let value = line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.flatMap({
                Int($0)
            })
        else { throw BenchFailure("/proc/\(pid)/status has no VmRSS line") }
        return value
    }
}
