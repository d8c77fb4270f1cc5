import Foundation
import GitHubEmulator
import PackHost
import PackTesting
import ServerTesting
import StructuredData
import Testing
import WorkflowEngine

/// The `cordum-github` executable deployed on its own: a child process configured only from the environment,
/// joining the host over CAP (real nats-server and redis-server) and calling the GitHub emulator.
@Suite(.serialized) struct GitHubProcessTests {
    /// The built `cordum-github` next to the test bundle (or in the package's `.build/debug`).
    static func executable() throws -> URL {
        var candidates: [URL] = []
        var folder = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("cordum-github"))
            folder.deleteLastPathComponent()
        }
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/" {
            root.deleteLastPathComponent()
            candidates.append(root.appendingPathComponent(".build/debug/cordum-github"))
        }
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "cordum-github is not built; run swift build --build-tests first"
        )
    }

    @Test func theWorkerExecutableServesAReviewSummaryOverCAP() async throws {
        let nats = try await ServerProcess.nats()
        defer { nats.stop() }
        let redis = try await ServerProcess.redis()
        defer { redis.stop() }
        try await withGitHubRig(inProcessWorker: false) { rig in
            var configuration = CAPBridgeConfiguration(
                natsURL: "nats://127.0.0.1:\(nats.port)",
                redisURL: "redis://127.0.0.1:\(redis.port)"
            )
            configuration.sweepInterval = nil
            let bridge = try CAPBridge(host: rig.host, configuration: configuration, clock: rig.clock)
            try await bridge.start()
            do {
                try await Self.reviewSummaryOverCAP(rig, nats: nats, redis: redis)
            } catch {
                await bridge.stop()
                throw error
            }
            await bridge.stop()
        }
    }

    /// Starts `cordum-github` against the bus and runs a review summary through it.
    static func reviewSummaryOverCAP(_ rig: GitHubRig, nats: ServerProcess, redis: ServerProcess) async throws {
        let child = try SpawnedProcess(
            try Self.executable().path,
            environment: [
                "CORDUM_WORKER_ID": "github-proc",
                "CORDUM_NATS_URL": "nats://127.0.0.1:\(nats.port)",
                "CORDUM_REDIS_URL": "redis://127.0.0.1:\(redis.port)",
                "CORDUM_GITHUB_HEARTBEAT_SECONDS": "1",
                "CORDUM_GITHUB_BASE_URL": rig.emulator.baseURL,
                "CORDUM_GITHUB_TOKEN_ENV": "GH_DEMO_TOKEN",
                "GH_DEMO_TOKEN": GitHubDemo.token,
                "PATH": "/usr/bin:/bin",
            ]
        )
        defer { child.signal(SIGKILL) }
        #expect(
            try await eventually(timeout: .seconds(60)) {
                await rig.host.workerStatus().contains { $0.id == "github-proc" }
            }
        )

        let started = try await rig.host.startRun(
            workflowID: "github.pr.review-summary",
            input: ["repo": .string(GitHubRig.repo), "pull_number": 4],
            tenant: GitHubRig.tenant,
            principal: "alice"
        )
        #expect(try await eventually(timeout: .seconds(60)) { try await !rig.pending().isEmpty })
        try await rig.approve(try #require(try await rig.pending().first))
        var run = try await rig.run(started.id)
        #expect(
            try await eventually(timeout: .seconds(60)) {
                run = try await rig.run(started.id)
                return run.status.isTerminal
            }
        )
        #expect(run.status == .succeeded)
        let comment = try await rig.job(run, "comment")
        #expect(comment.workerID == "github-proc")
        #expect(comment.result?["status_code"]?.intValue == 201)
        #expect(comment.result?["request_id"]?.stringValue?.isEmpty == false)
        #expect(
            rig.state.comments(GitHubRig.repo, issue: 4).last?["body"]?.stringValue?.hasPrefix("### Review") == true
        )
        // The token never leaves the worker: it is in no job (input, result, error) and no audit record.
        let jobs = try await rig.host.jobs(tenant: GitHubRig.tenant).map { JSONEncoding.compact($0.json) }
        #expect(!jobs.isEmpty && !jobs.contains { $0.contains(GitHubDemo.token) })
        let audit = try rig.rig.services.audit.records(tenant: nil).map { JSONEncoding.compact($0.event.data) }
        #expect(!audit.isEmpty && !audit.contains { $0.contains(GitHubDemo.token) })

        child.signal(SIGKILL)
        await child.exit()
    }
}
