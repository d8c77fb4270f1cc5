import Hummingbird
public import Logging
import StructuredData
public import WorkerKit

/// The approval cards as the `cordum-msteams` executable runs them beside the worker, from the environment (off
/// unless `CORDUM_MSTEAMS_HOST_URL` is set; packs/msteams/README.md):
///
/// - with `CORDUM_MSTEAMS_HOST_API_KEY(_ENV)`: WorkerKit's ``ApprovalEventRelay`` follows the host's approval
///   events and posts them as cards to the default profile's approvals channel (``TeamsApprovalNotifier``);
/// - with `CORDUM_MSTEAMS_BOT_ADDR` (`HOST:PORT`): a ``TeamsActivityServer`` receives the card actions, checks the
///   Bot Framework token against the default profile's `bot_app_id`, `bot_openid_configuration` and `bot_issuer`,
///   maps the user with `CORDUM_MSTEAMS_APPROVERS`, and decides through the host's callback
///   (``HostApprovalDecider``).
public struct TeamsApprovals: Sendable {
    /// The relay, when the stream's key is configured.
    public let relay: ApprovalEventRelay<TeamsApprovalNotifier>?
    /// The listener, when its address is configured.
    public let server: TeamsActivityServer?

    /// Reads the configuration; nil when approvals in Teams are off.
    /// - Throws: ``ConfigurationError`` naming the variable at fault; `WorkerError` (`invalid_input`) when the
    ///   default profile lacks what a configured part needs.
    public init?(
        configuration: MSTeamsConfiguration,
        environment: [String: String],
        secrets: SecretRegistry,
        logger: Logger
    ) throws {
        let prefix = configuration.settings.variablePrefix
        let address = environment[prefix + "BOT_ADDR"].flatMap { $0.isEmpty ? nil : $0 }
        guard
            let host = try ApprovalHostSettings.fromEnvironment(
                environment,
                packID: MSTeamsConfiguration.packID,
                vendor: "Teams",
                secrets: secrets
            )
        else {
            if address != nil {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: prefix + "BOT_ADDR",
                    message:
                        "\(prefix)BOT_ADDR needs \(prefix)HOST_URL and the integration's secret: the cards decide through the host."
                )
            }
            return nil
        }
        if host.apiKey != nil {
            let notifier = try TeamsApprovalNotifier(
                configuration: configuration,
                transport: MSTeamsWorker.makeTransport(configuration: configuration)
            )
            relay = ApprovalEventRelay(notifier: notifier, settings: host, logger: logger)
        } else {
            relay = nil
        }
        if let address {
            guard let (bind, port) = TeamsActivityServer.address(address) else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: prefix + "BOT_ADDR",
                    message: "\(prefix)BOT_ADDR must be HOST:PORT (e.g. 127.0.0.1:3978), not \"\(address)\"."
                )
            }
            let profile = try configuration.settings.resolveProfile(for: [:])
            guard let appID = profile.string("bot_app_id") ?? profile.string("client_id"),
                let openID = profile.string("bot_openid_configuration"), let issuer = profile.string("bot_issuer")
            else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: prefix + "BOT_APP_ID",
                    message:
                        "The card receiver needs the bot's app id (bot_app_id, or client_id) of the profile \"\(profile.name)\": Bot Framework tokens are checked against it."
                )
            }
            let verifier = JWKSTokenVerifier(openIDConfiguration: openID, issuers: [issuer], audiences: [appID])
            let receiver = TeamsApprovalReceiver(
                verifier: verifier,
                principals: configuration.approvers,
                decider: HostApprovalDecider(settings: host, timeout: .milliseconds(4_500))
            )
            server = TeamsActivityServer(receiver: receiver, host: bind, port: port, logger: logger)
        } else {
            server = nil
        }
    }

    /// Runs the relay and the listener until cancelled (or the listener stops).
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            if let relay { group.addTask { await relay.run() } }
            if let server { group.addTask { try await server.makeApplication().runService() } }
            try await group.waitForAll()
        }
    }
}
