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

    /// The running server (``EmulatorServer/faults``, ``EmulatorServer/requestLog``).
    public let server: EmulatorServer
    /// The emulated GitHub: seed it and read it back.
    public let state: GitHubState

    /// The base URL to use as the API root, e.g. `http://127.0.0.1:54321`.
    public var baseURL: String { server.baseURL }
    /// The active fault rules.
    public var faults: FaultInjector { server.faults }
    /// The requests received (authorization redacted).
    public var requestLog: RequestLog { server.requestLog }

    private init(server: EmulatorServer, state: GitHubState) {
        self.server = server
        self.state = state
    }

    /// Makes the state and the request pipeline without a server (for in-process use and unit tests).
    /// - Throws: the seed's error when it fails.
    public static func makePipeline(
        _ configuration: Configuration = Configuration()
    ) throws -> (GitHubState, EmulatorPipeline) {
        let seed = configuration.seed
        let tokens = configuration.tokens
        let state = try GitHubState(clock: configuration.clock) { state in
            switch seed {
            case .empty: break
            case .demo: try GitHubDemo.seed(state)
            case .custom(let body): try body(state)
            }
            for (token, grant) in tokens { state.addToken(token, grant: grant) }
        }
        let api = GitHubAPI(state: state, configuration: configuration)
        let pipeline = EmulatorPipeline(
            faultBody: { status in GitHubAPIError.body(status: status, message: Self.faultMessage(status)) },
            decorate: { _, response in
                if response.headers["x-github-request-id"] == nil {
                    response.headers["x-github-request-id"] = api.requestID()
                }
                response.headers["x-github-media-type"] = "github.v3; format=json"
            },
            onReset: { try state.reset() },
            logger: configuration.logger ?? Logger(label: "emulator.github"),
            handler: { request in try await api.handle(request) }
        )
        return (state, pipeline)
    }

    /// Starts the emulator; returns once it accepts connections.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> GitHubEmulator {
        let (state, pipeline) = try makePipeline(configuration)
        let server = try await EmulatorServer.start(
            EmulatorServer.Configuration(
                host: configuration.host,
                port: configuration.port,
                name: "github-emulator",
                logger: configuration.logger
            ),
            pipeline: pipeline
        )
        return GitHubEmulator(server: server, state: state)
    }

    /// Stops the server gracefully.
    public func stop() async {
        await server.stop()
    }

    /// Puts state back to the seed and clears faults and the request log.
    /// - Throws: `EmulatorError.resetFailed` when the seed fails.
    public func reset() throws {
        try server.pipeline.reset()
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
