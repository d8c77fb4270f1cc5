import StructuredData
public import WorkerKit

/// The pagerduty worker's configuration, read once from the environment (`CORDUM_PAGERDUTY_*`, every variable in
/// packs/pagerduty/README.md): WorkerKit's profiles and lists (`SERVICES`) with PagerDuty's settings per profile:
///
/// - `token` (or `api_key`): a REST API key, sent as `Authorization: Token token=<key>`;
/// - `region`: `us` (default) or `eu`, which gives the REST and Events API addresses (`base_url` and
///   `events_base_url` override them: a proxy, the emulator);
/// - `from`: the email of the PagerDuty user that incident changes are made as (the `From` header PagerDuty requires
///   on them; a job's `from` input wins);
/// - `routing_key`: the Events API v2 integration key `events.trigger` sends to (a credential).
public struct PagerDutyConfiguration: Sendable {
    /// The pack id.
    public static let packID = "pagerduty"
    /// The request timeout unless `CORDUM_PAGERDUTY_REQUEST_TIMEOUT` says otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(30)
    /// The `User-Agent` unless `CORDUM_PAGERDUTY_USER_AGENT` says otherwise.
    public static let defaultUserAgent = "cordum-pagerduty-worker/0.1.0"

    /// PagerDuty's service regions: the REST API and the Events API address of each.
    public static let regions: [String: (rest: String, events: String)] = [
        "us": ("https://api.pagerduty.com", "https://events.pagerduty.com"),
        "eu": ("https://api.eu.pagerduty.com", "https://events.eu.pagerduty.com"),
    ]

    /// The profile fields of the pack beside WorkerKit's credential kinds.
    static let profileFields =
        CredentialKind.profileFields + [
            ProfileField("region"), ProfileField("from"), ProfileField("events_base_url"),
            ProfileField("routing_key", isSecret: true),
        ]

    /// Profiles (REST API), lists, timeout, user agent and secrets.
    public var settings: VendorSettings
    /// The same profiles for the Events API: each one's events address, no REST credential (the routing key
    /// travels in the body).
    public var eventsSettings: VendorSettings

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables (`ProcessInfo.processInfo.environment` in the executable).
    ///   - secrets: The worker's secret registry; every credential is registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable (and the profile) at fault.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            resourceKinds: ["SERVICES"],
            profileFields: Self.profileFields,
            secrets: secrets
        )
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
        eventsSettings = settings
        let variable =
            settings.variablePrefix + (environment[settings.variablePrefix + "PROFILES"] == nil ? "REGION" : "PROFILES")
        for (name, original) in settings.profiles {
            var profile = original
            let region = (profile.string("region") ?? "us").lowercased()
            guard let addresses = Self.regions[region] else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: variable,
                    message:
                        "The pagerduty profile \"\(name)\" has the region \"\(region)\"; valid regions are us and eu (PagerDuty's service regions)."
                )
            }
            // A REST API key is sent as `Authorization: Token token=<key>`: the token field is that key.
            if profile.credentials["api_key"] == nil,
                profile.string("auth") == nil || profile.string("auth") == "api_key",
                let token = profile.credentials["token"]
            {
                profile.credentials["api_key"] = token
                profile.credentials["token"] = nil
            }
            if profile.baseURL == nil { profile.baseURL = addresses.rest }
            settings.profiles[name] = profile
            var events = profile
            events.baseURL = profile.string("events_base_url") ?? addresses.events
            events.credentials = [:]
            events.settings["auth"] = "none"
            eventsSettings.profiles[name] = events
        }
        for profile in settings.profiles.values.sorted(by: { $0.name < $1.name }) {
            for url in [profile.baseURL ?? "", eventsSettings.profiles[profile.name]?.baseURL ?? ""]
            where !(url.hasPrefix("https://") || url.hasPrefix("http://")) {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: settings.variablePrefix
                        + (environment[settings.variablePrefix + "PROFILES"] == nil ? "BASE_URL" : "PROFILES"),
                    message:
                        "The pagerduty profile \"\(profile.name)\" has the address \"\(url)\", which is not an http(s) URL; leave base_url and events_base_url out to use the region's."
                )
            }
        }
    }
}
