import Foundation

/// Decides an approval on the host: the outside-approval path of the pack host (docs/events.md). A pack's receiver
/// of approval buttons (Slack's interactivity, Teams' card actions) calls it only for a verified request from a
/// mapped user, with exactly the approval and digest the button carried.
public protocol ApprovalDeciding: Sendable {
    /// Approves or rejects `approval` if its digest is still `digest`.
    /// - Parameters:
    ///   - approval: The approval's id.
    ///   - digest: The digest the message showed; the host refuses a decision for another digest.
    ///   - approve: Approve (`true`) or reject.
    ///   - person: The vendor's user who pressed the button (a Slack `U…`, an Entra object id): the host's
    ///     integration maps it to a principal again through its own `people`, which must agree with
    ///     ``ApprovalPrincipals``.
    ///   - principal: Who decided, from ``ApprovalPrincipals``.
    /// - Returns: The outcome as the host recorded it.
    func decide(
        approval: String,
        digest: String,
        approve: Bool,
        person: String,
        principal: String
    ) async throws -> ApprovalDecision
}

/// What the host recorded.
public struct ApprovalDecision: Sendable, Hashable {
    /// `approved`, `rejected`, or the state the approval already had (`already_decided`, `expired`, …).
    public var outcome: String
    /// Who decided.
    public var principal: String

    /// A decision.
    public init(outcome: String, principal: String) {
        self.outcome = outcome
        self.principal = principal
    }
}
