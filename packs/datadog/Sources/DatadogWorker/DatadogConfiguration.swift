import StructuredData
public import WorkerKit

/// The datadog worker's configuration, read once from the environment (`CORDUM_DATADOG_*`, docs in
/// packs/datadog/README.md): WorkerKit's profiles with Datadog's two keys (`api_key` sent as `DD-API-KEY`,
/// `application_key` as `DD-APPLICATION-KEY`, each usually through `api_key_env` / `application_key_env`), the
/// profile's Datadog site (`site`, default `datadoghq.com`; `base_url` overrides it) and its bounds (`max_range`,
/// `max_series`, `max_mute`, `max_downtime`).
///
/// A profile is one Datadog organization on one site; several organizations or sites are several profiles.
public struct DatadogConfiguration: Sendable {
    /// The pack id.
    public static let packID = "datadog"
    /// The request timeout unless `CORDUM_DATADOG_REQUEST_TIMEOUT` says otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(30)
    /// The `User-Agent` unless `CORDUM_DATADOG_USER_AGENT` says otherwise.
    public static let defaultUserAgent = "cordum-datadog-worker/0.1.0"

    /// Profiles, lists, timeout, user agent and secrets; every profile has its site's base URL.
    public var settings: VendorSettings
    /// The bounds of each profile, by profile name.
    public var limits: [String: DatadogLimits]
    /// The bounds of a profile that sets none: the variables' or the defaults.
    public var defaultLimits: DatadogLimits

    /// The profile fields the pack reads besides WorkerKit's.
    static let profileFields =
        CredentialKind.profileFields + [
            ProfileField("site"), ProfileField("max_range"), ProfileField("max_series"), ProfileField("max_mute"),
            ProfileField("max_downtime"),
        ]

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables (`ProcessInfo.processInfo.environment` in the executable).
    ///   - secrets: The worker's secret registry; both keys of every profile are registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable (and the profile and field) at fault.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        let environment = Self.upstreamAliases(environment)
        settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            profileFields: Self.profileFields,
            secrets: secrets
        )
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
        let prefix = settings.variablePrefix
        var fallback = DatadogLimits()
        try fallback.read(
            { environment[prefix + $0.uppercased()].map { .string($0) } },
            place: { "\(prefix)\($0.uppercased())" }
        )
        defaultLimits = fallback
        limits = [:]
        for name in settings.profileNames {
            guard var profile = settings.profiles[name] else { continue }
            var bounds = fallback
            try bounds.read({ profile.settings[$0] }, place: { "\(prefix)PROFILES profile \"\(name)\" field \($0)" })
            limits[name] = bounds
            let site = profile.string("site") ?? DatadogSite.defaultSite
            guard let domain = DatadogSite.domain(site) else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "\(prefix)PROFILES",
                    message:
                        "The site of the profile \"\(name)\" is \"\(site)\"; expected one of Datadog's sites: \(DatadogSite.described) (or set base_url)."
                )
            }
            if profile.baseURL == nil {
                profile.baseURL = DatadogSite.apiURL(domain: domain)
                settings.profiles[name] = profile
            }
        }
    }

    /// Upstream's variables for the default profile's application key (`APP_KEY(_ENV)`), read as WorkerKit's
    /// `APPLICATION_KEY(_ENV)` unless those are set.
    static func upstreamAliases(_ environment: [String: String]) -> [String: String] {
        let prefix = "CORDUM_DATADOG_"
        var result = environment
        for (upstream, ours) in [("APP_KEY", "APPLICATION_KEY"), ("APP_KEY_ENV", "APPLICATION_KEY_ENV")] {
            guard let value = environment[prefix + upstream], environment[prefix + ours] == nil else { continue }
            result[prefix + ours] = value
        }
        return result
    }

    /// The bounds of the profile `name`.
    public func limits(for name: String) -> DatadogLimits { limits[name] ?? defaultLimits }
}
