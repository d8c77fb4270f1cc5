public import StructuredData
public import WorkerKit

/// The Bot Framework activity endpoint of the approval cards: Teams sends a card's `Action.Execute` press as an
/// `invoke` activity named `adaptiveCard/action`, with `Authorization: Bearer <JWT>` signed by the Bot Framework.
/// The receiver checks the token (``JWKSTokenVerifier``: signature against the published keys, issuer, audience =
/// the bot's app id, expiry), maps the presser's Entra object id (`from.aadObjectId`, optionally
/// `<tenant id>:<object id>`) to a principal (``ApprovalPrincipals``; unmapped users are refused), decides exactly
/// the approval and digest of the card through the host (``ApprovalDeciding``), and answers with the card that
/// replaces the pending one (Universal Actions' `application/vnd.microsoft.card.adaptive` response).
public struct TeamsApprovalReceiver: Sendable {
    /// The answer to Teams.
    public struct Answer: Sendable, Hashable {
        /// The HTTP status (200; 401 for a missing or refused token; 400 for an activity that is not a card action).
        public var status: Int
        /// The invoke response body.
        public var body: JSONValue
        /// Whether an approval was decided.
        public var decided: Bool
    }

    let verifier: JWKSTokenVerifier
    let principals: ApprovalPrincipals
    let decider: any ApprovalDeciding

    /// A receiver.
    /// - Parameters:
    ///   - verifier: Checks the Bot Framework's token.
    ///   - principals: Who may decide.
    ///   - decider: The host's outside-approval path.
    public init(verifier: JWKSTokenVerifier, principals: ApprovalPrincipals, decider: any ApprovalDeciding) {
        self.verifier = verifier
        self.principals = principals
        self.decider = decider
    }

    /// Handles one activity.
    /// - Parameters:
    ///   - authorization: The `Authorization` header.
    ///   - body: The activity (raw JSON).
    public func handle(authorization: String?, body: [UInt8]) async -> Answer {
        guard let header = authorization, header.lowercased().hasPrefix("bearer ") else {
            return Answer(status: 401, body: ["error": "the activity carries no Bot Framework token"], decided: false)
        }
        do {
            _ = try await verifier.verify(String(header.dropFirst(7)))
        } catch {
            return Answer(status: 401, body: ["error": .string(error.description)], decided: false)
        }
        guard let activity = try? JSONParser.parse(String(decoding: body, as: UTF8.self)),
            let action = CardAction(activity: activity)
        else {
            return Answer(
                status: 400,
                body: ["error": "the activity is not an approval card action of Cordum"],
                decided: false
            )
        }
        guard let principal = principals.principal(user: action.user, team: action.tenant) else {
            return message("You are not mapped to a Cordum principal, so you cannot decide approvals from Teams.")
        }
        do {
            let decision = try await decider.decide(
                approval: action.approval,
                digest: action.digest,
                approve: action.approve,
                person: action.user,
                principal: principal
            )
            return Answer(
                status: 200,
                body: [
                    "statusCode": 200, "type": "application/vnd.microsoft.card.adaptive",
                    "value": TeamsApprovalCard.outcome(decision, approval: action.approval),
                ],
                decided: decision.outcome == "approved" || decision.outcome == "rejected"
            )
        } catch {
            return message("Cordum could not record the decision: \(error)")
        }
    }

    func message(_ text: String) -> Answer {
        Answer(
            status: 200,
            body: ["statusCode": 200, "type": "application/vnd.microsoft.activity.message", "value": .string(text)],
            decided: false
        )
    }
}

/// A press of an approval card's button: the `adaptiveCard/action` invoke activity.
struct CardAction: Sendable, Hashable {
    var user: String
    var tenant: String?
    var approval: String
    var digest: String
    var approve: Bool

    init?(activity: JSONValue) {
        guard activity["type"]?.stringValue == "invoke", activity["name"]?.stringValue == "adaptiveCard/action",
            let action = activity["value"]?["action"], action["type"]?.stringValue == "Action.Execute",
            let verb = action["verb"]?.stringValue,
            verb == TeamsApprovalCard.approveVerb || verb == TeamsApprovalCard.rejectVerb,
            let approval = action["data"]?["approval_id"]?.stringValue, !approval.isEmpty,
            let digest = action["data"]?["digest"]?.stringValue, !digest.isEmpty,
            let user = activity["from"]?["aadObjectId"]?.stringValue, !user.isEmpty
        else { return nil }
        self.user = user
        self.tenant =
            activity["conversation"]?["tenantId"]?.stringValue ?? activity["channelData"]?["tenant"]?["id"]?.stringValue
        self.approval = approval
        self.digest = digest
        self.approve = verb == TeamsApprovalCard.approveVerb
    }
}
