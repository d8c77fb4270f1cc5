public import PolicyKernel

/// How strict a policy decision is, from ALLOW (loosest) to DENY (strictest).
///
/// The order: DENY > REQUIRE_APPROVAL with constraints > REQUIRE_APPROVAL > THROTTLE > ALLOW_WITH_CONSTRAINTS >
/// ALLOW. THROTTLE sits above ALLOW_WITH_CONSTRAINTS because the scheduler holds a throttled job and asks again
/// later (a static policy keeps holding it), while a constrained job runs now; it sits below REQUIRE_APPROVAL
/// because no person has to decide.
public enum Strictness: Int, Sendable, Hashable, Comparable, CaseIterable {
    case allow = 0
    case allowWithConstraints = 1
    case throttle = 2
    case requireApproval = 3
    case requireApprovalWithConstraints = 4
    case deny = 5

    /// The strictness of a decision.
    /// - Parameter decision: the kernel's decision.
    public init(_ decision: PolicyDecision) {
        switch decision.decision {
        case .allow: self = .allow
        case .allowWithConstraints: self = .allowWithConstraints
        case .throttle: self = .throttle
        case .requireApproval:
            self = decision.constraints == nil ? .requireApproval : .requireApprovalWithConstraints
        case .deny: self = .deny
        }
    }

    /// The label used in output: the wire decision, with `+constraints` for constrained approvals.
    public var label: String {
        switch self {
        case .allow: "ALLOW"
        case .allowWithConstraints: "ALLOW_WITH_CONSTRAINTS"
        case .throttle: "THROTTLE"
        case .requireApproval: "REQUIRE_APPROVAL"
        case .requireApprovalWithConstraints: "REQUIRE_APPROVAL+constraints"
        case .deny: "DENY"
        }
    }

    public static func < (lhs: Strictness, rhs: Strictness) -> Bool { lhs.rawValue < rhs.rawValue }
}
