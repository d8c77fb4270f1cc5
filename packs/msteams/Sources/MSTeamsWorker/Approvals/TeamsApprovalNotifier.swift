public import Logging
import NIOHTTP1
import StructuredData
public import WorkerKit

/// Posts pending approvals to a profile's approvals channel as Adaptive Cards (``TeamsApprovalCard``) through
/// Graph, with the profile's Entra ID credential and the worker's ``CredentialTransport`` (token cache, one renewal
/// on 401, Graph's errors as the shared codes). Once decided — by a button or anywhere else — the outcome card is
/// posted as a reply in the approval's thread: Graph lets an application post channel messages but not edit them,
/// and a press of the card's own button already replaced the card through the invoke response.
public struct TeamsApprovalNotifier: ApprovalNotifying {
    /// A posted approval card.
    public struct Posted: Sendable, Hashable {
        /// The team id.
        public var team: String
        /// The channel id.
        public var channel: String
        /// The message id.
        public var message: String
    }

    let transport: CredentialTransport
    let profile: CredentialProfile
    let team: String
    let channel: String

    /// A notifier for `profile` of `configuration`.
    /// - Parameters:
    ///   - configuration: The worker's configuration.
    ///   - profile: The profile (default: the default profile).
    ///   - transport: The Graph transport (``MSTeamsWorker/makeTransport(configuration:retryClock:httpClient:tokens:)``).
    /// - Throws: `unknown_profile`; `invalid_input` when the profile has no `approvals_team_id` or
    ///   `approvals_channel_id`.
    public init(
        configuration: MSTeamsConfiguration,
        profile: String? = nil,
        transport: CredentialTransport
    ) throws(WorkerError) {
        let input: JSONValue = profile.map { ["profile": .string($0)] } ?? [:]
        let resolved = try transport.profile(for: input)
        guard let team = resolved.vendorProfile.string("approvals_team_id"),
            let channel = resolved.vendorProfile.string("approvals_channel_id")
        else {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "Teams approvals need the profile \"\(resolved.name)\" to have approvals_team_id and approvals_channel_id (in \(configuration.settings.variablePrefix)PROFILES, or \(configuration.settings.variablePrefix)APPROVALS_TEAM_ID and …_APPROVALS_CHANNEL_ID)."
            )
        }
        self.transport = transport
        self.profile = resolved
        self.team = team
        self.channel = channel
    }

    var channelPath: String {
        "\(profile.baseURL)/teams/\(MSTeamsAction.segment(team))/channels/\(MSTeamsAction.segment(channel))/messages"
    }

    public func post(_ approval: PendingApproval, logger: Logger) async throws -> Posted {
        let body = MSTeamsAction.messageBody(
            text: approval.message ?? "Approval needed: \(approval.topic)",
            contentType: "text",
            card: TeamsApprovalCard.pending(approval)
        )
        let answer = try await send(channelPath, body, action: "approvals.post", logger: logger)
        return Posted(team: team, channel: channel, message: answer["id"]?.stringValue ?? "")
    }

    public func update(_ posted: Posted, decision: ApprovalDecision, approval: String, logger: Logger) async throws {
        let body = MSTeamsAction.messageBody(
            text: TeamsApprovalCard.outcomeText(decision, approval: approval),
            contentType: "text",
            card: TeamsApprovalCard.outcome(decision, approval: approval)
        )
        _ = try await send(
            "\(channelPath)/\(MSTeamsAction.segment(posted.message))/replies",
            body,
            action: "approvals.update",
            logger: logger
        )
    }

    func send(_ url: String, _ body: JSONValue, action: String, logger: Logger) async throws(WorkerError) -> JSONValue {
        let request = VendorRequest.json(.POST, url: url, body: body, headers: transport.headers(for: profile))
        return try await transport.send(request, profile: profile, action: action, logger: logger).json(
            vendor: "Microsoft Graph"
        )
    }
}
