public import WorkerKit

/// The slack worker's configuration, read once from the environment (`CORDUM_SLACK_*`, docs in
/// packs/slack/README.md): WorkerKit's profiles and lists (`CHANNELS`), plus each profile's incoming webhook, its
/// Slack signing secret and its approvals channel.
///
/// A profile's `base_url` defaults to `https://slack.com/api`; `token` (or `token_env`) is the bot token
/// (`xoxb-…`). `webhook_url` (or `webhook_url_env`) is the incoming webhook `webhook.post` sends to: the URL is a
/// credential, so its secret last segment is registered with the worker's secrets (and the whole URL when it was
/// read through an `_ENV` variable), and never appears in a plan, output or log.
public struct SlackConfiguration: Sendable {
    /// The pack id.
    public static let packID = "slack"
    /// Slack's Web API.
    public static let defaultBaseURL = "https://slack.com/api"
    /// The request timeout unless `CORDUM_SLACK_REQUEST_TIMEOUT` says otherwise (upstream's).
    public static let defaultRequestTimeout: Duration = .seconds(45)
    /// The `User-Agent` unless `CORDUM_SLACK_USER_AGENT` says otherwise (upstream's).
    public static let defaultUserAgent = "cordum-slack-worker/0.1.0"
    /// The most pages a job may ask for.
    public static let maxPagesLimit = 50

    /// Profiles, lists, timeout, user agent and secrets.
    public var settings: VendorSettings
    /// Who may decide approvals from Slack (`CORDUM_SLACK_APPROVERS`).
    public var approvers: ApprovalPrincipals

    /// The profile fields the pack reads besides WorkerKit's: the incoming webhook URL (a credential whose secret
    /// part the configuration registers itself), the signing secret and the approvals channel.
    static let profileFields = [
        ProfileField("webhook_url"),
        ProfileField("signing_secret", isSecret: true),
        ProfileField("approvals_channel"),
    ]

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables (`ProcessInfo.processInfo.environment` in the executable).
    ///   - secrets: The worker's secret registry; every credential is registered in it.
    /// - Throws: ``ConfigurationError`` naming the variable (and the profile) at fault.
    public init(environment: [String: String], secrets: SecretRegistry = SecretRegistry()) throws(ConfigurationError) {
        settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            resourceKinds: ["CHANNELS"],
            profileFields: Self.profileFields,
            secrets: secrets
        )
        // Upstream's defaults: a 45-second request timeout and its User-Agent.
        if settings.requestTimeout == nil { settings.requestTimeout = Self.defaultRequestTimeout }
        if settings.userAgent == nil { settings.userAgent = Self.defaultUserAgent }
        approvers = try ApprovalPrincipals(environment: environment)
        for profile in settings.profiles.values {
            guard let url = profile.string("webhook_url") else { continue }
            let secret = try Self.webhookSecret(url, profile: profile.name, prefix: settings.variablePrefix)
            secrets.register(secret)
        }
    }

    /// The secret part of an incoming webhook URL (`https://hooks.slack.com/services/T…/B…/<secret>`): its last
    /// path segment, at least 16 characters.
    static func webhookSecret(_ url: String, profile: String, prefix: String) throws(ConfigurationError) -> String {
        let withoutQuery = url.split(separator: "?", maxSplits: 1).first.map(String.init) ?? url
        guard withoutQuery.hasPrefix("https://") || withoutQuery.hasPrefix("http://"),
            let last = withoutQuery.split(separator: "/").last, last.count >= 16,
            withoutQuery.split(separator: "/").count >= 4
        else {
            throw ConfigurationError(
                code: .invalidValue,
                variable: "\(prefix)PROFILES",
                message:
                    "The webhook_url of the profile \"\(profile)\" is not an incoming webhook URL; expected https://hooks.slack.com/services/T…/B…/<secret> (the value is not repeated here)."
            )
        }
        return String(last)
    }

    /// The incoming webhook URL of `profile`, if it has one.
    func webhookURL(_ profile: VendorProfile) -> String? {
        profile.string("webhook_url")
    }
}
