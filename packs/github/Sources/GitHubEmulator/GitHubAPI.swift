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
        let caller = appRoute ? try appCaller(request) : try tokenCaller(request)
        if segments == ["rate_limit"] {
            return .json(rateLimitDocument(caller))
        }
        let resource = segments.first == "search" ? "search" : "core"
        var rate = appRoute ? nil : try spend(caller, resource: resource)
        // Errors after the budget was spent still carry the rate-limit headers, as GitHub's do.
        var response: EmulatorResponse
        do {
            response = try await GitHubCaller.$current.withValue(caller) {
                guard let routed = try await router.route(request) else { throw GitHubAPIError.notFound }
                return routed
            }
        } catch let error as GitHubAPIError {
            response = error.response
        }
        if request.method == "GET" || request.method == "HEAD" {
            response = ETag.conditional(response, for: request)
            if response.status == 304, rate != nil {
                rate = refund(caller, resource: resource)
            }
        }
        if let rate {
            for (name, value) in rate { response.headers[name] = value }
        }
        return response
    }

    // MARK: Auth

    private func credential(_ request: EmulatorRequest) -> String? {
        guard let header = request.header("authorization") else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["bearer", "token"].contains(parts[0].lowercased()) else { return "" }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }

    private func tokenCaller(_ request: EmulatorRequest) throws(GitHubAPIError) -> GitHubCaller {
        guard let token = credential(request) else {
            if configuration.allowAnonymous {
                return GitHubCaller(
                    kind: .anonymous,
                    login: "ghost",
                    canWrite: false,
                    repositories: nil,
                    rateKey: "anonymous"
                )
            }
            throw GitHubAPIError(status: 401, message: "Requires authentication")
        }
        let now = self.now
        return try state.storage.withLock { world throws(GitHubAPIError) in
            if let grant = world.tokens[token] {
                return GitHubCaller(
                    kind: .user,
                    login: grant.login,
                    canWrite: grant.canWrite,
                    repositories: grant.repositories,
                    rateKey: token
                )
            }
            if let record = world.installationTokens[token] {
                guard record.expiresAt > now else { throw GitHubAPIError.badCredentials }
                let slug = world.installations[record.installationID].flatMap { world.apps[$0.appID]?.slug } ?? "app"
                return GitHubCaller(
                    kind: .installation(record.installationID),
                    login: "\(slug)[bot]",
                    canWrite: record.permissions.values.contains("write"),
                    repositories: record.repositories,
                    rateKey: "installation:\(record.installationID)"
                )
            }
            throw GitHubAPIError.badCredentials
        }
    }

    private func appCaller(_ request: EmulatorRequest) throws(GitHubAPIError) -> GitHubCaller {
        guard let token = credential(request), !token.isEmpty else {
            throw GitHubAPIError(
                status: 401,
                message: "A JSON web token could not be decoded (this endpoint needs `Authorization: Bearer <app JWT>`)"
            )
        }
        let now = self.now
        let app = try state.storage.withLock { world throws(GitHubAPIError) in
            try AppJWTVerifier.verify(token, world: world, now: now)
        }
        return GitHubCaller(
            kind: .app(app.id),
            login: "\(app.slug)[bot]",
            canWrite: true,
            repositories: nil,
            rateKey: "app:\(app.id)"
        )
    }

    // MARK: Rate limits

    private func budget(_ caller: GitHubCaller, resource: String) -> (limit: Int, window: Int) {
        if caller.kind == .anonymous {
            return (configuration.rateLimit.anonymous, configuration.rateLimit.coreWindowSeconds)
        }
        return resource == "search"
            ? (configuration.rateLimit.search, configuration.rateLimit.searchWindowSeconds)
            : (configuration.rateLimit.core, configuration.rateLimit.coreWindowSeconds)
    }

    private func spend(_ caller: GitHubCaller, resource: String) throws(GitHubAPIError) -> [String: String] {
        let (limit, window) = budget(caller, resource: resource)
        let now = self.now
        let key = "\(resource):\(caller.rateKey)"
        return try state.storage.withLock { world throws(GitHubAPIError) in
            var current = world.rateLimits[key] ?? RateLimitWindow(used: 0, resetAt: now + Double(window))
            if current.resetAt <= now { current = RateLimitWindow(used: 0, resetAt: now + Double(window)) }
            if current.used >= limit {
                world.rateLimits[key] = current
                var headers = Self.rateHeaders(
                    limit: limit,
                    used: current.used,
                    reset: current.resetAt,
                    resource: resource
                )
                headers["retry-after"] = String(max(1, Int((current.resetAt - now).rounded(.up))))
                throw GitHubAPIError(
                    status: 403,
                    message:
                        "API rate limit exceeded for \(caller.login). (The emulator's budget is \(limit) requests per \(window) seconds.)",
                    headers: headers
                )
            }
            current.used += 1
            world.rateLimits[key] = current
            return Self.rateHeaders(limit: limit, used: current.used, reset: current.resetAt, resource: resource)
        }
    }

    private func refund(_ caller: GitHubCaller, resource: String) -> [String: String] {
        let (limit, _) = budget(caller, resource: resource)
        let key = "\(resource):\(caller.rateKey)"
        return state.storage.withLock { world in
            guard var current = world.rateLimits[key] else { return [:] }
            current.used = max(0, current.used - 1)
            world.rateLimits[key] = current
            return Self.rateHeaders(limit: limit, used: current.used, reset: current.resetAt, resource: resource)
        }
    }

    private static func rateHeaders(limit: Int, used: Int, reset: Double, resource: String) -> [String: String] {
        [
            "x-ratelimit-limit": String(limit),
            "x-ratelimit-remaining": String(max(0, limit - used)),
            "x-ratelimit-used": String(used),
            "x-ratelimit-reset": String(Int(reset)),
            "x-ratelimit-resource": resource,
        ]
    }

    private func rateLimitDocument(_ caller: GitHubCaller) -> JSONValue {
        let now = self.now
        func entry(_ resource: String) -> JSONValue {
            let (limit, window) = budget(caller, resource: resource)
            let current = state.storage.withLock { $0.rateLimits["\(resource):\(caller.rateKey)"] }
            let live = current.flatMap { $0.resetAt > now ? $0 : nil }
            let used = live?.used ?? 0
            return [
                "limit": .integer(limit), "used": .integer(used), "remaining": .integer(max(0, limit - used)),
                "reset": .integer(Int(live?.resetAt ?? now + Double(window))),
            ]
        }
        return ["resources": ["core": entry("core"), "search": entry("search")], "rate": entry("core")]
    }

    /// A fresh `x-github-request-id` value.
    func requestID() -> String {
        let number = state.storage.withLock { world in
            world.nextRequestID += 1
            return world.nextRequestID
        }
        let hex = String(number, radix: 16, uppercase: true)
        return "EMU0:\(String(repeating: "0", count: max(0, 6 - hex.count)))\(hex):\(hex)"
    }

    // MARK: Helpers for handlers

    var caller: GitHubCaller { GitHubCaller.current }

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
        if repository.isPrivate, caller.kind == .anonymous { throw GitHubAPIError.notFound }
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
