public import WorkerKit

/// The jira worker's configuration, read once from the environment (`CORDUM_JIRA_*`, every variable in
/// packs/jira/README.md): WorkerKit's profiles and lists (`PROJECTS`) with its credential kinds — Jira Cloud's basic
/// auth (`username` = the account email, `password` = an API token) and bearer tokens (`token`: a Data Center
/// personal access token or an OAuth access token).
///
/// Every profile needs a `base_url` (`https://acme.atlassian.net`): Jira sites have no common address.
public struct JiraConfiguration: Sendable {
    /// The pack id.
    public static let packID = "jira"
    /// The request timeout unless `CORDUM_JIRA_REQUEST_TIMEOUT` says otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(30)
    /// The `User-Agent` unless `CORDUM_JIRA_USER_AGENT` says otherwise.
    public static let defaultUserAgent = "cordum-jira-worker/0.1.0"

    /// Profiles, lists, timeout, user agent and secrets.
    public var settings: VendorSettings

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables (`ProcessInfo.processInfo.environment` in the executable).
    ///   - secrets: The worker's secret registry; every credential is registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable (and the profile) at fault.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            resourceKinds: ["PROJECTS"],
            profileFields: CredentialKind.profileFields,
            secrets: secrets
        )
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
        for (name, profile) in settings.profiles {
            // Upstream's jira worker sends USERNAME + TOKEN as basic auth: a token beside a username (and no
            // password, no other auth kind) is the account's API token.
            var profile = profile
            let auth = profile.string("auth")
            if profile.string("username") != nil, profile.credentials["password"] == nil,
                auth == nil || auth == "basic",
                let token = profile.credentials["token"]
            {
                profile.credentials["password"] = token
                profile.credentials["token"] = nil
                settings.profiles[name] = profile
            }
        }
        for profile in settings.profiles.values.sorted(by: { $0.name < $1.name }) {
            let base = profile.baseURL ?? ""
            guard base.hasPrefix("https://") || base.hasPrefix("http://") else {
                let variable =
                    settings.variablePrefix
                    + (environment[settings.variablePrefix + "PROFILES"] == nil ? "BASE_URL" : "PROFILES")
                throw ConfigurationError(
                    code: base.isEmpty ? .missingVariable : .invalidValue,
                    variable: variable,
                    message:
                        "The jira profile \"\(profile.name)\" needs a base_url: the site's address, https://<site>.atlassian.net (Cloud) or your Data Center URL\(base.isEmpty ? "" : "; \"\(base)\" is not an http(s) URL")."
                )
            }
        }
    }
}
