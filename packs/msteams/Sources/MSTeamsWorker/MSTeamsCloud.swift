/// A Microsoft national cloud: where Graph, Entra ID's token endpoint and the Bot Framework's token service are for
/// it. A profile picks one with `cloud` (default `global`); `base_url`, `token_url` and the `bot_*` fields still
/// override each value.
public struct MSTeamsCloud: Sendable, Hashable {
    /// The profile value (`global`, `usgov`, `usgov-dod`, `china`).
    public var name: String
    /// Graph's root, without the version (`https://graph.microsoft.com`).
    public var graph: String
    /// Entra ID's authority host (`https://login.microsoftonline.com`).
    public var login: String
    /// The Bot Framework's OpenID configuration (the keys of the tokens Teams sends a bot).
    public var botOpenIDConfiguration: String
    /// The issuer of the Bot Framework's tokens.
    public var botIssuer: String

    /// The clouds, from Microsoft's national cloud deployment tables (Graph and Bot Framework docs).
    public static let all: [String: MSTeamsCloud] = [
        "global": MSTeamsCloud(
            name: "global",
            graph: "https://graph.microsoft.com",
            login: "https://login.microsoftonline.com",
            botOpenIDConfiguration: "https://login.botframework.com/v1/.well-known/openidconfiguration",
            botIssuer: "https://api.botframework.com"
        ),
        "usgov": MSTeamsCloud(
            name: "usgov",
            graph: "https://graph.microsoft.us",
            login: "https://login.microsoftonline.us",
            botOpenIDConfiguration: "https://login.botframework.azure.us/v1/.well-known/openidconfiguration",
            botIssuer: "https://api.botframework.us"
        ),
        "usgov-dod": MSTeamsCloud(
            name: "usgov-dod",
            graph: "https://dod-graph.microsoft.us",
            login: "https://login.microsoftonline.us",
            botOpenIDConfiguration: "https://login.botframework.azure.us/v1/.well-known/openidconfiguration",
            botIssuer: "https://api.botframework.us"
        ),
        "china": MSTeamsCloud(
            name: "china",
            graph: "https://microsoftgraph.chinacloudapi.cn",
            login: "https://login.chinacloudapi.cn",
            botOpenIDConfiguration: "https://login.botframework.azure.cn/v1/.well-known/openidconfiguration",
            botIssuer: "https://api.botframework.azure.cn"
        ),
    ]

    /// Graph v1.0 (`<graph>/v1.0`).
    public var graphBaseURL: String { graph + "/v1.0" }

    /// The client credentials token endpoint of `tenant`.
    public func tokenURL(tenant: String) -> String { "\(login)/\(tenant)/oauth2/v2.0/token" }

    /// The scope of an app-only Graph token (`<graph>/.default`).
    public var graphScope: String { graph + "/.default" }
}
