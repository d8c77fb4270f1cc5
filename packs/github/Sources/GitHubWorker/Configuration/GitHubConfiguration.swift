public import WorkerKit

/// Everything the GitHub worker reads at start-up: WorkerKit's ``VendorSettings`` (profiles, allow/deny lists,
/// inline auth, user agent, timeout) and the GitHub profiles and limits built on them.
///
/// ```swift
/// let configuration = try GitHubConfiguration(environment: ProcessInfo.processInfo.environment, secrets: secrets)
/// let worker = GitHubWorker.make(configuration: configuration)
/// ```
public struct GitHubConfiguration: Sendable {
    /// The pack id, `github`.
    public static let packID = "github"
    /// The user agent when `CORDUM_GITHUB_USER_AGENT` is unset.
    public static let defaultUserAgent = "cordum-github/0.2.0"

    /// The WorkerKit settings.
    public var settings: VendorSettings
    /// The GitHub profiles, by name.
    public var profiles: [String: GitHubProfile]
    /// Pages a list action reads when its input gives no `max_pages` (`CORDUM_GITHUB_MAX_PAGES`, default 10).
    public var defaultMaxPages: Int
    /// The longest wait for a rate limit to reset before failing with `rate_limited`
    /// (`CORDUM_GITHUB_RATE_LIMIT_MAX_WAIT`, default 60 s).
    public var rateLimitMaxWait: Duration
    /// How many GET answers the ETag cache keeps (`CORDUM_GITHUB_ETAG_CACHE_SIZE`, default 500; 0 turns it off).
    public var etagCacheSize: Int
    /// Lists and results larger than this many bytes of JSON go to an artifact, the output keeping what fits and
    /// the pointer (`CORDUM_GITHUB_ARTIFACT_THRESHOLD_BYTES`, default 262144; 0 never).
    public var artifactThreshold: Int

    /// The most pages any list action reads.
    public static let maxPagesLimit = 50

    /// A configuration given directly (tests, embedded workers).
    /// - Parameters:
    ///   - settings: The WorkerKit settings (their profiles are replaced by `profiles`' vendor profiles).
    ///   - profiles: The GitHub profiles; their credentials are registered in `settings.secrets`.
    ///   - defaultMaxPages: Default 10.
    ///   - rateLimitMaxWait: Default 60 s.
    ///   - etagCacheSize: Default 500.
    ///   - artifactThreshold: Default 256 KiB.
    public init(
        settings: VendorSettings,
        profiles: [GitHubProfile],
        defaultMaxPages: Int = 10,
        rateLimitMaxWait: Duration = .seconds(60),
        etagCacheSize: Int = 500,
        artifactThreshold: Int = 256 << 10
    ) {
        var settings = settings
        settings.profiles = Dictionary(profiles.map { ($0.name, $0.vendorProfile) }, uniquingKeysWith: { $1 })
        if settings.defaultProfile.map({ settings.profiles[$0] == nil }) ?? true {
            settings.defaultProfile = profiles.count == 1 ? profiles[0].name : settings.profiles["default"]?.name
        }
        for profile in profiles {
            profile.vendorProfile.credentials.values.forEach(settings.secrets.register)
            if case .token(let token, _) = profile.authentication { settings.secrets.register(token) }
        }
        self.settings = settings
        self.profiles = Dictionary(profiles.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        self.defaultMaxPages = min(max(defaultMaxPages, 1), Self.maxPagesLimit)
        self.rateLimitMaxWait = rateLimitMaxWait
        self.etagCacheSize = max(etagCacheSize, 0)
        self.artifactThreshold = max(artifactThreshold, 0)
    }

    /// The user agent requests send.
    public var userAgent: String { settings.userAgent ?? Self.defaultUserAgent }
}
