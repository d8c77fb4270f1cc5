/// A rule as evaluation and explanation need it: the rule as written, where it came from, and its prepared outcome.
struct CompiledRule: Sendable {
    /// The rule as written.
    let rule: PolicyRule
    /// The rule's position in the evaluated list.
    let index: Int
    /// The file or fragment key it came from.
    let source: String
    let outcome: RuleOutcome
    /// The conditions that stay in string form (labels, MCP lists); checked only for the rules that have them.
    let extras: RuleExtras

    init(_ rule: PolicyRule, index: Int, source: String) {
        self.rule = rule
        self.index = index
        self.source = source
        outcome = RuleOutcome(rule)
        extras = RuleExtras(rule.match)
    }
}

/// What a rule returns when it decides.
struct RuleOutcome: Sendable {
    let ruleID: String
    /// The rule's (normalised) decision.
    let decision: Decision
    let reason: String
    /// The constraints, or `nil` when they are empty.
    let constraints: PolicyConstraints?
    let remediations: [PolicyRemediation]

    init(_ rule: PolicyRule) {
        ruleID = rule.id
        decision = rule.decision
        reason = rule.reason
        constraints = rule.constraints.isEmpty ? nil : rule.constraints
        remediations = rule.remediations
    }
}

/// A rule's label and MCP conditions, which compare request strings directly.
struct RuleExtras: Sendable {
    /// A label entry: the request's value for `key` (empty when absent) must equal `value` byte for byte.
    struct Label: Sendable {
        let key: String
        let value: String
    }

    let labels: [Label]?
    let mcp: CompiledMCP?

    init(_ match: PolicyMatch) {
        labels =
            match.labels.isEmpty
            ? nil
            : match.labels.sorted { $0.key < $1.key }.map { Label(key: $0.key, value: $0.value) }
        mcp = CompiledMCP(match.mcp)
    }

    /// Cordum's labels quirk: no request labels never match; otherwise each entry must equal the request's value,
    /// an absent label counting as the empty string.
    func labelsHold(_ request: PolicyRequest) -> Bool {
        firstLabelMismatch(request) == nil
    }

    /// The first label entry the request fails (any entry when it has no labels).
    func firstLabelMismatch(_ request: PolicyRequest) -> Label? {
        guard let labels, let first = labels.first else { return nil }
        guard !request.labels.isEmpty else { return first }
        for label in labels where !(request.labels[label.key] ?? "").utf8.elementsEqual(label.value.utf8) {
            return label
        }
        return nil
    }

    /// The MCP condition: vacuous for requests without MCP labels.
    func mcpFailure(_ request: PolicyRequest) -> MCPFailure? {
        mcp?.check(request.facts.mcp)
    }
}
