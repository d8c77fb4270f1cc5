import EmulatorKit
import GitHubEmulator
import GitHubWorker
import PackHost
import PackTesting
import StructuredData
import WorkflowEngine

/// PackTesting's rig for the github pack (the pack installed into an embedded host, the worker in-process with the
/// emulator's settings), with the GitHub emulator itself at hand so tests can read and change its state.
struct GitHubRig {
    static let tenant = PackRig.tenant
    static let repo = GitHubDemo.repo

    let rig: PackRig
    let emulator: GitHubEmulator

    var host: PackHost { rig.host }
    var clock: ManualClock { rig.clock }
    var state: GitHubState { emulator.state }

    func start(_ workflow: String, _ input: JSONValue, dryRun: Bool = false) async throws -> String {
        try await rig.start(workflow, input, dryRun: dryRun)
    }

    func run(_ id: String) async throws -> RunState { try await rig.run(id) }

    func job(_ run: RunState, _ step: String) async throws -> HostJob { try await rig.job(run, step) }

    func pending() async throws -> [Approval] { try await rig.pending() }

    /// Approves as bob (alice started the run), bound to the digest he was shown.
    func approve(_ approval: Approval, reason: String = "reviewed") async throws {
        try await rig.approve(approval, reason: reason)
    }

    func advance(seconds: Int64) async throws { try await rig.advance(seconds: seconds) }

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

/// Runs `body` with a ``GitHubRig`` and tears it down however `body` ends.
/// - Parameter inProcessWorker: register the GitHub worker inside the host (false when a test runs the
///   `cordum-github` executable over CAP instead).
func withGitHubRig<Result>(
    inProcessWorker: Bool = true,
    _ body: (GitHubRig) async throws -> Result
) async throws -> Result {
    let pack = try PackUnderTest(id: "github", worker: GitHubWorker.registration, emulator: nil)
    let emulator = try await GitHubEmulator.start()
    let running = RunningEmulator(
        baseURL: emulator.baseURL,
        workerSettings: ["CORDUM_GITHUB_BASE_URL": emulator.baseURL, "CORDUM_GITHUB_TOKEN": GitHubDemo.token],
        demo: "demo repository \(GitHubDemo.repo)",
        stop: { await emulator.stop() }
    )
    return try await withPackRig(pack, PackRigOptions(emulator: running, inProcessWorker: inProcessWorker)) { rig in
        try await body(GitHubRig(rig: rig, emulator: emulator))
    }
}
