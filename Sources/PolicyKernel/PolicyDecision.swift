/// The Safety Kernel's answer for one job.
public struct PolicyDecision: Sendable, Hashable {
    /// The decision on the wire (allow with non-empty constraints is ``Decision/allowWithConstraints``).
    public var decision: Decision
    /// The id of the rule that decided (also kept when tenant MCP lists or the effective config turned the
    /// decision into a deny); empty when no rule matched.
    public var ruleID: String
    /// Why; empty for allow decisions.
    public var reason: String
    /// The deciding rule's constraints; `nil` when it has none (or only empty ones).
    public var constraints: PolicyConstraints?
    /// The deciding rule's remediations, verbatim.
    public var remediations: [PolicyRemediation]
    /// The policy snapshot id; empty for the topic guards' denials.
    public var snapshot: String
    /// Whether a person must approve: the deciding rule requires approval, or the decision does.
    public var approvalRequired: Bool
    /// The job id when approval is required, else empty.
    public var approvalRef: String

    /// Creates a decision.
    public init(
        decision: Decision = .allow,
        ruleID: String = "",
        reason: String = "",
        constraints: PolicyConstraints? = nil,
        remediations: [PolicyRemediation] = [],
        snapshot: String = "",
        approvalRequired: Bool = false,
        approvalRef: String = ""
    ) {
        self.decision = decision
        self.ruleID = ruleID
        self.reason = reason
        self.constraints = constraints
        self.remediations = remediations
        self.snapshot = snapshot
        self.approvalRequired = approvalRequired
        self.approvalRef = approvalRef
    }

    /// A topic guard's denial: no rule, no snapshot.
    init(guardReason: String) {
        self.init(decision: .deny, reason: guardReason)
    }
}
