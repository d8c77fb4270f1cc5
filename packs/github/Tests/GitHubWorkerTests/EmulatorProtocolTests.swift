import CryptoExtras
import EmulatorKit
import Foundation
import GitHubEmulator
import GitHubWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// Pagination, conditional requests and the GitHub App token flow against the emulator.
@Suite("GitHub worker pagination, ETags and App auth against the emulator")
struct EmulatorProtocolTests {
    @Test func followsLinkUpToMaxPages() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        let all = try #require(await harness.run("issues.list", ["state": "all", "per_page": 1]).output)
        let numbers = all["items"]?.arrayValue?.compactMap { $0["number"]?.intValue } ?? []
        #expect(numbers.count == 4 && Set(numbers) == [1, 2, 3, 4])
        #expect(all["pages"] == 4 && all["truncated"] == false)
        let pageRequests = harness.requests("GET", "/repos/acme/widgets/issues")
        #expect(pageRequests.count == 4)
        #expect(pageRequests.allSatisfy { $0.headers["authorization"]?.hasPrefix("Bearer") == true })

        let capped = try #require(
            await harness.run("issues.list", ["state": "all", "per_page": 1, "max_pages": 2]).output
        )
        #expect(capped["items"]?.arrayValue?.count == 2)
        #expect(capped["pages"] == 2 && capped["truncated"] == true)

        let configured = try await EmulatorHarness(["CORDUM_GITHUB_MAX_PAGES": "3"])
        defer { Task { await configured.stop() } }
        let three = try #require(await configured.run("issues.list", ["state": "all", "per_page": 1]).output)
        #expect(three["pages"] == 3 && three["truncated"] == true)
    }

    /// A repeated GET is conditional: GitHub's 304 reuses the cached body and costs no rate limit.
    @Test func etagAnswersAreReused() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        let first = try #require(await harness.run("issues.get", ["issue_number": 1]).output)
        let second = try #require(await harness.run("issues.get", ["issue_number": 1]).output)
        #expect(first["status_code"] == 200 && first["cached"] == nil)
        #expect(second["status_code"] == 304 && second["cached"] == true)
        #expect(second["result"] == first["result"])
        #expect(second["rate_limit"]?["remaining"] == first["rate_limit"]?["remaining"])
        let requests = harness.requests("GET", "/repos/acme/widgets/issues/1")
        #expect(requests.count == 2)
        #expect(requests.last?.headers["if-none-match"] != nil)
        // A change makes GitHub send the new body.
        _ = await harness.run("issues.update", ["issue_number": 1, "title": "Renamed"])
        let third = try #require(await harness.run("issues.get", ["issue_number": 1]).output)
        #expect(third["status_code"] == 200)
        #expect(third["result"]?["title"] == "Renamed")
        // Pages are cached one by one, and pagination continues from cached pages.
        let list1 = try #require(await harness.run("issues.list", ["state": "all", "per_page": 2]).output)
        let list2 = try #require(await harness.run("issues.list", ["state": "all", "per_page": 2]).output)
        #expect(list2["items"] == list1["items"] && list2["pages"] == 2 && list2["cached"] == true)
    }

    @Test func appInstallationTokenIsObtainedCachedAndRefreshed() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        let exchanges = { harness.requests("POST", "/app/installations/7/access_tokens") }

        let first = try #require(await harness.run("issues.get", ["issue_number": 1], profile: "app").output)
        #expect(first["status_code"] == 200 && first["profile"] == "app")
        #expect(exchanges().count == 1)
        let token = try #require(await harness.client.cachedToken(for: try harness.profile("app")))
        let issueRequest = try #require(harness.requests("GET", "/repos/acme/widgets/issues/1").last)
        #expect(issueRequest.headers["authorization"]?.hasPrefix("Bearer ") == true)

        // Cached: a second job makes no exchange.
        _ = await harness.run("repos.get", profile: "app")
        #expect(exchanges().count == 1)

        // After the token's expiry (injected clock), a new one is exchanged.
        harness.clock.advance(3600)
        #expect(await harness.run("repos.get", profile: "app").output != nil)
        #expect(exchanges().count == 2)
        let renewed = try #require(await harness.client.cachedToken(for: try harness.profile("app")))
        #expect(renewed.value != token.value)

        // Revoked early: the 401 triggers one refresh, and the job succeeds.
        harness.emulator.state.revokeToken(renewed.value)
        #expect(
            await harness.run("issues.comment", ["issue_number": 1, "body": "via app"], profile: "app").output?[
                "status_code"
            ] == 201
        )
        #expect(exchanges().count == 3)
    }

    @Test func appWithTheWrongKeyIsUnauthorized() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        let otherKey = try _RSAKeyFactory.make()
        let emulator = harness.emulator
        try emulator.state.registerApp(id: 43, slug: "other", publicKeyPEM: otherKey)
        // Profile "app" signs with TestKeys.app; claim it is app 43, whose key differs.
        let configuration = try GitHubConfiguration(
            environment: [
                "CORDUM_GITHUB_BASE_URL": emulator.baseURL, "CORDUM_GITHUB_APP_ID": "43",
                "CORDUM_GITHUB_APP_INSTALLATION_ID": "7",
                "CORDUM_GITHUB_APP_PRIVATE_KEY": TestKeys.app.pemRepresentation,
            ]
        )
        let worker = GitHubWorker.make(configuration: configuration)
        let outcome = await runJob(
            worker,
            "repos.get",
            ["repo": "acme/widgets"],
            secrets: configuration.settings.secrets
        )
        #expect(outcome.code == "unauthorized")
        #expect(outcome.error?.message.contains("app_private_key") == true)
        #expect(outcome.error?.message.contains("PRIVATE KEY") == false)
    }

    /// Answers over CORDUM_GITHUB_ARTIFACT_THRESHOLD_BYTES go to an artifact; the output keeps what fits.
    @Test func largeAnswersGoToAnArtifact() async throws {
        let harness = try await EmulatorHarness(["CORDUM_GITHUB_ARTIFACT_THRESHOLD_BYTES": "3000"])
        defer { Task { await harness.stop() } }
        let store = MemoryArtifacts()
        let output = try #require(
            await harness.run("issues.list", ["state": "all"], artifacts: store.writer(harness.secrets)).output
        )
        let artifact = try #require(output["artifacts"]?.arrayValue?.first)
        #expect(artifact["field"] == "items" && artifact["media_type"] == "application/json")
        let pointer = try #require(artifact["pointer"]?.stringValue)
        let stored = try JSONParser.parse(String(decoding: try #require(store.content(pointer)), as: UTF8.self))
        #expect(stored.arrayValue?.count == 4)
        #expect(artifact["count"] == 4)
        #expect((output["items"]?.arrayValue?.count ?? 0) < 4)
        #expect(JSONEncoding.compact(output["items"] ?? []).utf8.count <= 3000)
        let pull = try #require(
            await harness.run("pulls.get", ["pull_number": 4], artifacts: store.writer(harness.secrets)).output
        )
        #expect(pull["artifacts"]?.arrayValue?.first?["field"] == "result")
        #expect(pull["result"]?["number"] == 4 && pull["result"]?["html_url"] != nil)
        #expect(pull["result"]?["head"] == nil)
        // Without an artifact store the whole answer stays in the output.
        let whole = try #require(await harness.run("issues.list", ["state": "all"]).output)
        #expect(whole["items"]?.arrayValue?.count == 4 && whole["artifacts"] == nil)
    }

    /// Concurrent jobs of one App profile share one token exchange.
    @Test func concurrentJobsShareOneExchange() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        async let first = harness.run("repos.get", profile: "app")
        async let second = harness.run("issues.get", ["issue_number": 1], profile: "app")
        async let third = harness.run("pulls.get", ["pull_number": 4], profile: "app")
        let outcomes = await [first, second, third]
        #expect(outcomes.allSatisfy { $0.output?["status_code"] == 200 })
        #expect(harness.requests("POST", "/app/installations/7/access_tokens").count == 1)
    }
}
