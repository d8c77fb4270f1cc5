import EmulatorKit
import GitHubEmulator
import GitHubWorker
import Logging
import NIOHTTP1
import StructuredData
import Testing
import WorkerKit
import _CryptoExtras

/// Installation tokens and cached answers belong to the credential, not to the profile name that carries it: before,
/// the token cache was keyed by profile name, so a job's inline App credential under the name of a configured App
/// profile was served that App's cached installation token.
@Suite("GitHub credentials are cached by identity, not by profile name")
struct CredentialIdentityTests {
    /// Starts the harness with a second App (43, installed on acme as installation 8) and inline auth allowed.
    static func start() async throws -> EmulatorHarness {
        let harness = try await EmulatorHarness(["CORDUM_GITHUB_ALLOW_INLINE_AUTH": "true"])
        try harness.emulator.state.registerApp(
            id: 43,
            slug: "other-app",
            publicKeyPEM: TestKeys.other.publicKey.pemRepresentation
        )
        try harness.emulator.state.addInstallation(id: 8, appID: 43, account: "acme")
        return harness
    }

    /// Runs a job on profile "app" with inline `auth` (which the pack's input schema does not describe, so not
    /// through the harness's schema check).
    static func run(_ harness: EmulatorHarness, _ action: String, _ input: JSONValue) async -> JobOutcome {
        var fields = input.objectValue ?? [:]
        fields["repo"] = .string(GitHubDemo.repo)
        fields["profile"] = "app"
        return await runJob(harness.worker, action, .object(fields), secrets: harness.secrets)
    }

    @Test func anInlineCredentialIsNeverServedTheConfiguredAppsToken() async throws {
        let harness = try await Self.start()
        defer { Task { await harness.stop() } }
        let exchanges = { (installation: Int) in
            harness.requests("POST", "/app/installations/\(installation)/access_tokens").count
        }
        // The configured App profile "app" gets (and caches) installation 7's token.
        #expect(await harness.run("repos.get", profile: "app").output?["status_code"] == 200)
        let configuredToken = try #require(await harness.client.cachedToken(for: try harness.profile("app")))
        #expect(exchanges(7) == 1)

        // Same profile name, same App and installation ids, but a key that is not the App's: the cached token
        // must not be used; the worker signs with the given key, and GitHub refuses it.
        let forged: JSONValue = [
            "app_id": "42", "app_installation_id": "7",
            "app_private_key": .string(TestKeys.other.pemRepresentation),
        ]
        let refused = await Self.run(harness, "repos.get", ["auth": forged])
        #expect(refused.code?.hasSuffix("unauthorized") == true, "\(refused)")
        #expect(exchanges(7) == 2)
        #expect(harness.requests("GET", "/repos/acme/widgets").count == 1)

        // Another App's inline credential under the same name gets that App's own installation token.
        let other: JSONValue = [
            "app_id": "43", "app_installation_id": "8",
            "app_private_key": .string(TestKeys.other.pemRepresentation),
        ]
        let comment = await Self.run(
            harness,
            "issues.comment",
            ["issue_number": 1, "body": "from the other app", "auth": other]
        )
        #expect(comment.output?["status_code"] == 201, "\(comment)")
        #expect(comment.output?["result"]?["user"]?["login"] == "other-app[bot]")
        #expect(exchanges(8) == 1)
        // The configured profile still uses its own token, and no second exchange happened for it.
        #expect(await harness.run("repos.get", profile: "app").output?["status_code"] != nil)
        #expect(await harness.client.cachedToken(for: try harness.profile("app")) == configuredToken)
        #expect(exchanges(7) == 2)
    }

    @Test func cachedAnswersAreNotSharedBetweenCredentialsOfOneProfileName() async throws {
        let harness = try await Self.start()
        defer { Task { await harness.stop() } }
        let base = harness.emulator.baseURL
        let first = GitHubProfile(
            name: "p",
            baseURL: base,
            authentication: .app(GitHubAppCredentials(appID: "42", privateKey: TestKeys.app, installationID: "7"))
        )
        let second = GitHubProfile(
            name: "p",
            baseURL: base,
            authentication: .app(GitHubAppCredentials(appID: "43", privateKey: TestKeys.other, installationID: "8"))
        )
        let logger = Logger(label: "test")
        let url = base + "/repos/acme/widgets/issues/1"
        let one = try await harness.client.send(
            VendorRequest(url: url, headers: harness.client.baseHeaders(for: first)),
            profile: first,
            action: "issues.get",
            logger: logger
        )
        let two = try await harness.client.send(
            VendorRequest(url: url, headers: harness.client.baseHeaders(for: second)),
            profile: second,
            action: "issues.get",
            logger: logger
        )
        #expect(one.status == 200 && two.status == 200 && !two.fromCache)
        let firstToken = try #require(await harness.client.cachedToken(for: first))
        let secondToken = try #require(await harness.client.cachedToken(for: second))
        #expect(firstToken.value != secondToken.value)
        #expect(
            harness.requests("GET", "/repos/acme/widgets/issues/1").allSatisfy { $0.headers["if-none-match"] == nil }
        )
        // The same credential again: conditional, and served from the cache.
        let again = try await harness.client.send(
            VendorRequest(url: url, headers: harness.client.baseHeaders(for: first)),
            profile: first,
            action: "issues.get",
            logger: logger
        )
        #expect(again.status == 304 && again.fromCache && again.body == one.body)
        // Each credential acts as its own App: a comment made through each is signed by that App's bot.
        for (profile, bot) in [(first, "cordum-test[bot]"), (second, "other-app[bot]")] {
            let comment = try await harness.client.send(
                .json(
                    .POST,
                    url: base + "/repos/acme/widgets/issues/1/comments",
                    body: ["body": "hi"],
                    headers: harness.client.baseHeaders(for: profile)
                ),
                profile: profile,
                action: "issues.comment",
                logger: logger
            )
            #expect(try comment.json()["user"]?["login"] == .string(bot))
        }
        // Same name, same App and installation ids, another key: a new exchange (refused), never the cached token.
        let forged = GitHubProfile(
            name: "p",
            baseURL: base,
            authentication: .app(GitHubAppCredentials(appID: "42", privateKey: TestKeys.other, installationID: "7"))
        )
        await #expect(throws: WorkerError.self) {
            try await harness.client.send(
                VendorRequest(url: url, headers: harness.client.baseHeaders(for: forged)),
                profile: forged,
                action: "issues.get",
                logger: logger
            )
        }
        #expect(harness.requests("POST", "/app/installations/7/access_tokens").count == 2)
        #expect(harness.requests("GET", "/repos/acme/widgets/issues/1").count == 3)
    }
}
