public import WorkerKit

/// The sentry worker's configuration, read once from the environment (`CORDUM_SENTRY_*`, every variable in
/// packs/sentry/README.md): WorkerKit's profiles and lists (`PROJECTS`) with a bearer token per profile (an
/// organization auth token or an internal integration's token), plus two Sentry settings per profile:
///
/// - `organization`: the organization slug jobs act in when they name none;
/// - `region`: `us` or `de` for sentry.io's data-storage regions (`https://us.sentry.io`, `https://de.sentry.io`);
///   without it and without `base_url`, `https://sentry.io`. A self-hosted Sentry sets `base_url` instead
///   (`https://sentry.acme.internal`; upstream's form with the API root, `…/api/0`, is accepted); `base_url` wins
///   over `region`.
public struct SentryConfiguration: Sendable {
    /// The pack id.
    public static let packID = "sentry"
    /// The request timeout unless `CORDUM_SENTRY_REQUEST_TIMEOUT` says otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(30)
    /// The `User-Agent` unless `CORDUM_SENTRY_USER_AGENT` says otherwise.
    public static let defaultUserAgent = "cordum-sentry-worker/0.1.0"
    /// sentry.io's address when a profile names neither a region nor a base URL.
    public static let defaultBaseURL = "https://sentry.io"
    /// sentry.io's data-storage regions and their API addresses.
    public static let regions = ["us": "https://us.sentry.io", "de": "https://de.sentry.io"]

    /// Profiles, lists, timeout, user agent and secrets.
    public var settings: VendorSettings

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables (`ProcessInfo.processInfo.environment` in the executable).
    ///   - secrets: The worker's secret registry; every token is registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable (and the profile) at fault.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            resourceKinds: ["PROJECTS"],
            profileFields: [ProfileField("organization"), ProfileField("region")],
            secrets: secrets
        )
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
        let variable =
            settings.variablePrefix + (environment[settings.variablePrefix + "PROFILES"] == nil ? "REGION" : "PROFILES")
        for name in settings.profiles.keys.sorted() {
            guard var profile = settings.profiles[name] else { continue }
            if let base = profile.baseURL, !base.isEmpty {
                guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
                    throw ConfigurationError(
                        code: .invalidValue,
                        variable: variable,
                        message:
                            "The sentry profile \"\(name)\" has a base_url that is not an http(s) URL: \"\(base)\"; use https://sentry.io, a region's address or your self-hosted Sentry's."
                    )
                }
                while profile.baseURL?.hasSuffix("/") == true { profile.baseURL?.removeLast() }
                // Upstream's worker takes the API root (`https://sentry.io/api/0`); the actions' paths carry it.
                if profile.baseURL?.hasSuffix("/api/0") == true { profile.baseURL?.removeLast(6) }
            } else if let region = profile.string("region")?.lowercased() {
                guard let address = Self.regions[region] else {
                    throw ConfigurationError(
                        code: .invalidValue,
                        variable: variable,
                        message:
                            "The sentry profile \"\(name)\" names the region \"\(region)\"; valid regions: \(Self.regions.keys.sorted().joined(separator: ", ")) (or set base_url for a self-hosted Sentry)."
                    )
                }
                profile.baseURL = address
            } else {
                profile.baseURL = Self.defaultBaseURL
            }
            settings.profiles[name] = profile
        }
    }
}
