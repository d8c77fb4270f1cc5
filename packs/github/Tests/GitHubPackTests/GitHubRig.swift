import EmulatorKit
import Foundation
import GitHubEmulator
import GitHubWorker
import PackHost
import StructuredData
import Testing
import WorkerKit
import WorkflowEngine

/// The github pack installed into an embedded host, the GitHub emulator with its demo seed on loopback, and the
/// GitHub worker in-process pointed at it with the emulator's token (merges enabled by name, as an operator would).
struct GitHubRig {
    static let tenant = "default"
    static let repo = GitHubDemo.repo

    let directory: URL
    let services: HostServices
    let emulator: GitHubEmulator
    let clock: ManualClock

    var host: PackHost { services.host }
    var state: GitHubState { emulator.state }

    /// The pack folder, found from this file (`packs/github/Tests/GitHubPackTests/` → `packs/github/pack`).
    static var packPath: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("pack").path
    }

    /// - Parameter inProcessWorker: register the GitHub worker inside the host (false when a test runs the
    ///   `cordum-github` executable over CAP instead).
    static func start(inProcessWorker: Bool = true) async throws -> GitHubRig {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gh-pack-\(UUID().uuidString)")
        let clock = ManualClock()
        let services = try HostServices.open(paths: HostPaths(dataDirectory: directory.path), clock: clock)
        let installed = try services.installer.install(path: packPath)
        #expect(installed.applied)
        try await services.configurationChanged()
        let emulator = try await GitHubEmulator.start()
        let rig = GitHubRig(directory: directory, services: services, emulator: emulator, clock: clock)
        guard inProcessWorker else { return rig }
        let secrets = SecretRegistry()
        let configuration = try GitHubConfiguration(
            environment: [
                "CORDUM_GITHUB_BASE_URL": emulator.baseURL,
                "CORDUM_GITHUB_TOKEN": GitHubDemo.token,
                "CORDUM_GITHUB_ALLOW_ACTIONS": "*,pulls.merge",
            ],
            secrets: secrets
        )
        try await services.host.register(
            InProcessWorker(GitHubWorker.make(configuration: configuration), pool: "github", secrets: secrets)
        )
        return rig
    }

    /// Moves the host's clock by `seconds`, ticks, and lets the work that released finish.
    func advance(seconds: Int64) async throws {
        clock.advance(milliseconds: seconds * 1000)
        try await host.tick()
        await host.settle()
    }

    func stop() async {
        await host.settle()
        await emulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    /// Starts a run and lets every job it can run finish.
    func start(_ workflow: String, _ input: JSONValue, dryRun: Bool = false) async throws -> String {
        let started = try await host.startRun(
            workflowID: workflow,
            input: input,
            tenant: Self.tenant,
            principal: "alice",
            dryRun: dryRun
        )
        await host.settle()
        return started.id
    }

    func run(_ id: String) async throws -> RunState {
        try await host.run(id, tenant: Self.tenant)
    }

    /// The job of a step of a run.
    func job(_ run: RunState, _ step: String) async throws -> HostJob {
        let jobID = try #require(run.steps[step]?.jobID, "step \(step) has no job")
        return try await host.job(jobID, tenant: Self.tenant)
    }

    /// The pending approvals.
    func pending() async throws -> [Approval] {
        try await host.approvals(tenant: Self.tenant)
    }

    /// Approves `approval` as bob, bound to the digest he was shown, and lets the jobs it released finish.
    func approve(_ approval: Approval, reason: String = "reviewed") async throws {
        let granted = try await host.approve(
            approval.id,
            tenant: Self.tenant,
            principal: "bob",
            reason: reason,
            expectedDigest: approval.digest
        )
        #expect(granted.status == .consumed || granted.status == .approved)
        await host.settle()
    }

    /// The requests that changed something at the emulator (every method but GET).
    var writes: [RecordedRequest] {
        emulator.requestLog.entries.filter { $0.method != "GET" }
    }

    /// The label names of an issue at the emulator.
    func labels(of issue: Int) -> [String] {
        (state.issue(Self.repo, issue)?["labels"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
    }

    /// The assignee logins of an issue at the emulator.
    func assignees(of issue: Int) -> [String] {
        (state.issue(Self.repo, issue)?["assignees"]?.arrayValue ?? []).compactMap { $0["login"]?.stringValue }
    }
}
