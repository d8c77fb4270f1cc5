public import StructuredData

/// One change between two versions of a pack that a security reviewer should see.
public struct GovernanceChange: Sendable, Hashable {
    /// What kind of change it is.
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case topicAdded = "topic_added"
        case topicRemoved = "topic_removed"
        case capabilityAdded = "capability_added"
        case capabilityRemoved = "capability_removed"
        case riskTagAdded = "risk_tag_added"
        case riskTagRemoved = "risk_tag_removed"
        case requiresAdded = "requires_added"
        case requiresRemoved = "requires_removed"
        case decisionLoosened = "decision_loosened"
        case decisionTightened = "decision_tightened"
        case schemaBreaking = "schema_breaking"
        case workflowBreaking = "workflow_breaking"
        case workflowAdded = "workflow_added"
        case workflowRemoved = "workflow_removed"
    }

    /// How much it matters to a reviewer.
    public enum Impact: String, Sendable, Hashable, Comparable {
        /// Widens what the pack can do or loosens governance: review before upgrading.
        case review
        /// Narrows or tightens.
        case info

        public static func < (lhs: Impact, rhs: Impact) -> Bool { lhs == .review && rhs == .info }
    }

    /// The kind.
    public var kind: Kind
    /// The impact.
    public var impact: Impact
    /// What it is about: a topic, schema id or workflow id.
    public var subject: String
    /// One sentence describing the change.
    public var message: String

    /// Creates a change.
    public init(kind: Kind, impact: Impact, subject: String, message: String) {
        self.kind = kind
        self.impact = impact
        self.subject = subject
        self.message = message
    }

    /// The change as JSON.
    public var json: JSONValue {
        .object([
            "kind": .string(kind.rawValue),
            "impact": .string(impact.rawValue),
            "subject": .string(subject),
            "message": .string(message),
        ])
    }
}
