import StructuredData
public import WorkerKit

/// The prometheus-query worker's configuration, read once from the environment (`CORDUM_PROMETHEUS_QUERY_*`,
/// docs in packs/prometheus-query/README.md): WorkerKit's profiles with their credentials (`auth`: `bearer` with
/// `token`, `basic` with `username` and `password`, or none) and TLS (`ca_file`/`ca_pem`, client certificates),
/// plus each profile's Alertmanager (`alertmanager_url`) and query bounds (`max_range`, `min_step`, `max_series`,
/// `max_silence`).
///
/// A profile is one Prometheus (`base_url`, e.g. `https://prometheus.example.com`) and the Alertmanager it sends to
/// (`alertmanager_url`), reached with the same credentials and TLS trust; several instances are several profiles.
public struct PrometheusQueryConfiguration: Sendable {
    /// The pack id.
    public static let packID = "prometheus-query"
    /// The request timeout unless `CORDUM_PROMETHEUS_QUERY_REQUEST_TIMEOUT` says otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(30)
    /// The `User-Agent` unless `CORDUM_PROMETHEUS_QUERY_USER_AGENT` says otherwise.
    public static let defaultUserAgent = "cordum-prometheus-query-worker/0.1.0"

    /// Profiles, lists, timeout, user agent and secrets.
    public var settings: VendorSettings
    /// The bounds of each profile, by profile name.
    public var limits: [String: QueryLimits]
    /// The bounds of a profile that sets none (a job's inline profile): the variables' or the defaults.
    public var defaultLimits: QueryLimits

    /// The profile fields the pack reads besides WorkerKit's.
    static let profileFields =
        CredentialKind.profileFields + [
            ProfileField("alertmanager_url"),
            ProfileField("max_range"),
            ProfileField("min_step"),
            ProfileField("max_series"),
            ProfileField("max_silence"),
        ]

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables (`ProcessInfo.processInfo.environment` in the executable).
    ///   - secrets: The worker's secret registry; every credential is registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable (and the profile and field) at fault.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        settings = try VendorSettings(
            packID: Self.packID,
            environment: Self.upstreamAliases(environment),
            profileFields: Self.profileFields,
            secrets: secrets
        )
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
        let prefix = settings.variablePrefix
        var fallback = QueryLimits()
        try fallback.read(
            { environment[prefix + $0.uppercased()].map { .string($0) } },
            place: { "\(prefix)\($0.uppercased())" }
        )
        defaultLimits = fallback
        limits = [:]
        for profile in settings.profiles.values {
            var bounds = fallback
            try bounds.read(
                { profile.settings[$0] },
                place: { "\(prefix)PROFILES profile \"\(profile.name)\" field \($0)" }
            )
            limits[profile.name] = bounds
            if let url = profile.string("alertmanager_url"), !(url.hasPrefix("http://") || url.hasPrefix("https://")) {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "\(prefix)PROFILES",
                    message:
                        "The alertmanager_url of the profile \"\(profile.name)\" is \"\(url)\"; expected an http:// or https:// URL such as https://alertmanager.example.com."
                )
            }
        }
    }

    /// Upstream's variables for the default profile's basic auth (`BASIC_USERNAME(_ENV)`, `BASIC_PASSWORD(_ENV)`),
    /// read as WorkerKit's `USERNAME(_ENV)`, `PASSWORD(_ENV)` and `AUTH=basic` unless those are set.
    static func upstreamAliases(_ environment: [String: String]) -> [String: String] {
        let prefix = "CORDUM_PROMETHEUS_QUERY_"
        var result = environment
        var aliased = false
        for (upstream, ours) in [
            ("BASIC_USERNAME", "USERNAME"), ("BASIC_USERNAME_ENV", "USERNAME_ENV"),
            ("BASIC_PASSWORD", "PASSWORD"), ("BASIC_PASSWORD_ENV", "PASSWORD_ENV"),
        ] {
            guard let value = environment[prefix + upstream], environment[prefix + ours] == nil else { continue }
            result[prefix + ours] = value
            aliased = true
        }
        if aliased, result[prefix + "AUTH"] == nil { result[prefix + "AUTH"] = "basic" }
        return result
    }

    /// The bounds of the profile `name`.
    public func limits(for name: String) -> QueryLimits { limits[name] ?? defaultLimits }
}
