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
        /// The decision kept its strictness but the deciding rule's constraints changed.
        case constraintsChanged = "constraints_changed"
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
    /// What it is about: a topic, capability, schema id or workflow id.
    public var subject: String
    /// One sentence describing the change.
    public var message: String
    /// Machine-readable facts about the change (`old`/`new` decisions, `reason` and `pointer` of a schema break,
    /// `category` of a requirement, ...), for tools and tests; never prose.
    public var details: [String: String]
    /// Where the change is in the new version (or the old one, for removals), when known.
    public var location: SourceLocation?
    /// What to do about it, when that helps.
    public var hint: String?

    /// Creates a change.
    /// - Parameters:
    ///   - kind: what kind of change it is.
    ///   - impact: review or info.
    ///   - subject: the topic, capability, schema id or workflow id.
    ///   - message: one sentence describing the change.
    ///   - details: machine-readable facts.
    ///   - location: where the change is, when known.
    ///   - hint: what to do about it.
    public init(
        kind: Kind,
        impact: Impact,
        subject: String,
        message: String,
        details: [String: String] = [:],
        location: SourceLocation? = nil,
        hint: String? = nil
    ) {
        self.kind = kind
        self.impact = impact
        self.subject = subject
        self.message = message
        self.details = details
        self.location = location
        self.hint = hint
    }

    /// The change as JSON: `kind`, `impact`, `subject`, `message`, and `details`, `file`/`line`/`column` and
    /// `hint` when present.
    public var json: JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(kind.rawValue),
            "impact": .string(impact.rawValue),
            "subject": .string(subject),
            "message": .string(message),
        ]
        if !details.isEmpty { object["details"] = .object(details.mapValues(JSONValue.string)) }
        if let location {
            object["file"] = .string(location.file)
            object["line"] = .integer(location.line)
            object["column"] = .integer(location.column)
        }
        if let hint { object["hint"] = .string(hint) }
        return .object(object)
    }
}
