public import AsyncHTTPClient
import StructuredData
public import WorkerKit

/// The GitHub pack's worker: one handler per action on `job.github.<action>` (``GitHubAction/all``), run by
/// WorkerKit's action runtime over ``GitHubTransport``.
///
/// ```swift
/// let secrets = SecretRegistry()
/// let configuration = try GitHubConfiguration(environment: environment, secrets: secrets)
/// try await GitHubWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum GitHubWorker {
    /// The pack's input schemas, embedded at build time.
    static let schemas = ActionSchemas(texts: PackInputSchemas.texts)

    /// A worker serving every action; it supports dry runs.
    /// - Parameters:
    ///   - configuration: Profiles, allow/deny lists and limits.
    ///   - client: The GitHub client; default ``makeClient(configuration:clock:retryClock:httpClient:)``.
    public static func make(configuration: GitHubConfiguration, client: GitHubClient? = nil) -> Worker {
        Worker(
            packID: GitHubConfiguration.packID,
            actions: Array(GitHubAction.all.values),
            runtime: runtime(configuration: configuration, client: client ?? makeClient(configuration: configuration)),
            schemas: schemas
        )
    }

    /// The action runtime of a worker: GitHub's transport, page limits, artifact threshold, and GitHub's extras
    /// (`rate_limit` from the last answer; `total_count` and `incomplete_results` of searches).
    /// - Parameters:
    ///   - configuration: The configuration.
    ///   - client: The client.
    public static func runtime(
        configuration: GitHubConfiguration,
        client: GitHubClient
    ) -> ActionRuntime<GitHubTransport> {
        ActionRuntime(
            settings: configuration.settings,
            transport: GitHubTransport(configuration: configuration, client: client),
            defaultMaxPages: configuration.defaultMaxPages,
            maxPagesLimit: GitHubConfiguration.maxPagesLimit,
            artifactThreshold: configuration.artifactThreshold,
            extras: { _, answer, output in
                if let rate = RateLimitInfo(headers: answer.headers) { output["rate_limit"] = rate.json }
            },
            pageExtras: { page, output in
                if let total = page["total_count"]?.intValue { output["total_count"] = .integer(total) }
                if let incomplete = page["incomplete_results"]?.boolValue {
                    output["incomplete_results"] = .bool(
                        (output["incomplete_results"]?.boolValue ?? false) || incomplete
                    )
                }
            }
        )
    }

    /// The client a worker uses: WorkerKit's vendor client with the configuration's timeout, user agent and
    /// secrets, retries that wait for a rate-limit reset up to `rateLimitMaxWait`, and an ETag cache of
    /// `etagCacheSize` entries.
    /// - Parameters:
    ///   - configuration: The configuration.
    ///   - clock: The wall clock (JWT claims, token expiry).
    ///   - retryClock: The clock retries sleep on.
    ///   - httpClient: The AsyncHTTPClient (default the shared one that does not follow redirects).
    public static func makeClient(
        configuration: GitHubConfiguration,
        clock: GitHubClock = .system,
        retryClock: RetryClock = .continuous,
        httpClient: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) -> GitHubClient {
        var http = configuration.settings.httpClient(
            vendor: "GitHub",
            retry: RetryPolicy(
                maxTotalTime: configuration.rateLimitMaxWait + .seconds(60),
                maxRetryAfter: configuration.rateLimitMaxWait
            )
        )
        http.httpClient = httpClient
        http.clock = retryClock
        http.userAgent = configuration.userAgent
        return GitHubClient(
            http: http,
            etags: ETagCache(capacity: configuration.etagCacheSize),
            clock: clock,
            userAgent: configuration.userAgent
        )
    }
}
