import StructuredData
public import WorkerKit

/// The mcp-client worker's configuration, read once from the `CORDUM_MCP_CLIENT_*` variables
/// (packs/mcp-client/README.md): WorkerKit's profiles and lists, and per profile the MCP servers and the risk it
/// declares for their tools.
public struct MCPClientConfiguration: Sendable {
    /// The pack id.
    public static let packID = "mcp-client"

    /// One profile's MCP part.
    public struct Profile: Sendable {
        /// Its servers by name.
        public var servers: [String: MCPServerConfiguration]
        /// The risk it declares for tools.
        public var risk: RiskDeclaration
    }

    /// Profiles, default profile, action lists, server and tool lists (`SERVERS`, `TOOLS`), request timeout,
    /// secrets.
    public var settings: VendorSettings
    /// The MCP part of each profile, by profile name.
    public var profiles: [String: Profile]
    /// When a crashed stdio server is started again.
    public var restart: SupervisedProcess.RestartPolicy

    /// Reads the configuration.
    /// - Parameters:
    ///   - environment: The variables (the process environment, or an emulator's settings).
    ///   - secrets: The registry every credential is registered in.
    ///   - restart: The restart policy of stdio servers.
    public init(
        environment: [String: String],
        secrets: SecretRegistry = SecretRegistry(),
        restart: SupervisedProcess.RestartPolicy = SupervisedProcess.RestartPolicy()
    ) throws(ConfigurationError) {
        settings = try VendorSettings(
            packID: Self.packID,
            environment: environment,
            resourceKinds: ["SERVERS", "TOOLS"],
            secrets: secrets
        )
        self.restart = restart
        let variable = settings.variablePrefix + "PROFILES"
        var profiles: [String: Profile] = [:]
        for (name, profile) in settings.profiles {
            let place = "\(variable) profile \"\(name)\""
            var servers: [String: MCPServerConfiguration] = [:]
            if let entries = profile.settings["servers"] {
                guard let members = entries.objectValue else {
                    throw ConfigurationError(
                        code: .invalidValue,
                        variable: variable,
                        message: "\(place): servers must be an object of servers by name."
                    )
                }
                for (server, value) in members {
                    servers[server] = try MCPServerConfiguration.parse(
                        name: server,
                        value,
                        where: place,
                        environment: environment,
                        secrets: secrets,
                        defaultTimeout: settings.requestTimeout ?? .seconds(30)
                    )
                }
            }
            var risk = RiskDeclaration()
            if let declared = profile.settings["tools"] {
                for (key, value) in declared.objectValue ?? [:] {
                    guard let level = ToolRisk(rawValue: key) else {
                        throw ConfigurationError(
                            code: .invalidValue,
                            variable: variable,
                            message: "\(place): tools.\(key) is not a risk; use read, write or destructive."
                        )
                    }
                    let texts = value.arrayValue?.compactMap(\.stringValue) ?? value.stringValue.map { [$0] } ?? []
                    let patterns = texts.map { GlobPattern($0) }
                    if let bad = patterns.first(where: { !$0.isValid }) {
                        throw ConfigurationError(
                            code: .invalidValue,
                            variable: variable,
                            message: "\(place): tools.\(key) has the malformed pattern \"\(bad.pattern)\"."
                        )
                    }
                    risk.patterns[level] = patterns
                }
            }
            profiles[name] = Profile(servers: servers, risk: risk)
        }
        self.profiles = profiles
    }
}
