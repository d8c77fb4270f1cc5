/// The decision the Safety Kernel returns for a job, in the spelling Cordum's scheduler records
/// (`SafetyDecision`) and pack simulations compare.
public enum Decision: String, Sendable, Hashable, CaseIterable {
    case allow = "ALLOW"
    case deny = "DENY"
    case requireApproval = "REQUIRE_APPROVAL"
    case allowWithConstraints = "ALLOW_WITH_CONSTRAINTS"
    case throttle = "THROTTLE"

    /// Normalises a decision as Cordum's pack verifier normalises `expectDecision` and results: the text is
    /// trimmed and upper-cased; the proto names (`DECISION_TYPE_…`) and `REQUIRE_HUMAN` are accepted as aliases.
    /// - Parameter text: a decision as written in a simulation or returned by an API.
    /// - Returns: the decision, or `nil` when the text names none.
    public init?(normalizing text: String) {
        switch text.trimmingGoSpace().uppercased() {
        case "ALLOW", "DECISION_TYPE_ALLOW": self = .allow
        case "DENY", "DECISION_TYPE_DENY": self = .deny
        case "REQUIRE_APPROVAL", "REQUIRE_HUMAN", "DECISION_TYPE_REQUIRE_HUMAN": self = .requireApproval
        case "ALLOW_WITH_CONSTRAINTS", "DECISION_TYPE_ALLOW_WITH_CONSTRAINTS": self = .allowWithConstraints
        case "THROTTLE", "DECISION_TYPE_THROTTLE": self = .throttle
        default: return nil
        }
    }

    /// The name of the matching `cordum.agent.v1.DecisionType` value, as protojson prints it.
    public var protoName: String {
        switch self {
        case .allow: "DECISION_TYPE_ALLOW"
        case .deny: "DECISION_TYPE_DENY"
        case .requireApproval: "DECISION_TYPE_REQUIRE_HUMAN"
        case .allowWithConstraints: "DECISION_TYPE_ALLOW_WITH_CONSTRAINTS"
        case .throttle: "DECISION_TYPE_THROTTLE"
        }
    }

    /// The number of the matching `DecisionType` value on the wire.
    public var protoNumber: Int {
        switch self {
        case .allow: 1
        case .deny: 2
        case .requireApproval: 3
        case .throttle: 4
        case .allowWithConstraints: 5
        }
    }
}

extension Decision {
    /// Every spelling a policy document may use in a rule's `decision`, in the schema's order.
    static let policySpellings = [
        "allow", "permit", "deny", "block", "require_approval", "require-approval", "require_human",
        "allow_with_constraints", "allow-with-constraints", "throttle",
    ]

    /// The kernel's code-level normalisation of a rule decision: lower-cased and trimmed, aliases folded,
    /// anything else (including blank) is `allow`.
    init(ruleSpelling text: String) {
        switch text.trimmingGoSpace().lowercased() {
        case "deny", "block": self = .deny
        case "require_approval", "require-approval", "require_human": self = .requireApproval
        case "allow_with_constraints", "allow-with-constraints": self = .allowWithConstraints
        case "throttle": self = .throttle
        default: self = .allow
        }
    }
}
