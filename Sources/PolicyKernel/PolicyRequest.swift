public import StructuredData

/// A job to decide on: Cordum's `PolicyCheckRequest` with the fields that influence the decision.
///
/// Build requests once and evaluate them many times: what the kernel reads (trimmed and case-folded values, the MCP
/// call and `secrets_present` label from the labels, the effective config's safety section) is worked out when the
/// properties are set, so ``CompiledPolicy/evaluate(_:)`` neither parses nor allocates.
public struct PolicyRequest: Sendable, Hashable {
    /// Who acts: `meta.actor_type`.
    public enum ActorType: String, Sendable, Hashable, CaseIterable {
        /// Not given; matches as the empty string.
        case unspecified = ""
        /// A person.
        case human
        /// A service account.
        case service
    }

    /// The job's metadata (`meta`): tenant, actor, capability, risk tags, requirements, pack.
    public struct Meta: Sendable, Hashable {
        /// `meta.tenant_id`: the tenant when `tenant` is blank.
        public var tenantID: String
        /// `meta.actor_id`; `principal_id` stands in when blank.
        public var actorID: String
        /// `meta.actor_type`.
        public var actorType: ActorType
        /// `meta.idempotency_key` (does not influence the decision).
        public var idempotencyKey: String
        /// `meta.capability`.
        public var capability: String
        /// `meta.risk_tags`.
        public var riskTags: [String]
        /// `meta.requires`.
        public var requires: [String]
        /// `meta.pack_id`.
        public var packID: String
        /// `meta.labels` (never used by the policy; only top-level labels are).
        public var labels: [String: String]

        /// Creates metadata.
        public init(
            tenantID: String = "",
            actorID: String = "",
            actorType: ActorType = .unspecified,
            idempotencyKey: String = "",
            capability: String = "",
            riskTags: [String] = [],
            requires: [String] = [],
            packID: String = "",
            labels: [String: String] = [:]
        ) {
            self.tenantID = tenantID
            self.actorID = actorID
            self.actorType = actorType
            self.idempotencyKey = idempotencyKey
            self.capability = capability
            self.riskTags = riskTags
            self.requires = requires
            self.packID = packID
            self.labels = labels
        }
    }

    /// The job id; echoed as `approval_ref` when approval is required.
    public var jobID: String
    /// The job topic (`job.<pack>.<action>`).
    public var topic: String {
        didSet { facts = RequestFacts(self) }
    }
    /// The tenant; when blank, `meta.tenant_id`, then the policy's `default_tenant`, then `default`.
    public var tenant: String {
        didSet { facts = RequestFacts(self) }
    }
    /// The principal; stands in for a blank `meta.actor_id`.
    public var principalID: String {
        didSet { facts = RequestFacts(self) }
    }
    /// The job labels: MCP fields, `secrets_present`, and `match.labels` read these.
    public var labels: [String: String] {
        didSet { facts = RequestFacts(self) }
    }
    /// The effective configuration (`{"safety": …}` or `{"data": {"safety": …}}`); its safety section can only
    /// tighten a decision.
    public var effectiveConfig: JSONValue? {
        didSet { effectiveSafety = EffectiveSafety(effectiveConfig) }
    }
    /// The job metadata.
    public var meta: Meta {
        didSet { facts = RequestFacts(self) }
    }

    /// The normalised facts evaluation reads.
    private(set) var facts: RequestFacts
    /// The safety section of `effectiveConfig`, when it has one.
    private(set) var effectiveSafety: EffectiveSafety?

    /// Creates a request.
    public init(
        jobID: String = "",
        topic: String,
        tenant: String = "",
        principalID: String = "",
        labels: [String: String] = [:],
        effectiveConfig: JSONValue? = nil,
        meta: Meta = Meta()
    ) {
        self.jobID = jobID
        self.topic = topic
        self.tenant = tenant
        self.principalID = principalID
        self.labels = labels
        self.effectiveConfig = effectiveConfig
        self.meta = meta
        facts = RequestFacts()
        effectiveSafety = EffectiveSafety(effectiveConfig)
        facts = RequestFacts(self)
    }
}
