public import PolicyKernel

/// Everything the safety gate and the scheduler read from the installed configuration, loaded at once so a
/// job is judged and routed against one consistent view. The host reloads it after every install,
/// uninstall and config change.
public struct Governance: Sendable {
    /// The live policy: the base policy and every installed pack's enabled fragments, merged, in strict mode
    /// (each installed topic's declared risk tags and requires are added to every job on it).
    public var policy: CompiledPolicy
    /// Topic → pool routing and pool requirements (`cfg:system:default` `data.pools`).
    public var pools: PoolsConfig
    /// Per-topic and per-workflow timeouts and retries (`cfg:system:default` `data.timeouts`).
    public var timeouts: TimeoutsConfig
    /// Topics declared by installed, enabled packs.
    public var topics: [String: InstalledTopic]

    /// Creates a view.
    public init(
        policy: CompiledPolicy,
        pools: PoolsConfig = PoolsConfig(),
        timeouts: TimeoutsConfig = TimeoutsConfig(),
        topics: [String: InstalledTopic] = [:]
    ) {
        self.policy = policy
        self.pools = pools
        self.timeouts = timeouts
        self.topics = topics
    }
}

/// The `pools` config value: `{"topics": {"job.x": "pool" | ["p1", "p2"]}, "pools": {"pool": {"requires": [...]}}}`.
public struct PoolsConfig: Sendable, Hashable {
    /// The pools each topic may run on, in preference order.
    public var topics: [String: [String]]
    /// The capabilities a worker must offer to join each pool.
    public var pools: [String: PoolDefinition]

    /// Creates a routing table.
    public init(topics: [String: [String]] = [:], pools: [String: PoolDefinition] = [:]) {
        self.topics = topics
        self.pools = pools
    }
}

/// One pool.
public struct PoolDefinition: Sendable, Hashable {
    /// What a job routed here must be able to rely on (`requires`).
    public var requires: [String]

    /// Creates a pool.
    public init(requires: [String] = []) { self.requires = requires }
}

/// The `timeouts` config value.
public struct TimeoutsConfig: Sendable, Hashable {
    /// Per topic.
    public var topics: [String: TopicTimeout]
    /// Per workflow.
    public var workflows: [String: WorkflowTimeout]

    /// Creates timeouts.
    public init(topics: [String: TopicTimeout] = [:], workflows: [String: WorkflowTimeout] = [:]) {
        self.topics = topics
        self.workflows = workflows
    }
}

/// `timeouts.topics.<topic>`.
public struct TopicTimeout: Sendable, Hashable {
    /// `timeout_seconds`: how long one job may run.
    public var timeoutSeconds: Int?
    /// `max_retries`: how often the host retries a job that failed retryably or timed out.
    public var maxRetries: Int?

    /// Creates a topic timeout.
    public init(timeoutSeconds: Int? = nil, maxRetries: Int? = nil) {
        self.timeoutSeconds = timeoutSeconds
        self.maxRetries = maxRetries
    }
}

/// `timeouts.workflows.<workflow id>`.
public struct WorkflowTimeout: Sendable, Hashable {
    /// `child_timeout_seconds`.
    public var childTimeoutSeconds: Int?
    /// `total_timeout_seconds`: the run's deadline when the workflow sets none.
    public var totalTimeoutSeconds: Int?
    /// `max_retries`.
    public var maxRetries: Int?

    /// Creates a workflow timeout.
    public init(childTimeoutSeconds: Int? = nil, totalTimeoutSeconds: Int? = nil, maxRetries: Int? = nil) {
        self.childTimeoutSeconds = childTimeoutSeconds
        self.totalTimeoutSeconds = totalTimeoutSeconds
        self.maxRetries = maxRetries
    }
}

/// A topic as an installed pack declares it.
public struct InstalledTopic: Sendable, Hashable {
    /// The topic.
    public var name: String
    /// The pack that declares it.
    public var packID: String
    /// That pack's installed version.
    public var packVersion: String
    /// `capability`.
    public var capability: String?
    /// `riskTags`.
    public var riskTags: [String]
    /// `requires`.
    public var requires: [String]

    /// Creates a topic.
    public init(
        name: String,
        packID: String,
        packVersion: String,
        capability: String? = nil,
        riskTags: [String] = [],
        requires: [String] = []
    ) {
        self.name = name
        self.packID = packID
        self.packVersion = packVersion
        self.capability = capability
        self.riskTags = riskTags
        self.requires = requires
    }
}
