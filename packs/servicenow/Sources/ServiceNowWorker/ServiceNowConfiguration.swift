import StructuredData
public import WorkerKit

/// The servicenow worker's configuration, read once from the environment (`CORDUM_SERVICENOW_*`, every variable in
/// packs/servicenow/README.md): WorkerKit's profiles and lists (`TABLES`, for `records.delete`) with its credential
/// kinds — basic auth, OAuth 2.0 client credentials, the password grant (refreshed with its refresh token) and a
/// configured refresh token — and each profile's instance URL, CA and `prod_cis` (globs on CI names: changes on those
/// CIs go on the `prod.changes.*` topics).
public struct ServiceNowConfiguration: Sendable {
    /// The pack id.
    public static let packID = "servicenow"
    /// The request timeout unless `CORDUM_SERVICENOW_REQUEST_TIMEOUT` says otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(30)
    /// The `User-Agent` unless `CORDUM_SERVICENOW_USER_AGENT` says otherwise.
    public static let defaultUserAgent = "cordum-servicenow-worker/0.1.0"
    /// ServiceNow's OAuth token endpoint, below the instance URL.
    public static let tokenPath = "/oauth_token.do"

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
            resourceKinds: ["TABLES"],
            profileFields: CredentialKind.profileFields + [ProfileField("prod_cis")],
            secrets: secrets
        )
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
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
                        "The servicenow profile \"\(profile.name)\" needs a base_url: the instance URL, https://<instance>.service-now.com\(base.isEmpty ? "" : "; \"\(base)\" is not an http(s) URL")."
                )
            }
        }
    }

    /// Whether the CI named `ci` is production for `profile` (its `prod_cis` globs, matched against the name).
    /// - Parameters:
    ///   - ci: The CI's name (or sys_id, which an operator may list too).
    ///   - profile: The profile.
    public static func isProduction(_ ci: String, profile: VendorProfile) -> Bool {
        let patterns = VendorProfile(name: "", settings: ["allowed_prod": profile.settings["prod_cis"] ?? .null])
            .accessList("prod").allow
        return patterns.contains { $0.matches(ci) }
    }
}
