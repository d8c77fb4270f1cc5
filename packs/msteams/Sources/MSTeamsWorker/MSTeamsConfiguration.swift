import Foundation
import StructuredData
public import WorkerKit

/// The msteams worker's configuration, read once from the environment (`CORDUM_MSTEAMS_*`, docs in
/// packs/msteams/README.md): WorkerKit's profiles and lists (`TEAMS`, `CHANNELS`) with their credential kinds, plus
/// each profile's Entra ID tenant and national cloud, its Workflows webhook, its approvals channel and its bot.
///
/// A profile is Microsoft Entra ID's client credentials grant: `tenant_id`, `client_id`, and either `client_secret`
/// (or `client_secret_env`) or a certificate (`assertion_certificate_pem`, `…_pem_env` or `…_file`, with
/// `assertion_key_pem`/`…_file` unless the certificate's PEM holds the key: WorkerKit's `oauth_client_certificate`,
/// a signed client assertion per RFC 7523), never both. From `cloud` (`global` unless set; ``MSTeamsCloud``) the
/// configuration fills in what the profile leaves out: `base_url` (Graph v1.0), `token_url`
/// (`<login>/<tenant_id>/oauth2/v2.0/token`), `scope` (`<graph>/.default`) and, for a secret, `client_auth` (`body`,
/// as Entra ID documents). WorkerKit's ``CredentialTransport`` then exchanges, caches (until five minutes before
/// `expires_in`) and renews the token on a 401.
public struct MSTeamsConfiguration: Sendable {
    /// The pack id.
    public static let packID = "msteams"
    /// The request timeout unless `CORDUM_MSTEAMS_REQUEST_TIMEOUT` says otherwise.
    public static let defaultRequestTimeout: Duration = .seconds(45)
    /// The `User-Agent` unless `CORDUM_MSTEAMS_USER_AGENT` says otherwise.
    public static let defaultUserAgent = "cordum-msteams-worker/0.1.0"
    /// The most pages a job may ask for.
    public static let maxPagesLimit = 50

    /// Profiles, lists, timeout, user agent and secrets.
    public var settings: VendorSettings
    /// Who may decide approvals from Teams (`CORDUM_MSTEAMS_APPROVERS`: Entra object ids to principals).
    public var approvers: ApprovalPrincipals

