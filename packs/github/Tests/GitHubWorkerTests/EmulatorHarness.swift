import CryptoExtras
import EmulatorKit
import Foundation
import GitHubEmulator
import GitHubWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit
import _CryptoExtras

/// A GitHub emulator and a worker pointed at it, sharing one hand-moved clock; every result and error message
/// is collected so tests can prove no secret leaked.
final class EmulatorHarness: Sendable {
    static let appID = 42
    static let installationID = 7

    let emulator: GitHubEmulator
    let clock: ManualDateClock
    let sleeps = Sleeps()
    let secrets: SecretRegistry
    let configuration: GitHubConfiguration
    let client: GitHubClient
    let worker: Worker
    let outcomes = OutcomeLog()

    /// Starts an emulator (demo seed, App 42 installed on acme as installation 7) and a worker with profiles
    /// `demo` (the demo token), `readonly`, `bad` (an unknown token) and `app` (the GitHub App).
    init(_ extra: [String: String] = [:], tokenLifetime: Duration = .seconds(3600)) async throws {
        let clock = ManualDateClock()
        self.clock = clock
        emulator = try await GitHubEmulator.start(
            GitHubEmulator.Configuration(
                installationTokenLifetime: tokenLifetime,
                clock: { clock.now.timeIntervalSince1970 }
            )
        )
        try emulator.state.registerApp(
            id: Self.appID,
            slug: "cordum-test",
            publicKeyPEM: TestKeys.app.publicKey.pemRepresentation
        )
        try emulator.state.addInstallation(id: Self.installationID, appID: Self.appID, account: "acme")
        let base = emulator.baseURL
        var environment = [
            "CORDUM_GITHUB_PROFILES": """
            [{"name": "demo", "base_url": "\(base)", "token_env": "DEMO_TOKEN"},
             {"name": "readonly", "base_url": "\(base)", "token_env": "READONLY_TOKEN", "token_type": "token"},
             {"name": "bad", "base_url": "\(base)", "token": "ghp_notAKnownToken11111111111111111111"},
             {"name": "app", "base_url": "\(base)", "app_id": \(Self.appID),
              "app_installation_id": "\(Self.installationID)", "app_private_key_env": "APP_KEY"}]
            """,
            "DEMO_TOKEN": GitHubDemo.token, "READONLY_TOKEN": GitHubDemo.readOnlyToken,
            "APP_KEY": TestKeys.app.pemRepresentation, "CORDUM_GITHUB_DEFAULT_PROFILE": "demo",
            "CORDUM_GITHUB_ALLOW_ACTIONS": "pulls.merge,refs.delete,releases.delete,*",
        ]
        environment.merge(extra) { $1 }
        let secrets = SecretRegistry()
        self.secrets = secrets
        configuration = try GitHubConfiguration(environment: environment, secrets: secrets)
        client = GitHubWorker.makeClient(
            configuration: configuration,
            clock: clock.githubClock,
            retryClock: clock.retryClock(recording: sleeps)
        )
        worker = GitHubWorker.make(configuration: configuration, client: client)
    }

    func stop() async { await emulator.stop() }

    /// The pack's schemas (`packs/github/pack/schemas`), so every job proves the worker accepts what the pack
    /// declares and answers what it promises.
    static let schemas: PackSchemas = {
        do {
            return PackSchemas(try PackUnderTest(id: "github", worker: nil, emulator: nil).pack)
        } catch {
            fatalError("the github pack does not load: \(error)")
        }
    }()

    /// A configured profile.
    func profile(_ name: String) throws -> GitHubProfile {
        guard let profile = configuration.profiles[name] else { throw GitHubSeedError("no profile \(name)") }
        return profile
    }

    /// Runs `action` with `input` (repo defaults to the demo repository).
    func run(
        _ action: String,
        _ input: JSONValue = [:],
        profile: String? = nil,
        artifacts: ArtifactWriter = .unavailable
    ) async -> JobOutcome {
        var fields = input.objectValue ?? [:]
        if fields["repo"] == nil, action != "search.issues" { fields["repo"] = .string(GitHubDemo.repo) }
        if let profile { fields["profile"] = .string(profile) }
        let outcome = await runJob(worker, action, .object(fields), secrets: secrets, artifacts: artifacts)
        outcomes.append(outcome)
        for problem in Self.schemas.problems("job.github.\(action)", input: .object(fields), output: outcome.output) {
            Issue.record("\(problem)")
        }
        return outcome
    }

    /// The requests the emulator received for a path pattern.
    func requests(_ method: String? = nil, _ path: String) -> [RecordedRequest] {
        emulator.requestLog.entries(method: method, path: path)
    }

    /// Every secret the worker knows or obtained, for leak checks.
    var secretValues: [String] {
        [
            GitHubDemo.token, GitHubDemo.readOnlyToken, "ghp_notAKnownToken11111111111111111111",
            TestKeys.app.pemRepresentation,
        ]
    }
}
