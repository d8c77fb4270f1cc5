/// What a pack knows about its vendor's credentials, so its profiles need set only the secrets: the `Authorization`
/// scheme of a `token`, the header names of API keys, the token URL of OAuth grants. Every value can be overridden
/// per profile with the field of the same name (``VendorProfile/credentialProvider(defaults:http:tokens:now:)``).
///
/// ```swift
/// // Datadog: two keys in headers of its own.
/// CredentialDefaults(apiKeyHeader: "DD-API-KEY", applicationKeyHeader: "DD-APPLICATION-KEY")
/// // PagerDuty: one key in a custom Authorization scheme.
/// CredentialDefaults(apiKeyHeader: "Authorization", apiKeyPrefix: "Token token=")
/// // ServiceNow: OAuth at a path of the instance.
/// CredentialDefaults(tokenURL: "/oauth_token.do")
/// ```
public struct CredentialDefaults: Sendable, Hashable {
    /// The `Authorization` scheme a `token` is sent with (`token_scheme`): `Bearer` (default) or `token`.
    public var tokenScheme: String
    /// The header `api_key` is sent in (`api_key_header`); default `X-API-Key`.
    public var apiKeyHeader: String
    /// Written before `api_key` (`api_key_prefix`); default none.
    public var apiKeyPrefix: String
    /// The header `application_key` is sent in (`application_key_header`); default none, so a profile with an
    /// `application_key` must name it.
    public var applicationKeyHeader: String?
    /// The OAuth token URL (`token_url`); a path starting `/` is resolved against the profile's `base_url`.
    public var tokenURL: String?

    /// Defaults.
    /// - Parameters:
    ///   - tokenScheme: Default `Bearer`.
    ///   - apiKeyHeader: Default `X-API-Key`.
    ///   - apiKeyPrefix: Default none.
    ///   - applicationKeyHeader: Default none.
    ///   - tokenURL: Default none.
    public init(
        tokenScheme: String = "Bearer",
        apiKeyHeader: String = "X-API-Key",
        apiKeyPrefix: String = "",
        applicationKeyHeader: String? = nil,
        tokenURL: String? = nil
    ) {
        self.tokenScheme = tokenScheme
        self.apiKeyHeader = apiKeyHeader
        self.apiKeyPrefix = apiKeyPrefix
        self.applicationKeyHeader = applicationKeyHeader
        self.tokenURL = tokenURL
    }
}
