public import Foundation
public import StructuredData
public import WorkerKit

/// Slack's interactivity requests for the approval buttons (`POST` with `payload=<JSON>` as a form body): the
/// signature checked (``SignedRequestVerifier``), the user mapped (``ApprovalPrincipals``), then exactly the
/// approval and digest of the button decided through ``ApprovalDeciding``. The answer is what Slack shows: a
/// replacement of the message with the outcome and who decided, or an ephemeral refusal.
public struct SlackApprovalReceiver: Sendable {
    /// The button action ids.
    public static let approveAction = "cordum_approve"
    /// The button action ids.
    public static let rejectAction = "cordum_reject"

    /// The answer to Slack.
    public struct Answer: Sendable, Hashable {
        /// The HTTP status (200, or 401 for an unsigned or wrongly signed request).
        public var status: Int
        /// The JSON body (a message replacement, or an ephemeral text).
        public var body: JSONValue
        /// Whether an approval was decided.
        public var decided: Bool
    }

    let verifier: SignedRequestVerifier
    let principals: ApprovalPrincipals
    let decider: any ApprovalDeciding

    /// A receiver.
    /// - Parameters:
    ///   - verifier: Checks Slack's signature (the profile's signing secret).
    ///   - principals: Who may decide.
    ///   - decider: The host's outside-approval path.
    public init(verifier: SignedRequestVerifier, principals: ApprovalPrincipals, decider: any ApprovalDeciding) {
        self.verifier = verifier
        self.principals = principals
        self.decider = decider
    }

    /// A receiver for `profile` of `configuration`: its signing secret (`signing_secret_env`) and the
    /// configuration's approvers.
    /// - Throws: `unknown_profile`; `invalid_input` when the profile has no signing secret.
    public init(
        configuration: SlackConfiguration,
        profile: String? = nil,
        decider: any ApprovalDeciding
    ) throws(WorkerError) {
        let input: JSONValue = profile.map { ["profile": .string($0)] } ?? [:]
        let resolved = try configuration.settings.resolveProfile(for: input)
        guard let secret = resolved.credentials["signing_secret"], !secret.isEmpty else {
            throw WorkerError(
                code: .invalidInput,
                message:
                    "Slack approvals need the signing secret of the profile \"\(resolved.name)\": set signing_secret_env in \(configuration.settings.variablePrefix)PROFILES (or \(configuration.settings.variablePrefix)SIGNING_SECRET_ENV)."
            )
        }
        self.init(
            verifier: SignedRequestVerifier(secret: secret),
            principals: configuration.approvers,
            decider: decider
        )
    }

    /// Handles one interactivity request.
    /// - Parameters:
    ///   - headers: The request headers, names lowercased.
    ///   - body: The raw body.
    ///   - now: The current time.
    public func handle(headers: [String: String], body: [UInt8], now: Date = Date()) async -> Answer {
        do {
            try verifier.verify(
                timestamp: headers["x-slack-request-timestamp"],
                signature: headers["x-slack-signature"],
                body: body,
                now: now
            )
        } catch {
            return Answer(status: 401, body: ["error": .string(error.description)], decided: false)
        }
        guard let interaction = SlackInteraction(formBody: body) else {
            return refusal("This request is not an approval button of Cordum.")
        }
        guard let principal = principals.principal(user: interaction.user, team: interaction.team) else {
            return refusal("You are not mapped to a Cordum principal, so you cannot decide approvals from Slack.")
        }
        do {
            let decision = try await decider.decide(
                approval: interaction.approval,
                digest: interaction.digest,
                approve: interaction.approve,
                person: interaction.user,
                principal: principal
            )
            let text = SlackApprovalMessage.outcomeText(decision, approval: interaction.approval)
            return Answer(
                status: 200,
                body: [
                    "replace_original": true, "text": .string(text), "blocks": SlackApprovalMessage.outcomeBlocks(text),
                ],
                decided: decision.outcome == "approved" || decision.outcome == "rejected"
            )
        } catch {
            return refusal("Cordum could not record the decision: \(error)")
        }
    }

    func refusal(_ text: String) -> Answer {
        Answer(
            status: 200,
            body: ["response_type": "ephemeral", "replace_original": false, "text": .string(text)],
            decided: false
        )
    }
}

/// A button press of an approval message: Slack's `block_actions` payload.
struct SlackInteraction: Sendable, Hashable {
    var user: String
    var team: String?
    var approval: String
    var digest: String
    var approve: Bool

    /// Reads `payload=<JSON>`; the button's value is `<approval id> <digest>`.
    init?(formBody: [UInt8]) {
        let text = String(decoding: formBody, as: UTF8.self)
        guard
            let field = text.split(separator: "&").first(where: { $0.hasPrefix("payload=") }),
            let json = String(field.dropFirst("payload=".count)).replacingOccurrences(of: "+", with: " ")
                .removingPercentEncoding,
            let payload = try? JSONParser.parse(json),
            payload["type"]?.stringValue == "block_actions",
            let user = payload["user"]?["id"]?.stringValue,
            case .array(let actions)? = payload["actions"], let action = actions.first,
            let id = action["action_id"]?.stringValue,
            id == SlackApprovalReceiver.approveAction || id == SlackApprovalReceiver.rejectAction,
            let value = action["value"]?.stringValue
        else { return nil }
        let parts = value.split(separator: " ")
        guard parts.count == 2 else { return nil }
        self.user = user
        self.team = payload["user"]?["team_id"]?.stringValue ?? payload["team"]?["id"]?.stringValue
        self.approval = String(parts[0])
        self.digest = String(parts[1])
        self.approve = id == SlackApprovalReceiver.approveAction
    }
}