    /// The profile fields the pack reads besides WorkerKit's credential fields.
    static let profileFields =
        CredentialKind.profileFields + [
            ProfileField("tenant_id"), ProfileField("cloud"), ProfileField("webhook_url"),
            ProfileField("approvals_team_id"), ProfileField("approvals_channel_id"), ProfileField("bot_app_id"),
            ProfileField("bot_openid_configuration"), ProfileField("bot_issuer"),
        ]

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables (`ProcessInfo.processInfo.environment` in the executable).
    ///   - secrets: The worker's secret registry; every credential is registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable (and the profile) at fault.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        var environment = environment
        let prefix = WorkerConfiguration.variablePrefix(packID: Self.packID)
        // A single profile from CORDUM_MSTEAMS_TENANT_ID alone: WorkerKit makes the default profile when BASE_URL
        // (or TOKEN) is set, so the cloud's Graph URL is set for it.
        if environment[prefix + "PROFILES"] == nil, environment[prefix + "BASE_URL"] == nil,
            environment[prefix + "TENANT_ID"] != nil
        {
            let cloud = try Self.cloud(environment[prefix + "CLOUD"], profile: "default", prefix: prefix)
            environment[prefix + "BASE_URL"] = cloud.graphBaseURL
        }
        settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            resourceKinds: ["TEAMS", "CHANNELS"],
            profileFields: Self.profileFields,
            secrets: secrets
        )
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
        for name in settings.profiles.keys.sorted() {
            guard var profile = settings.profiles[name] else { continue }
            let cloud = try Self.cloud(profile.string("cloud"), profile: name, prefix: prefix)
            if profile.baseURL == nil { profile.baseURL = cloud.graphBaseURL }
            let hasSecret = profile.credentials["client_secret"] != nil
            let hasCertificate = try Self.hasCertificate(profile, prefix: prefix)
            if hasSecret, hasCertificate {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: prefix + "PROFILES",
                    message:
                        "The profile \"\(name)\" sets both client_secret and a certificate (assertion_certificate_pem or assertion_certificate_file); Entra ID client credentials take one of them: remove the other."
                )
            }
            if !hasSecret, !hasCertificate, profile.string("client_id") != nil, profile.string("auth") == nil,
                profile.credentials["token"] == nil
            {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: prefix + "PROFILES",
                    message:
                        "The profile \"\(name)\" has a client_id but neither client_secret nor a certificate: set client_secret (or client_secret_env), or assertion_certificate_pem (or assertion_certificate_pem_env, or assertion_certificate_file) with its key."
                )
            }
            if hasSecret || hasCertificate, profile.string("token_url") == nil {
                guard let tenant = profile.string("tenant_id"), Self.isTenant(tenant) else {
                    throw ConfigurationError(
                        code: .invalidValue,
                        variable: prefix + "PROFILES",
                        message:
                            "The profile \"\(name)\" has a client \(hasSecret ? "secret" : "certificate") but no valid tenant_id: set the Entra ID tenant's id (a GUID) or domain (contoso.onmicrosoft.com), or a token_url."
                    )
                }
                profile.settings["token_url"] = .string(cloud.tokenURL(tenant: tenant))
            }
            if hasSecret || hasCertificate, profile.string("scope") == nil {
                profile.settings["scope"] = .string(cloud.graphScope)
            }
            if hasSecret, profile.string("client_auth") == nil { profile.settings["client_auth"] = "body" }
            if profile.string("bot_openid_configuration") == nil {
                profile.settings["bot_openid_configuration"] = .string(cloud.botOpenIDConfiguration)
            }
            if profile.string("bot_issuer") == nil { profile.settings["bot_issuer"] = .string(cloud.botIssuer) }
            settings.profiles[name] = profile
        }
        approvers = try ApprovalPrincipals(environment: environment, variable: prefix + "APPROVERS")
        for profile in settings.profiles.values {
            guard let url = profile.string("webhook_url") else { continue }
            for secret in try Self.webhookSecrets(url, profile: profile.name, prefix: prefix) {
                secrets.register(secret)
            }
        }
    }

    /// The secret parts of a Teams webhook URL, which never appear in a plan, output or log: a Workflows URL's
    /// `sig` parameter (`https://prod-00.westus.logic.azure.com/workflows/<id>/triggers/manual/paths/invoke?…&sig=…`),
    /// or a classic incoming webhook's last two path segments (`…/IncomingWebhook/<id>/<guid>`).
    static func webhookSecrets(_ url: String, profile: String, prefix: String) throws(ConfigurationError) -> [String] {
        let invalid = ConfigurationError(
            code: .invalidValue,
            variable: prefix + "PROFILES",
            message:
                "The webhook_url of the profile \"\(profile)\" is not a Teams Workflows or incoming webhook URL; expected https://…/workflows/<id>/triggers/manual/paths/invoke?…&sig=<signature> or https://….webhook.office.com/webhookb2/…/IncomingWebhook/<id>/<guid> (the value is not repeated here)."
        )
        guard let parsed = URLComponents(string: url), ["https", "http"].contains(parsed.scheme ?? "") else {
            throw invalid
        }
        if let sig = parsed.queryItems?.first(where: { $0.name == "sig" })?.value, sig.count >= 16 {
            return [sig]
        }
        let segments = parsed.path.split(separator: "/").map(String.init)
        if let index = segments.firstIndex(of: "IncomingWebhook"), segments.count >= index + 3 {
            return Array(segments[(index + 1)...]).filter { $0.count >= 16 }
        }
        throw invalid
    }

    /// Whether a profile authenticates with a certificate (`oauth_client_certificate`): its certificate is set, or
    /// `auth` names the kind.
    static func hasCertificate(_ profile: VendorProfile, prefix: String) throws(ConfigurationError) -> Bool {
        let named = profile.string("auth")?.lowercased() == CredentialKind.oauthClientCertificate.rawValue
        let set =
            profile.credentials["assertion_certificate_pem"] != nil
            || profile.string("assertion_certificate_file") != nil
        if named, !set {
            throw ConfigurationError(
                code: .invalidValue,
                variable: prefix + "PROFILES",
                message:
                    "The profile \"\(profile.name)\" names auth oauth_client_certificate but no certificate: set assertion_certificate_pem (or assertion_certificate_pem_env, or assertion_certificate_file) with its key."
            )
        }
        return named || set
    }

    /// The cloud a profile names.
    static func cloud(_ value: String?, profile: String, prefix: String) throws(ConfigurationError) -> MSTeamsCloud {
        let name = value ?? "global"
        guard let cloud = MSTeamsCloud.all[name] else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: prefix + "PROFILES",
                message:
                    "The profile \"\(profile)\" names the cloud \"\(name)\"; valid clouds: \(MSTeamsCloud.all.keys.sorted().joined(separator: ", "))."
            )
        }
        return cloud
    }

    /// A tenant id (GUID) or a verified domain.
    static func isTenant(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 256
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == ".") }
    }
}
