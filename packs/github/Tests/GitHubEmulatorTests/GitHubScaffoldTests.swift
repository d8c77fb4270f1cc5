import EmulatorKit
import GitHubEmulator
import StructuredData
import Testing

/// What the github emulator gets from EmulatorKit: request ids in the log, the seeded registration with its settings,
/// resets that never seed twice, and GitHub's wording for each refused app JWT.
@Suite("GitHub emulator on EmulatorKit")
struct GitHubScaffoldTests {
    @Test("each answer's x-github-request-id is recorded with its request; numbering restarts on reset")
    func requestIDs() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let first = try await client.get("/repos/acme/widgets")
        let id = try #require(first.headers["x-github-request-id"])
        #expect(id.hasPrefix("EMU0:"))
        #expect(emulator.requestLog.entry(requestID: id)?.path == "/repos/acme/widgets")
        let second = try await client.get("/repos/acme/widgets/issues")
        #expect(second.headers["x-github-request-id"] != id)
        try emulator.reset()
        #expect(try await client.get("/repos/acme/widgets").headers["x-github-request-id"] == id)
    }

    @Test("the registration starts the demo world on a free port and publishes the worker's settings")
    func registration() async throws {
        let running = try await GitHubEmulator.registration.start(port: 0)
        #expect(running.demo == "demo repository acme/widgets")
        #expect(running.workerSettings["CORDUM_GITHUB_BASE_URL"] == running.baseURL)
        #expect(running.workerSettings["CORDUM_GITHUB_TOKEN"] == GitHubDemo.token)
        #expect(running.workerSettings["CORDUM_GITHUB_ALLOW_ACTIONS"] == "*,pulls.merge")
        let client = GitHubTestClient(baseURL: running.baseURL)
        #expect(try await client.get("/repos/acme/widgets").status == 200)
        await running.stop()
    }

    @Test("concurrent resets over HTTP each seed the demo once (no reset_failed from a doubled seed)")
    func concurrentResets() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<12 {
                group.addTask { try await client.send("POST", "/_emulator/reset").status }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses == Array(repeating: 204, count: 12))
        #expect(try await client.get("/repos/acme/widgets/issues?state=all").json?.arrayValue?.count == 4)
    }

    @Test(
        "refused app JWTs answer GitHub's wording",
        arguments: [
            ("wrong key", "A JSON web token could not be decoded (signature does not match app 4242's key)"),
            (
                "expired",
                "'Expiration time' claim ('exp') must be a numeric value representing the future time at which the assertion expires"
            ),
            ("wrong iss", "Integration not found (no app with id 9999)"),
            ("text iss", "'Issuer' claim ('iss') must be an Integer (the app id)"),
            ("too long", "'Expiration time' claim ('exp') is too far in the future (at most 10 minutes after 'iat')"),
            (
                "issued in the future",
                "'Issued at' claim ('iat') must be an Integer representing a time that is not in the future"
            ),
            ("ES256", "A JSON web token could not be decoded (alg must be RS256)"),
            ("not a JWT", "A JSON web token could not be decoded"),
        ]
    )
    func jwtMessages(kind: String, message: String) async throws {
        let clock = TestClock()
        let (emulator, base, jwt) = try await GitHubAppFlowTests.start(clock: clock)
        defer { Task { await emulator.stop() } }
        let now = clock.seconds
        let token: String
        switch kind {
        case "wrong key": token = try AppJWT().token(iss: "4242", iat: now - 60, exp: now + 300)
        case "expired": token = try jwt.token(iss: "4242", iat: now - 700, exp: now - 100)
        case "wrong iss": token = try jwt.token(iss: "9999", iat: now - 60, exp: now + 300)
        case "text iss": token = try jwt.token(iss: "my-app", iat: now - 60, exp: now + 300)
        case "too long": token = try jwt.token(iss: "4242", iat: now, exp: now + 3600)
        case "issued in the future": token = try jwt.token(iss: "4242", iat: now + 300, exp: now + 600)
        case "ES256": token = try jwt.token(iss: "4242", iat: now - 60, exp: now + 300, alg: "ES256")
        default: token = "not.a.jwt"
        }
        var client = base
        client.authorization = "Bearer \(token)"
        let answer = try await client.get("/app")
        #expect(answer.status == 401)
        #expect(answer.message == message)
    }

    @Test("a form-encoded body is still read as JSON, as GitHub does: 400 Problems parsing JSON")
    func formBodyIsNotJSON() async throws {
        let (emulator, client) = try await GitHubTestClient.start()
        defer { Task { await emulator.stop() } }
        let answer = try await client.send(
            "POST",
            "/repos/acme/widgets/issues",
            headers: ["content-type": "application/x-www-form-urlencoded"],
            json: nil
        )
        #expect(answer.status == 422)
        let raw = try await client.sendRaw("POST", "/repos/acme/widgets/issues", body: "title=hello")
        #expect(raw.status == 400)
        #expect(raw.message == "Problems parsing JSON")
    }
}
