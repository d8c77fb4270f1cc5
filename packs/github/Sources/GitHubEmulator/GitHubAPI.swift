import EmulatorKit
import Foundation
import StructuredData

/// The REST API over ``GitHubState``: auth, rate limits, routing, conditional GETs, GitHub's headers.
struct GitHubAPI: Sendable {
    let state: GitHubState
    let configuration: GitHubEmulator.Configuration
    private(set) var router = EmulatorRouter()

    init(state: GitHubState, configuration: GitHubEmulator.Configuration) {
        self.state = state
        self.configuration = configuration
        var router = EmulatorRouter()
        // Check routes first: `/commits/{ref...}/status` must win over `/commits/{ref...}`.
        addCheckRoutes(&router)
        addRepositoryRoutes(&router)
        addIssueRoutes(&router)
        addPullRoutes(&router)
        addReleaseRoutes(&router)
        addAppRoutes(&router)
        self.router = router
    }

    var now: Double { state.clock() }

    /// Answers one request.
    func handle(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        var response: EmulatorResponse
        do {
            response = try await answer(request)
        } catch let error as GitHubAPIError {
            response = error.response
        }
        if request.header("x-github-api-version") != nil {
            response.headers["x-github-api-version-selected"] = request.header("x-github-api-version")
        }
        return response
    }

    private func answer(_ request: EmulatorRequest) async throws -> EmulatorResponse {
        if let version = request.header("x-github-api-version"), !configuration.apiVersions.contains(version) {
            throw GitHubAPIError(
                status: 400,
                message:
                    "API version \(version) is not supported (supported: \(configuration.apiVersions.sorted().joined(separator: ", ")))"
            )
        }
        let segments = request.pathSegments
        let appRoute =
            segments.first == "app" || (segments.count == 4 && segments[0] == "repos" && segments[3] == "installation")
        let caller = appRoute ? try await appCaller(request) : try tokenCaller(request)
        if segments == ["rate_limit"] {
            return .json(rateLimitDocument(caller))
        }
        let resource = segments.first == "search" ? "search" : "core"
        let budget = configuration.rateLimit.budget(for: caller, resource: resource)
        var usage = appRoute ? nil : try spend(caller, budget: budget)
        // Errors after the budget was spent still carry the rate-limit headers, as GitHub's do.
        var response: EmulatorResponse
        do {
            response = try await CallerAuthenticator.withCaller(caller) {
                guard let routed = try await router.route(request) else { throw GitHubAPIError.notFound }
                return routed
            }
        } catch let error as GitHubAPIError {
            response = error.response
        }
        if request.method == "GET" || request.method == "HEAD" {
            response = ETag.conditional(response, for: request)
            if response.status == 304, usage != nil {
                usage = state.storage.withLock { $0.rateLimits.refund(caller: caller.budgetKey, budget: budget) }
            }
        }
        if let usage {
            for (name, value) in usage.headers(GitHubRateLimitBudget.headers, now: now) {
                response.headers[name] = value
            }
        }
        return response
    }

    // MARK: Auth

    /// Personal access tokens and installation tokens, as `Authorization: Bearer <token>` or `token <token>`.
    private var tokenAuthenticator: CallerAuthenticator {
        CallerAuthenticator(
            schemes: [.authorization("Bearer", "token")],
            anonymous: configuration.allowAnonymous ? .ghost : nil
        )
    }

    private func tokenCaller(_ request: EmulatorRequest) throws(GitHubAPIError) -> AuthenticatedCaller {
        let authenticator = tokenAuthenticator
        let now = self.now
        let resolved = state.storage.withLock { world in
            authenticator.resolve(request, registry: world.credentials, now: now)
        }
        switch resolved {
        case .success(let caller): return caller
        case .failure(let failure) where failure.reason == .missing:
            throw GitHubAPIError(status: 401, message: "Requires authentication")
        case .failure:
            throw GitHubAPIError.badCredentials
        }
    }

