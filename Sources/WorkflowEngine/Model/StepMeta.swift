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
    /// `lock`: a resource lock the host holds while the step's job runs (ours; upstream has no such key).
    public var lock: StepLock?

    /// Creates metadata.
    public init(
        actorID: String? = nil,
        actorType: String? = nil,
        idempotencyKey: String? = nil,
        packID: String? = nil,
        capability: String? = nil,
        riskTags: [String] = [],
        requires: [String] = [],
        labels: [String: String] = [:],
        lock: StepLock? = nil
    ) {
        self.actorID = actorID
        self.actorType = actorType
        self.idempotencyKey = idempotencyKey
        self.packID = packID
        self.capability = capability
        self.riskTags = riskTags
        self.requires = requires
        self.labels = labels
        self.lock = lock
    }

    /// Whether the step has side effects: its risk tags include `write` or `destructive`.
    /// In a dry run such a step produces a plan instead of a job.
    public var hasSideEffects: Bool {
        riskTags.contains { $0.lowercased() == "write" || $0.lowercased() == "destructive" }
    }
}

/// `meta.lock`: `lock: "repo:${input.owner}/${input.repo}"` (exclusive) or
/// `lock: {resource: ..., mode: shared|exclusive, ttl_sec: 300}`. The resource is a template rendered
/// when the job is built.
public struct StepLock: Sendable, Hashable {
    /// The resource, as written (may hold `${...}`).
    public var resource: String
    /// `exclusive` (the default) or `shared`.
    public var mode: LockMode
    /// How long the lock lives without renewal; the host's default when nil.
    public var ttlSeconds: Int?

    /// Creates a lock declaration.
    public init(resource: String, mode: LockMode = .exclusive, ttlSeconds: Int? = nil) {
        self.resource = resource
        self.mode = mode
        self.ttlSeconds = ttlSeconds
    }
}

/// How a lock is held.
public enum LockMode: String, Sendable, Hashable, CaseIterable {
    /// Many holders at once.
    case shared
    /// One holder.
    case exclusive
}

/// The lock a job must hold, with its resource rendered.
public struct JobLock: Sendable, Hashable {
    /// The rendered resource.
    public var resource: String
    /// The mode.
    public var mode: LockMode
    /// The TTL, when the step gives one.
    public var ttlSeconds: Int?

    /// Creates a job lock.
    public init(resource: String, mode: LockMode, ttlSeconds: Int?) {
        self.resource = resource
        self.mode = mode
        self.ttlSeconds = ttlSeconds
    }
}
