import GitHubEmulator
import StructuredData
import Testing

@Suite("GitHub emulator: GitHub App flow")
struct GitHubAppFlowTests {
    static let appID = 4242
    static let installationID = 77

    static func start(
        lifetime: Duration = .seconds(3600),
        clock: TestClock = TestClock()
    ) async throws -> (GitHubEmulator, GitHubTestClient, AppJWT) {
        let jwt = try AppJWT()
        let pem = jwt.publicKeyPEM
        let (emulator, client) = try await GitHubTestClient.start(
            GitHubEmulator.Configuration(
                seed: .custom { state in
                    try GitHubDemo.seed(state)
                    try state.registerApp(id: appID, slug: "cordum-test", publicKeyPEM: pem)
                    try state.addInstallation(id: installationID, appID: appID, account: "acme")
                },
                installationTokenLifetime: lifetime,
                clock: clock.clock
            )
        )
        return (emulator, client, jwt)
    }

    @Test("a valid JWT mints an installation token that then works as auth, until it expires")
    func validFlow() async throws {
        let clock = TestClock()
        let (emulator, base, jwt) = try await Self.start(lifetime: .seconds(120), clock: clock)
        defer { Task { await emulator.stop() } }
        var client = base
        let now = clock.seconds
        client.authorization = "Bearer \(try jwt.token(iss: "4242", iat: now - 60, exp: now + 540))"
        let app = try await client.get("/app")
        #expect(app.status == 200)
        #expect(app.json?["id"] == .integer(Self.appID))
        #expect(app.json?["slug"] == "cordum-test")
        let installation = try await client.get("/repos/acme/widgets/installation")
        #expect(installation.json?["id"] == .integer(Self.installationID))
        #expect(try await client.get("/app/installations/\(Self.installationID)").status == 200)

        let minted = try await client.send("POST", "/app/installations/\(Self.installationID)/access_tokens")
        #expect(minted.status == 201)
        let token = try #require(minted.json?["token"]?.stringValue)
        #expect(token.hasPrefix("ghs_"))
        #expect(minted.json?["repository_selection"] == "all")
        #expect(minted.json?["permissions"]?["issues"] == "write")
        let expiresAt = try #require(minted.json?["expires_at"]?.stringValue)
        #expect(expiresAt.hasSuffix("Z"))
        #expect(try await client.send("POST", "/app/installations/999/access_tokens").status == 404)

        client.authorization = "token \(token)"
        #expect(try await client.get("/repos/acme/widgets/issues/1").status == 200)
        let comment = try await client.send(
            "POST",
            "/repos/acme/widgets/issues/1/comments",
            json: ["body": "from the app"]
        )
        #expect(comment.json?["user"]?["login"] == "cordum-test[bot]")
        clock.advance(121)
        #expect(try await client.get("/repos/acme/widgets/issues/1").status == 401)
    }

    @Test("iss given as a number works; tokens can be narrowed to repositories")
    func numericIssuerAndNarrowing() async throws {
        let clock = TestClock()
        let (emulator, base, jwt) = try await Self.start(clock: clock)
        defer { Task { await emulator.stop() } }
        var client = base
        client.authorization =
            "Bearer \(try jwt.token(iss: .integer(Self.appID), iat: clock.seconds, exp: clock.seconds + 300))"
        let minted = try await client.send(
            "POST",
            "/app/installations/\(Self.installationID)/access_tokens",
            json: ["repositories": ["widgets"]]
        )
        #expect(minted.status == 201)
        #expect(minted.json?["repository_selection"] == "selected")
        #expect(minted.json?["repositories"]?[0]?["full_name"] == "acme/widgets")
    }

    @Test(
        "bad JWTs are refused with 401",
        arguments: ["wrong key", "expired", "wrong iss", "too long", "issued in the future", "not a JWT", "HS256"]
    )
    func badJWTs(kind: String) async throws {
        let clock = TestClock()
        let (emulator, base, jwt) = try await Self.start(clock: clock)
        defer { Task { await emulator.stop() } }
        let now = clock.seconds
        let token: String
        switch kind {
        case "wrong key": token = try AppJWT().token(iss: "4242", iat: now - 60, exp: now + 300)
        case "expired": token = try jwt.token(iss: "4242", iat: now - 700, exp: now - 100)
        case "wrong iss": token = try jwt.token(iss: "9999", iat: now - 60, exp: now + 300)
        case "too long": token = try jwt.token(iss: "4242", iat: now, exp: now + 3600)
        case "issued in the future": token = try jwt.token(iss: "4242", iat: now + 300, exp: now + 600)
        case "HS256": token = try jwt.token(iss: "4242", iat: now - 60, exp: now + 300, alg: "HS256")
        default: token = GitHubDemo.token
        }
        var client = base
        client.authorization = "Bearer \(token)"
        let answer = try await client.send("POST", "/app/installations/\(Self.installationID)/access_tokens")
        #expect(answer.status == 401)
        #expect(answer.message?.isEmpty == false)
        #expect(try await client.get("/app").status == 401)
    }

    @Test("a JWT is not accepted on repository endpoints")
    func jwtIsNotAToken() async throws {
        let clock = TestClock()
        let (emulator, base, jwt) = try await Self.start(clock: clock)
        defer { Task { await emulator.stop() } }
        var client = base
        client.authorization = "Bearer \(try jwt.token(iss: "4242", iat: clock.seconds, exp: clock.seconds + 300))"
        #expect(try await client.get("/repos/acme/widgets").status == 401)
    }

    @Test("registering an app with a key that is not an RSA public key fails naming the field")
    func badKey() throws {
        let state = try GitHubState()
        #expect(throws: GitHubSeedError.self) {
            try state.registerApp(id: 1, slug: "x", publicKeyPEM: "not a key")
        }
    }
}
