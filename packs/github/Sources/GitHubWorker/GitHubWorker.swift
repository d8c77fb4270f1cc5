public import AsyncHTTPClient
public import WorkerKit

/// The GitHub pack's worker: one handler per action on `job.github.<action>` (``GitHubAction/all``).
///
/// ```swift
/// let secrets = SecretRegistry()
/// let configuration = try GitHubConfiguration(environment: environment, secrets: secrets)
/// try await GitHubWorker.make(configuration: configuration).run(configuration: workerConfiguration)
/// ```
public enum GitHubWorker {
    /// A worker serving every action.
    /// - Parameters:
    ///   - configuration: Profiles, allow/deny lists and limits.
    ///   - client: The GitHub client; default ``makeClient(configuration:clock:retryClock:httpClient:)``.
    public static func make(configuration: GitHubConfiguration, client: GitHubClient? = nil) -> Worker {
        let client = client ?? makeClient(configuration: configuration)
        var worker = Worker(packID: GitHubConfiguration.packID)
        // Every write action answers a dry run with its exact request and sends nothing.
        worker.supportsDryRun = true
        for action in GitHubAction.all.values {
            let job = GitHubJob(action: action, configuration: configuration, client: client)
            worker.handle(action.topic) { context, input in
                try await job.run(context: context, input: input)
            }
        }
        return worker
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
