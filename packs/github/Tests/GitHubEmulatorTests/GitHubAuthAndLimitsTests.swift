import EmulatorKit
import GitHubEmulator
import StructuredData
import Testing

@Suite("GitHub emulator: auth, rate limits, faults")
struct GitHubAuthAndLimitsTests {
    @Test("no credentials → 401 Requires authentication; unknown token → 401 Bad credentials; both schemes work")
    func authentication() async throws {
        let (emulator, base) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        var client = base
        client.authorization = nil
        let anonymous = try await client.get("/repos/acme/widgets")
        #expect(anonymous.status == 401)
        #expect(anonymous.message == "Requires authentication")
        client.authorization = "Bearer ghp_wrong"
        let wrong = try await client.get("/repos/acme/widgets")
        #expect(wrong.status == 401)
        #expect(wrong.message == "Bad credentials")
        client.authorization = "token \(GitHubDemo.token)"
        #expect(try await client.get("/repos/acme/widgets").status == 200)
        client.authorization = "Basic abc"
        #expect(try await client.get("/repos/acme/widgets").status == 401)
        #expect(
            emulator.requestLog.entries.allSatisfy { !($0.headers["authorization"] ?? "").contains(GitHubDemo.token) }
        )
    }

    @Test("anonymous access, when allowed, reads public repositories but cannot write")
    func anonymous() async throws {
        let (emulator, base) = try await GitHubTestClient.start(GitHubEmulator.Configuration(allowAnonymous: true))
        defer { Task { await emulator.stop() } }
        var client = base
        client.authorization = nil
        let read = try await client.get("/repos/acme/widgets")
        #expect(read.status == 200)
        #expect(read.headers["x-ratelimit-limit"] == "60")
        #expect(try await client.send("POST", "/repos/acme/widgets/issues", json: ["title": "x"]).status == 401)
    }

    @Test("configured tokens and repository-scoped grants")
    func configuredTokens() async throws {
        let (emulator, base) = try await GitHubTestClient.start(
            GitHubEmulator.Configuration(tokens: [
                "scoped": GitHubTokenGrant(login: "bob", repositories: ["acme/other"])
            ])
        )
        defer { Task { await emulator.stop() } }
        var client = base
        client.authorization = "Bearer scoped"
        #expect(try await client.get("/repos/acme/widgets").status == 404)
    }

    @Test("an exhausted budget answers 403 with remaining 0 and a reset time; a new window restores it")
    func primaryRateLimit() async throws {
        let clock = TestClock()
        let (emulator, client) = try await GitHubTestClient.start(
            GitHubEmulator.Configuration(
                rateLimit: GitHubRateLimitBudget(core: 2, coreWindowSeconds: 60),
                clock: clock.clock
            )
        )
        defer { Task { await emulator.stop() } }
        #expect(try await client.get("/repos/acme/widgets").headers["x-ratelimit-remaining"] == "1")
        #expect(try await client.get("/repos/acme/widgets").headers["x-ratelimit-remaining"] == "0")
        let limited = try await client.get("/repos/acme/widgets")
        #expect(limited.status == 403)
        #expect(limited.headers["x-ratelimit-remaining"] == "0")
        #expect(limited.message?.hasPrefix("API rate limit exceeded") == true)
        #expect(Int(limited.headers["x-ratelimit-reset"] ?? "") ?? 0 > Int(clock.seconds))
        clock.advance(61)
        #expect(try await client.get("/repos/acme/widgets").status == 200)
        let rate = try await client.get("/rate_limit")
        #expect(rate.json?["resources"]?["core"]?["limit"] == 2)
    }

    @Test("the secondary rate limit answers 429 with Retry-After, then clears")
    func secondaryRateLimit() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        try emulator.secondaryRateLimit(method: "POST", path: "/repos/*/*/issues", count: 1, retryAfter: 7)
        let limited = try await client.send("POST", "/repos/acme/widgets/issues", json: ["title": "x"])
        #expect(limited.status == 429)
        #expect(limited.headers["retry-after"] == "7")
        #expect(limited.message?.contains("secondary rate limit") == true)
        #expect(limited.headers["x-github-request-id"] != nil)
        #expect(try await client.send("POST", "/repos/acme/widgets/issues", json: ["title": "x"]).status == 201)
    }

    @Test("faults set over HTTP get GitHub's error body")
    func faultsOverHTTP() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let set = try await client.send(
            "POST",
            "/_emulator/faults",
            json: ["path": "/repos/**", "status": 502, "count": 1]
        )
        #expect(set.status == 201)
        let failed = try await client.get("/repos/acme/widgets")
        #expect(failed.status == 502)
        #expect(failed.json?["documentation_url"] != nil)
        #expect(try await client.get("/repos/acme/widgets").status == 200)
    }

    @Test("reset over HTTP restores the seed")
    func resetRestoresSeed() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        _ = try await client.send("POST", "/repos/acme/widgets/issues", json: ["title": "temporary"])
        #expect(try await client.send("POST", "/_emulator/reset").status == 204)
        #expect(try await client.get("/repos/acme/widgets/issues/5").status == 404)
        #expect(try await client.get("/repos/acme/widgets/issues/1").status == 200)
    }

    @Test("an unsupported X-GitHub-Api-Version answers 400; the supported one is echoed")
    func apiVersion() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let bad = try await client.send("GET", "/repos/acme/widgets", headers: ["X-GitHub-Api-Version": "2001-01-01"])
        #expect(bad.status == 400)
        let good = try await client.send("GET", "/repos/acme/widgets", headers: ["X-GitHub-Api-Version": "2022-11-28"])
        #expect(good.headers["x-github-api-version-selected"] == "2022-11-28")
    }
}
