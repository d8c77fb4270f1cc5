public import WorkerKit

/// The outbound worker's configuration, read once from the environment (`CORDUM_WEBHOOKS_*`, packs/webhooks/README.md):
/// WorkerKit's profiles and lists, where a profile is a subscriber set-up — its `base_url` (deliveries to paths under
/// it are allowed), its `signing_secret` (or `signing_secret_env`) and the header that carries the signature.
///
/// Destinations outside every profile's `base_url` are refused unless `CORDUM_WEBHOOKS_ALLOWED_URLS` (or a profile's
/// `allowed_urls`) names them; `DENIED_URLS` refuses even those.
public struct WebhooksConfiguration: Sendable {
    /// The pack id.
    public static let packID = "webhooks"
    /// The request timeout unless `CORDUM_WEBHOOKS_REQUEST_TIMEOUT` says otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(15)
    /// The `User-Agent` unless `CORDUM_WEBHOOKS_USER_AGENT` says otherwise.
    public static let defaultUserAgent = "cordum-webhooks/0.1.0"
    /// The signature header unless a profile's `signature_header` says otherwise (the host's event deliveries use it
    /// too, so a subscriber verifies both the same way).
    public static let defaultSignatureHeader = "Cordum-Signature"

    /// Profiles, lists, timeout, user agent and secrets.
    public var settings: VendorSettings

    static let profileFields = [
        ProfileField("signing_secret", isSecret: true),
        ProfileField("signature_header"),
    ]

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables.
    ///   - secrets: The worker's secret registry; every signing secret is registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable at fault.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            resourceKinds: ["URLS"],
            profileFields: Self.profileFields,
            secrets: secrets
        )
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
        for profile in settings.profiles.values {
            if let secret = profile.credentials["signing_secret"] ?? profile.string("signing_secret"), secret.count < 16
            {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "\(settings.variablePrefix)PROFILES",
                    message:
                        "The signing_secret of the profile \"\(profile.name)\" is shorter than 16 characters; use a long random secret (the value is not repeated here)."
                )
            }
        }
    }
}
