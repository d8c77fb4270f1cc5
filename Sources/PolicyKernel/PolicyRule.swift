/// One rule of a policy: conditions, and the decision with its reason, constraints and remediations.
public struct PolicyRule: Sendable, Hashable {
    /// The rule id returned as `rule_id` when the rule decides; may be empty and need not be unique.
    public var id: String
    /// The conditions; an empty match is a catch-all.
    public var match: PolicyMatch
    /// The decision after Cordum's normalisation of the spelling (`permit` → allow, `block` → deny, …).
    public var decision: Decision
    /// The reason, returned only for deny, require-approval and throttle decisions.
    public var reason: String
    /// Constraints returned with the decision (empty constraints are returned as none).
    public var constraints: PolicyConstraints
    /// Remediations returned verbatim with the decision.
    public var remediations: [PolicyRemediation]

    /// Creates a rule.
    public init(
        id: String = "",
        match: PolicyMatch = PolicyMatch(),
        decision: Decision = .allow,
        reason: String = "",
        constraints: PolicyConstraints = PolicyConstraints(),
        remediations: [PolicyRemediation] = []
    ) {
        self.id = id
        self.match = match
        self.decision = decision
        self.reason = reason
        self.constraints = constraints
        self.remediations = remediations
    }
}

/// The conditions of a rule. Every non-empty condition must hold; empty lists and maps are ignored.
public struct PolicyMatch: Sendable, Hashable {
    /// The resolved tenant equals one of these.
    public var tenants: [String]
    /// The topic matches one of these globs (Go `path.Match`).
    public var topics: [String]
    /// `meta.capability` equals one of these.
    public var capabilities: [String]
    /// At least one request risk tag equals one of these.
    public var riskTags: [String]
    /// Every one of these appears in the request's `requires`.
    public var requires: [String]
    /// `meta.pack_id` equals one of these.
    public var packIDs: [String]
    /// The actor id (`meta.actor_id`, else `principal_id`) equals one of these.
    public var actorIDs: [String]
    /// The actor type (`human`, `service` or empty) equals one of these.
    public var actorTypes: [String]
    /// Each request label equals the given value exactly (see the labels quirk in `docs/policy.md`).
    public var labels: [String: String]
    /// The derived secrets flag equals this; `nil` means either.
    public var secretsPresent: Bool?
    /// MCP lists the request must pass; ignored for requests without MCP labels.
    public var mcp: MCPPolicy

    /// Creates a match.
    public init(
        tenants: [String] = [],
        topics: [String] = [],
        capabilities: [String] = [],
        riskTags: [String] = [],
        requires: [String] = [],
        packIDs: [String] = [],
        actorIDs: [String] = [],
        actorTypes: [String] = [],
        labels: [String: String] = [:],
        secretsPresent: Bool? = nil,
        mcp: MCPPolicy = MCPPolicy()
    ) {
        self.tenants = tenants
        self.topics = topics
        self.capabilities = capabilities
        self.riskTags = riskTags
        self.requires = requires
        self.packIDs = packIDs
        self.actorIDs = actorIDs
        self.actorTypes = actorTypes
        self.labels = labels
        self.secretsPresent = secretsPresent
        self.mcp = mcp
    }
}
