public import StructuredData

/// Why a request got its decision: how it was normalised, which earlier rules failed and on which condition, which
/// rule decided, what strict mode added, and which later step (tenant MCP lists, effective config) overrode it.
public struct PolicyExplanation: Sendable, Hashable {
    /// A rule considered before the decision that did not match.
    public struct Miss: Sendable, Hashable {
        /// The rule's position in the evaluated list.
        public var index: Int
        /// The rule id (may be empty).
        public var ruleID: String
        /// The file or fragment key the rule came from.
        public var source: String
        /// The first condition that failed, as a field path (`match.topics`).
        public var field: String
        /// What failed, e.g. `topic "job.x.read" does not match any of ["job.x.write"]`.
        public var reason: String
    }

    /// What strict mode added to the request from its topic's declaration.
    public struct StrictAdditions: Sendable, Hashable {
        /// The declared topic.
        public var topic: String
        /// Declared risk tags the request did not carry.
        public var addedRiskTags: [String]
        /// Declared requirements the request did not carry.
        public var addedRequires: [String]
    }

    /// A step after rule selection that changed the outcome.
    public struct Override: Sendable, Hashable {
        /// `tenant_mcp` or `effective_config`.
        public var source: String
        /// The reason it gave.
        public var reason: String
    }

    /// The decision, identical to ``CompiledPolicy/evaluate(_:)``.
    public var decision: PolicyDecision
    /// The trimmed topic.
    public var topic: String
    /// The resolved tenant.
    public var tenant: String
    /// Where the tenant came from: `tenant`, `meta.tenant_id`, `default_tenant` or `default`.
    public var tenantSource: String
    /// The guard that refused the request before any rule (`missing topic`, `unsupported topic`), if one did.
    public var guardReason: String?
    /// Whether the rules were synthesised from tenant topic lists (the policy has no rules).
    public var usesLegacyRules: Bool
    /// The index of the deciding rule; `nil` when none matched (default allow).
    public var matchedRuleIndex: Int?
    /// The deciding rule's id.
    public var matchedRuleID: String?
    /// The file or fragment key of the deciding rule.
    public var matchedRuleSource: String?
    /// Every earlier rule, with the first condition that failed.
    public var misses: [Miss]
    /// Strict mode's additions; `nil` when strict mode did not apply to this topic.
    public var strict: StrictAdditions?
    /// Later steps that overrode the rule's outcome.
    public var overrides: [Override]

    /// The explanation as JSON (snake_case keys).
    public var json: JSONValue {
        var matched: JSONValue = .null
        if let matchedRuleIndex {
            matched = [
                "index": .integer(matchedRuleIndex),
                "rule_id": .string(matchedRuleID ?? ""),
                "source": .string(matchedRuleSource ?? ""),
            ]
        }
        return [
            "decision": decision.json,
            "topic": .string(topic),
            "tenant": .string(tenant),
            "tenant_source": .string(tenantSource),
            "guard": guardReason.map(JSONValue.string) ?? .null,
            "legacy_rules": .bool(usesLegacyRules),
            "matched_rule": matched,
            "skipped_rules": .array(
                misses.map {
                    [
                        "index": .integer($0.index),
                        "rule_id": .string($0.ruleID),
                        "source": .string($0.source),
                        "field": .string($0.field),
                        "reason": .string($0.reason),
                    ]
                }
            ),
            "strict": strict.map {
                [
                    "topic": .string($0.topic),
                    "added_risk_tags": strings($0.addedRiskTags),
                    "added_requires": strings($0.addedRequires),
                ]
            } ?? .null,
            "overrides": .array(overrides.map { ["source": .string($0.source), "reason": .string($0.reason)] }),
        ]
    }
}