    private func appCaller(_ request: EmulatorRequest) async throws(GitHubAPIError) -> AuthenticatedCaller {
        guard case .token(let token)? = try? tokenAuthenticator.credential(in: request) else {
            throw GitHubAPIError(
                status: 401,
                message: "A JSON web token could not be decoded (this endpoint needs `Authorization: Bearer <app JWT>`)"
            )
        }
        let jwt: VerifiedJWT
        do {
            jwt = try await GitHubAppAuth.verifier.verify(token, now: now) { issuer in
                state.storage.withLock { world in
                    Int(issuer).flatMap { world.apps[$0] }.map { JWTVerifier.Key.rsa(pem: $0.publicKeyPEM) }
                }
            }
        } catch {
            throw GitHubAppAuth.unauthorized(error, token: token)
        }
        guard let app = state.storage.withLock({ world in jwt.issuer.flatMap { Int($0) }.flatMap { world.apps[$0] } })
        else {
            throw GitHubAPIError(status: 401, message: "Integration not found")
        }
        return GitHubAppAuth.caller(app)
    }

    // MARK: Rate limits

    private func spend(_ caller: AuthenticatedCaller, budget: RateLimitBudget) throws(GitHubAPIError) -> RateLimitUsage
    {
        let now = self.now
        let usage = state.storage.withLock { $0.rateLimits.spend(caller: caller.budgetKey, budget: budget, now: now) }
        guard usage.exceeded else { return usage }
        throw GitHubAPIError(
            status: 403,
            message:
                "API rate limit exceeded for \(caller.login). (The emulator's budget is \(budget.limit) requests per \(budget.windowSeconds) seconds.)",
            headers: usage.headers(GitHubRateLimitBudget.headers, now: now)
        )
    }

    private func rateLimitDocument(_ caller: AuthenticatedCaller) -> JSONValue {
        let now = self.now
        func entry(_ resource: String) -> JSONValue {
            let budget = configuration.rateLimit.budget(for: caller, resource: resource)
            let usage = state.storage.withLock {
                $0.rateLimits.usage(caller: caller.budgetKey, budget: budget, now: now)
            }
            return [
                "limit": .integer(usage.limit), "used": .integer(usage.used), "remaining": .integer(usage.remaining),
                "reset": .integer(Int(usage.resetAt)),
            ]
        }
        return ["resources": ["core": entry("core"), "search": entry("search")], "rate": entry("core")]
    }

    /// GitHub's `x-github-request-id` values: `EMU0:00002A:2A`.
    static let requestIDs = RequestIDPolicy(header: "x-github-request-id") { number in
        let hex = String(number, radix: 16, uppercase: true)
        return "EMU0:\(String(repeating: "0", count: max(0, 6 - hex.count)))\(hex):\(hex)"
    }

    // MARK: Helpers for handlers

    /// The caller of the request being answered.
    var caller: AuthenticatedCaller { AuthenticatedCaller.current ?? .ghost }

    func json(baseURL: String, world: GitHubWorld) -> GitHubJSON {
        GitHubJSON(baseURL: baseURL, world: world)
    }

    /// The repository named by the route's `owner` and `repo`, if the caller may see it (404 otherwise).
    func repository(
        _ world: GitHubWorld,
        _ parameters: RouteParameters
    ) throws(GitHubAPIError) -> RepositoryRecord {
        let fullName = "\(parameters["owner"])/\(parameters["repo"])"
        guard let repository = world.repositories[GitHubWorld.key(fullName)], caller.canSee(fullName) else {
            throw GitHubAPIError.notFound
        }
        if repository.isPrivate, caller.isAnonymous { throw GitHubAPIError.notFound }
        return repository
    }

    /// Throws the caller's 403 unless it may write.
    func requireWrite() throws(GitHubAPIError) {
        guard caller.canWrite else { throw caller.forbidden }
    }

    /// Runs a mutation on a visible repository and stores it back.
    func mutateRepository<Result: Sendable>(
        _ parameters: RouteParameters,
        _ body: (inout GitHubWorld, inout RepositoryRecord) throws(GitHubAPIError) -> Result
    ) throws(GitHubAPIError) -> Result {
        try requireWrite()
        return try state.storage.withLock { world throws(GitHubAPIError) in
            var repository = try repository(world, parameters)
            let result = try body(&world, &repository)
            world.repositories[GitHubWorld.key(repository.fullName)] = repository
            return result
        }
    }

    /// Reads from a visible repository.
    func readRepository<Result: Sendable>(
        _ parameters: RouteParameters,
        _ body: (GitHubWorld, RepositoryRecord) throws(GitHubAPIError) -> Result
    ) throws(GitHubAPIError) -> Result {
        try state.storage.withLock { world throws(GitHubAPIError) in
            try body(world, try repository(world, parameters))
        }
    }
}
