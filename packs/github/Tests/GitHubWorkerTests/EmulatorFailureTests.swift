import EmulatorKit
import Foundation
import GitHubEmulator
import GitHubWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// GitHub's failure modes, injected by the emulator, mapped to the pack's error codes; and that no secret ever
/// shows in a result or an error.
@Suite("GitHub worker failures against the emulator")
struct EmulatorFailureTests {
    @Test func statusesMapToThePacksCodes() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        let state = harness.emulator.state
        let sha = try #require(GitHubDemo.pullHeadSHA(in: state))

        let unauthorized = await harness.run("repos.get", profile: "bad")
        #expect(unauthorized.code == "unauthorized")
        #expect(unauthorized.error?.message.contains("Bad credentials") == true)
        #expect(unauthorized.error?.retryable == false)

        let forbidden = await harness.run("issues.comment", ["issue_number": 1, "body": "x"], profile: "readonly")
        #expect(forbidden.code == "forbidden")

        let missing = await harness.run("issues.get", ["issue_number": 999])
        #expect(missing.code == "not_found")
        #expect(missing.error?.message.contains("request id") == true)

        let moved = await harness.run(
            "pulls.merge",
            ["pull_number": 4, "expected_head_sha": .string(String(repeating: "0", count: 40))]
        )
        #expect(moved.code == "github_head_changed")

        try state.setMergeable("acme/widgets", pull: 4, false)
        let blocked = await harness.run("pulls.merge", ["pull_number": 4, "expected_head_sha": .string(sha)])
        #expect(blocked.code == "github_not_mergeable")
        #expect(state.pull("acme/widgets", 4)?["merged"] == false)

        let duplicate = await harness.run("releases.create", ["tag_name": "v1.0.0"])
        #expect(duplicate.code == "validation_failed")
        #expect(duplicate.error?.message.contains("errors: [") == true)

    }

    /// 5xx: GETs are retried, then fail as github_unavailable (retryable); a POST is not retried (it may have
    /// been applied).
    @Test func serverErrorsAreRetryableAndRetriedForReadsOnly() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        _ = try harness.emulator.faults.add(FaultRule(path: "/repos/**", status: 500, count: 100))
        let read = await harness.run("repos.get")
        #expect(read.code == "unavailable")
        #expect(read.error?.retryable == true)
        #expect(harness.requests("GET", "/repos/acme/widgets").count == 4)
        let write = await harness.run("issues.create", ["title": "x"])
        #expect(write.code == "unavailable")
        #expect(harness.requests("POST", "/repos/acme/widgets/issues").count == 1)
        // One failure, then success: the retry makes the read succeed.
        harness.emulator.faults.clear()
        _ = try harness.emulator.faults.add(FaultRule(path: "/repos/**", status: 502, count: 1))
        #expect(await harness.run("repos.get").output?["status_code"] == 200)
    }

    /// A secondary rate limit (429 + Retry-After) is waited out when short, then the call succeeds.
    @Test func shortRetryAfterIsWaitedOut() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        try harness.emulator.secondaryRateLimit(method: "GET", path: "/repos/**", count: 1, retryAfter: 2)
        let output = try #require(await harness.run("repos.get").output)
        #expect(output["status_code"] == 200)
        #expect(harness.sleeps.all == [.seconds(2)])
    }

    /// A Retry-After longer than CORDUM_GITHUB_RATE_LIMIT_MAX_WAIT fails at once, retryable, with the time.
    @Test func longRetryAfterFailsWithTheTime() async throws {
        let harness = try await EmulatorHarness(["CORDUM_GITHUB_RATE_LIMIT_MAX_WAIT": "30s"])
        defer { Task { await harness.stop() } }
        try harness.emulator.secondaryRateLimit(method: "POST", path: "/repos/**", count: 5, retryAfter: 120)
        let outcome = await harness.run("issues.create", ["title": "x"])
        #expect(outcome.code == "rate_limited")
        #expect(outcome.error?.retryable == true)
        #expect(outcome.error?.message.contains("retry after 120 s") == true)
        #expect(outcome.error?.message.contains("secondary") == true)
        #expect(harness.sleeps.all.isEmpty)
        #expect(harness.requests("POST", "/repos/acme/widgets/issues").count == 1)
    }

    /// The primary limit (403, x-ratelimit-remaining 0): wait for the reset when it is within the maximum wait,
    /// else fail with the reset time.
    @Test func exhaustedPrimaryLimit() async throws {
        let failing = try await EmulatorHarness()
        defer { Task { await failing.stop() } }
        failing.emulator.state.exhaustRateLimit(token: GitHubDemo.token, limit: 5000)
        let outcome = await failing.run("repos.get")
        #expect(outcome.code == "rate_limited")
        #expect(outcome.error?.retryable == true)
        #expect(outcome.error?.message.contains("resets at") == true, "\(outcome)")

        let waiting = try await EmulatorHarness(["CORDUM_GITHUB_RATE_LIMIT_MAX_WAIT": "1h"])
        defer { Task { await waiting.stop() } }
        waiting.emulator.state.exhaustRateLimit(token: GitHubDemo.token, limit: 5000)
        let waited = await waiting.run("repos.get")
        let output = try #require(waited.output, "\(waited)")
        #expect(output["status_code"] == 200)
        #expect(waiting.sleeps.all.count == 1)
        #expect((waiting.sleeps.all.first ?? .zero) >= .seconds(3500))
    }

    /// No credential (tokens, the App key, JWTs, installation tokens) appears in any result or error.
    @Test func noSecretInAnyResultOrError() async throws {
        let harness = try await EmulatorHarness()
        defer { Task { await harness.stop() } }
        _ = await harness.run("repos.get")
        _ = await harness.run("repos.get", profile: "bad")
        _ = await harness.run("repos.get", profile: "app")
        _ = await harness.run("issues.create", ["title": "x", "dry_run": true], profile: "app")
        _ = await harness.run("issues.get", ["issue_number": 999], profile: "readonly")
        // Even when GitHub echoes a credential in its message, it is masked.
        _ = try harness.emulator.faults.add(
            FaultRule(
                path: "/repos/**",
                status: 422,
                body: [
                    "message": .string("bad token \(GitHubDemo.token)"),
                    "errors": [["code": .string(GitHubDemo.token)]],
                ],
                count: 1
            )
        )
        let echoed = await harness.run("issues.create", ["title": "x"])
        #expect(echoed.code == "validation_failed")
        let installationToken = await harness.client.cachedToken(for: try harness.profile("app"))?.value
        let secrets = harness.secretValues + [installationToken].compactMap { $0 }
        #expect(installationToken != nil)
        for text in harness.outcomes.texts {
            for secret in secrets {
                #expect(!text.contains(secret), "a secret leaked into: \(text.prefix(200))")
            }
        }
    }
}
