public import PolicyKernel

/// The decision the roadmap's baseline requires of a topic, derived from its declared risk tags.
public enum Baseline: String, Sendable, Hashable {
    /// `read` (and nothing sensitive): ALLOW (constraints may tighten it).
    case allow = "ALLOW"
    /// `write`: REQUIRE_APPROVAL; ALLOW_WITH_CONSTRAINTS only when every workflow step on the topic already waits
    /// for an approval step (no double approvals).
    case requireApproval = "REQUIRE_APPROVAL"
    /// `destructive`, `prod` or `secrets`: DENY, or REQUIRE_APPROVAL with constraints.
    case denyOrConstrainedApproval = "DENY|REQUIRE_APPROVAL+constraints"
    /// Neither `read` nor `write` declared: no baseline can be derived.
    case unclassified = "UNCLASSIFIED"

    /// The tags that make a topic sensitive.
    public static let sensitiveTags: Set<String> = ["destructive", "prod", "secrets"]

    /// Derives the baseline from declared risk tags (case-insensitive).
    public init(riskTags: [String]) {
        let tags = Set(riskTags.map { $0.lowercased() })
        if !tags.isDisjoint(with: Self.sensitiveTags) {
            self = .denyOrConstrainedApproval
        } else if tags.contains("write") {
            self = .requireApproval
        } else if tags.contains("read") {
            self = .allow
        } else {
            self = .unclassified
        }
    }

    /// Whether a decision meets this baseline.
    /// - Parameters:
    ///   - decision: the policy's decision.
    ///   - approvalGated: whether every workflow step on the topic waits for an approval step.
    public func isMet(by decision: PolicyDecision, approvalGated: Bool) -> Bool {
        switch self {
        case .allow:
            return decision.decision == .allow || decision.decision == .allowWithConstraints
        case .requireApproval:
            return decision.decision == .requireApproval
                || (approvalGated && decision.decision == .allowWithConstraints)
        case .denyOrConstrainedApproval:
            return decision.decision == .deny
                || (decision.decision == .requireApproval && decision.constraints != nil)
        case .unclassified:
            return true
        }
    }

    /// Whether a simulation expecting `expected` exercises this baseline's required outcome.
    public func isCovered(byExpectation expected: Decision, approvalGated: Bool) -> Bool {
        switch self {
        case .allow: return expected == .allow || expected == .allowWithConstraints
        case .requireApproval:
            return expected == .requireApproval || (approvalGated && expected == .allowWithConstraints)
        case .denyOrConstrainedApproval: return expected == .deny || expected == .requireApproval
        case .unclassified: return false
        }
    }
}
