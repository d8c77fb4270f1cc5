import Foundation
import ServerTesting

/// Runs the built `packctl` binary, as a user would.
struct PackctlRunner {
    /// What a run printed and how it exited.
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The repository root, found from this file's path.
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// The binary, next to the test bundle in the build folder.
    static var binary: String {
        var folder = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = folder.appendingPathComponent("packctl").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            folder = folder.deletingLastPathComponent()
        }
        return repositoryRoot + "/.build/debug/packctl"
    }

    /// Runs `packctl` with arguments from the repository root, optionally feeding standard input and adding
    /// environment variables.
    static func runBlocking(
        _ arguments: [String],
        stdin: String? = nil,
        environment extra: [String: String] = [:]
    ) throws -> Output {
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        environment.merge(extra) { _, new in new }
        let output = try CapturedRun.run(
            binary,
            arguments,
            stdin: stdin.map { Data($0.utf8) },
            environment: environment,
            directory: repositoryRoot
        )
        return Output(
            status: output.status,
            stdout: String(decoding: output.stdout, as: UTF8.self),
            stderr: String(decoding: output.stderr, as: UTF8.self)
        )
    }

    /// Runs `packctl` (``runBlocking(_:stdin:environment:)``) on a dispatch thread: a test waiting for a child never
    /// holds a thread of the cooperative pool (two on a 2-core machine), which would stall every other test in the
    /// process — the servers, emulators and bus clients whose handshakes have timeouts.
    static func run(_ arguments: [String], stdin: String? = nil, environment: [String: String] = [:])
        async throws -> Output
    {
        try await withCheckedThrowingContinuation { continuation in
            launches.async {
                continuation.resume(with: Result { try runBlocking(arguments, stdin: stdin, environment: environment) })
            }
        }
    }

    /// One run at a time: each is a whole `packctl` process, and dozens at once on a two-core machine would starve the
    /// servers and emulators other tests run in this process.
    private static let launches = DispatchQueue(label: "packctl-runner")

    /// Writes text to a new temporary file and returns its path.
    static func temporaryFile(_ text: String, name: String = "file.yaml") throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("packctl-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }
}
