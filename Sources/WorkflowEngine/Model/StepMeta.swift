/// A step's `meta`: the governance facts sent with its job (Cordum's `JobMetadata`). Never templated.
public struct StepMeta: Sendable, Hashable {
    /// `actor_id`.
    public var actorID: String?
    /// `actor_type` (`human` or `service`).
    public var actorType: String?
    /// `idempotency_key`.
    public var idempotencyKey: String?
    /// `pack_id`.
    public var packID: String?
    /// `capability`.
    public var capability: String?
    /// `risk_tags`, trimmed, blanks dropped.
    public var riskTags: [String]
    /// `requires`, trimmed, blanks dropped.
    public var requires: [String]
    /// `labels`.
    public var labels: [String: String]

    /// Creates metadata.
    public init(
        actorID: String? = nil,
        actorType: String? = nil,
        idempotencyKey: String? = nil,
        packID: String? = nil,
        capability: String? = nil,
        riskTags: [String] = [],
        requires: [String] = [],
        labels: [String: String] = [:]
    ) {
        self.actorID = actorID
        self.actorType = actorType
        self.idempotencyKey = idempotencyKey
        self.packID = packID
        self.capability = capability
        self.riskTags = riskTags
        self.requires = requires
        self.labels = labels
    }

    /// Whether the step has side effects: its risk tags include `write` or `destructive`.
    /// In a dry run such a step produces a plan instead of a job.
    public var hasSideEffects: Bool {
        riskTags.contains { $0.lowercased() == "write" || $0.lowercased() == "destructive" }
    }
}
