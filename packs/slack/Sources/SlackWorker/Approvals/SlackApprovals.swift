import Hummingbird
public import Logging
public import WorkerKit

/// The approval buttons as the `cordum-slack` executable runs them beside the worker, from the environment (off
/// unless `CORDUM_SLACK_HOST_URL` is set; packs/slack/README.md):
///
/// - with `CORDUM_SLACK_HOST_API_KEY(_ENV)`: a ``SlackApprovalRelay`` follows the host's approval events and posts
///   them to the default profile's `approvals_channel` (updating them once decided);
/// - with `CORDUM_SLACK_INTERACTIVITY_ADDR` (`HOST:PORT`): a ``SlackInteractivityServer`` receives the button
///   presses, checked with the default profile's signing secret and `CORDUM_SLACK_APPROVERS`, and decides them
///   through the host's callback (``HostApprovalDecider``).
public struct SlackApprovals: Sendable {
    /// The relay, when the stream's key is configured.
    public let relay: SlackApprovalRelay?
    /// The listener, when its address is configured.
    public let server: SlackInteractivityServer?

    /// Reads the configuration; nil when approvals in Slack are off.
    /// - Throws: ``ConfigurationError`` naming the variable at fault; `WorkerError` (`invalid_input`) when the
    ///   default profile lacks the bot token, approvals channel or signing secret a configured part needs.
    public init?(
        configuration: SlackConfiguration,
        environment: [String: String],
        secrets: SecretRegistry,
        logger: Logger
    ) throws {
        let address = environment["CORDUM_SLACK_INTERACTIVITY_ADDR"].flatMap { $0.isEmpty ? nil : $0 }
        guard let host = try SlackHostSettings.fromEnvironment(environment, secrets: secrets) else {
            if address != nil {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "CORDUM_SLACK_INTERACTIVITY_ADDR",
                    message:
                        "CORDUM_SLACK_INTERACTIVITY_ADDR needs CORDUM_SLACK_HOST_URL and the integration's secret: the buttons decide through the host."
                )
            }
            return nil
        }
        if host.apiKey != nil {
            let notifier = try SlackApprovalNotifier(
                configuration: configuration,
                http: SlackWorker.makeClient(settings: configuration.settings)
            )
            relay = SlackApprovalRelay(notifier: notifier, settings: host, logger: logger)
        } else {
            relay = nil
        }
        if let address {
            guard let (bind, port) = SlackInteractivityServer.address(address) else {
                throw ConfigurationError(
                    code: .invalidValue,
                    variable: "CORDUM_SLACK_INTERACTIVITY_ADDR",
                    message:
                        "CORDUM_SLACK_INTERACTIVITY_ADDR must be HOST:PORT (e.g. 127.0.0.1:3000), not \"\(address)\"."
                )
            }
            let receiver = try SlackApprovalReceiver(
                configuration: configuration,
                decider: HostApprovalDecider(settings: host)
            )
            server = SlackInteractivityServer(receiver: receiver, host: bind, port: port, logger: logger)
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
