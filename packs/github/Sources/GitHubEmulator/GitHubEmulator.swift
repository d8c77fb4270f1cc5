public import EmulatorKit
import Foundation
public import Logging
import StructuredData

/// A loopback GitHub REST API (the endpoints the github pack uses, in GitHub's shapes and status codes) with
/// in-memory state, auth (tokens and the GitHub App flow), rate limits, pagination, conditional GETs and fault
/// injection.
public final class GitHubEmulator: Sendable {
    /// What the emulator starts with.
    public enum Seed: Sendable {
        /// Nothing but the configured tokens.
        case empty
        /// The standard demo world (see ``GitHubDemo``).
        case demo
        /// A custom seed, run on start and on every reset.
        case custom(@Sendable (GitHubState) throws -> Void)

        /// The seed as EmulatorKit's scaffold runs it.
        var emulatorSeed: EmulatorSeed<GitHubState> {
            switch self {
            case .empty: return .empty
            case .demo:
                return EmulatorSeed("demo", summary: "demo repository \(GitHubDemo.repo)") { try GitHubDemo.seed($0) }
            case .custom(let body): return EmulatorSeed("custom", summary: "custom seed", body)
            }
        }
    }

    /// How to start.
    public struct Configuration: Sendable {
        /// The address to bind (loopback by default).
        public var host: String
        /// The port; 0 picks a free one.
        public var port: Int
        /// The initial world (re-applied by ``reset()`` and `POST /_emulator/reset`).
        public var seed: Seed
        /// Tokens accepted besides the seed's (token → grant).
        public var tokens: [String: GitHubTokenGrant]
        /// Whether requests without credentials are answered (read-only, anonymous budget) instead of 401.
        public var allowAnonymous: Bool
        /// The primary rate-limit budgets.
        public var rateLimit: GitHubRateLimitBudget
        /// How long installation tokens live (GitHub: one hour).
        public var installationTokenLifetime: Duration
        /// Accepted `X-GitHub-Api-Version` values (others answer 400).
        public var apiVersions: Set<String>
        /// The current time in seconds since 1970.
        public var clock: @Sendable () -> Double
        /// The logger for server events.
        public var logger: Logger?

        /// Creates a configuration.
        public init(
            host: String = "127.0.0.1",
            port: Int = 0,
            seed: Seed = .demo,
            tokens: [String: GitHubTokenGrant] = [:],
            allowAnonymous: Bool = false,
            rateLimit: GitHubRateLimitBudget = GitHubRateLimitBudget(),
            installationTokenLifetime: Duration = .seconds(3600),
            apiVersions: Set<String> = ["2022-11-28"],
            clock: @escaping @Sendable () -> Double = GitHubState.systemClock,
            logger: Logger? = nil
        ) {
            self.host = host
            self.port = port
            self.seed = seed
            self.tokens = tokens
            self.allowAnonymous = allowAnonymous
            self.rateLimit = rateLimit
            self.installationTokenLifetime = installationTokenLifetime
            self.apiVersions = apiVersions
            self.clock = clock
            self.logger = logger
        }
    }

    /// The running emulator (EmulatorKit's scaffold).
    public let emulator: Emulator<GitHubState>

    /// The running server (``EmulatorServer/faults``, ``EmulatorServer/requestLog``).
    public var server: EmulatorServer { emulator.server }
    /// The emulated GitHub: seed it and read it back.
    public var state: GitHubState { emulator.state }
    /// The base URL to use as the API root, e.g. `http://127.0.0.1:54321`.
    public var baseURL: String { emulator.baseURL }
    /// The active fault rules.
    public var faults: FaultInjector { emulator.faults }
    /// The requests received (authorization redacted).
    public var requestLog: RequestLog { emulator.requestLog }
    /// The settings that point the github worker at this emulator with the demo token.
    public var workerSettings: [String: String] { emulator.workerSettings }

    private init(emulator: Emulator<GitHubState>) {
        self.emulator = emulator
    }

    /// The emulator as EmulatorKit's scaffold runs it: the seeded state, the API, GitHub's fault bodies, request
    /// ids and media type header, and the worker settings (base URL, the demo token, every action allowed).
    /// - Throws: the seed's error when it fails.
    public static func definition(
        _ configuration: Configuration = Configuration()
    ) throws -> EmulatorDefinition<GitHubState> {
        let tokens = configuration.tokens
        let extraTokens = EmulatorSeed<GitHubState>("tokens") { state in
            for (token, grant) in tokens { state.addToken(token, grant: grant) }
        }
        let seed = configuration.seed.emulatorSeed.then(extraTokens)
        let state = try GitHubState(clock: configuration.clock) { state in try seed.apply(to: state) }
        let api = GitHubAPI(state: state, configuration: configuration)
        var definition = EmulatorDefinition(name: "github-emulator", state: state, demo: seed.summary) { request in
            try await api.handle(request)
        }
        .faultBody { status in GitHubAPIError.body(status: status, message: Self.faultMessage(status)) }
        .decorate { _, response in response.headers["x-github-media-type"] = "github.v3; format=json" }
        .requestIDs(GitHubAPI.requestIDs)
        .settings { baseURL in
            [
                "CORDUM_GITHUB_BASE_URL": baseURL,
                "CORDUM_GITHUB_TOKEN": GitHubDemo.token,
                "CORDUM_GITHUB_ALLOW_ACTIONS": "*,pulls.merge",
            ]
        }
        if let logger = configuration.logger { definition = definition.logger(logger) }
        return definition
    }

    /// Makes the state and the request pipeline without a server (for in-process use and unit tests).
    /// - Throws: the seed's error when it fails.
    public static func makePipeline(
        _ configuration: Configuration = Configuration()
    ) throws -> (GitHubState, EmulatorPipeline) {
        let definition = try definition(configuration)
        return (definition.state, definition.makePipeline())
    }

    /// Starts the emulator; returns once it accepts connections.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> GitHubEmulator {
        let emulator = try await Emulator.start(
            try definition(configuration),
            host: configuration.host,
            port: configuration.port
        )
        return GitHubEmulator(emulator: emulator)
    }

    /// Stops the server gracefully.
    public func stop() async {
        await emulator.stop()
    }

    /// Puts state back to the seed and clears faults and the request log.
    /// - Throws: `EmulatorError.resetFailed` when the seed fails.
    public func reset() throws {
        try emulator.reset()
    }

    /// Injects GitHub's secondary rate limit: the next `count` matching requests answer 429 with `Retry-After`.
    @discardableResult
    public func secondaryRateLimit(
        method: String? = nil,
        path: String = "/**",
        count: Int = 1,
        retryAfter: Int = 1
    ) throws -> String {
        try faults.add(
            FaultRule(
                method: method,
                path: path,
                status: 429,
                headers: ["x-ratelimit-resource": "core"],
                body: GitHubAPIError.body(
                    status: 429,
                    message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
                ),
                retryAfter: retryAfter,
                count: count
            )
        )
    }

    /// GitHub's wording for an injected fault of a status.
    static func faultMessage(_ status: Int) -> String {
        switch status {
        case 401: return "Bad credentials"
        case 403: return "Resource not accessible by integration"
        case 404: return "Not Found"
        case 409: return "Conflict"
        case 422: return "Validation Failed"
        case 429: return "You have exceeded a secondary rate limit. Please wait a few minutes before you try again."
        case 500: return "Server Error"
        case 502: return "Server Error"
        case 503: return "Service Unavailable"
        default: return HTTPStatusText.phrase(status)
        }
    }
}
