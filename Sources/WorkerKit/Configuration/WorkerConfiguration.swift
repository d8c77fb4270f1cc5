/// Everything a worker process needs to join a CAP deployment, as a value.
///
/// Build it in the executable from the process environment with ``init(packID:environment:secretVariables:)``,
/// or directly in tests; WorkerKit never reads the process environment itself.
public struct WorkerConfiguration: Sendable {
    /// The pack this worker serves (`hello`, …).
    public var packID: String
    /// The worker's id: one NATS subject token; jobs for it arrive on `worker.<id>.jobs`.
    public var workerID: String
    /// NATS URL (`nats://[user:pass@|token@]host:port`).
    public var natsURL: String
    /// Redis URL (`redis://[:password@]host:port[/db]`) for context and result pointers.
    public var redisURL: String
    /// The pool named in heartbeats; the scheduler matches it against pool names in `pools.yaml`.
    public var pool: String
    /// Queue group for the topic subjects.
    public var queue: String
    /// Topic subjects to subscribe in the queue group; `nil` means the topics the worker has handlers for.
    public var subjects: [String]?
    /// Jobs run at the same time; also sent as the heartbeat's `max_parallel_jobs`.
    public var maxParallel: Int
    /// Time between heartbeats (≤ 10 s for Cordum's 30 s registry).
    public var heartbeatInterval: Duration
    /// Lifetime of result keys (`res:<job_id>`); `nil` keeps them forever.
    public var resultTTL: Duration?
    /// How long a drain waits for running jobs before cancelling them; `nil` waits for as long as they run.
    public var drainTimeout: Duration?
    /// Labels sent in heartbeats (placement labels the scheduler matches against job labels).
    public var labels: [String: String]
    /// Secret values known to this worker; scrubbed from everything it emits.
    public var secrets: SecretRegistry
    /// Secret variables resolved from the environment, by variable name.
    var secretValues: [String: String]
    /// Cordum's gateway (`CORDUM_GATEWAY_URL`, `http(s)://host:port`): inputs are read through its memory endpoint
    /// when Redis cannot serve them, and artifacts are stored through it. `nil`: Redis only.
    public var gatewayURL: String? = nil
    /// Where `/metrics` is served (`CORDUM_METRICS_ADDR`, `host:port` or `:port`); `nil` (default): not served.
    public var metricsAddress: String? = nil
    /// TLS, NATS credentials and packet signing keys beyond the URLs (`NATS_TLS_*`, `NATS_NKEY`, `REDIS_TLS_*`,
    /// `CORDUM_CAP_*`, …); Cordum's defaults unless set.
    public var bus = BusSecurity()

    /// The gateway API key (`CORDUM_API_KEY`) sent as `X-API-Key`; setting it registers it as a secret.
    public var apiKey: String? {
        get { secretValues["CORDUM_API_KEY"] }
        set {
            secretValues["CORDUM_API_KEY"] = newValue
            if let newValue { secrets.register(newValue) }
        }
    }

    /// A configuration with upstream defaults.
    /// - Parameters:
    ///   - packID: The pack id.
    ///   - workerID: The worker id (one subject token).
    ///   - natsURL: Default `nats://localhost:4222`.
    ///   - redisURL: Default `redis://localhost:6379`.
    ///   - pool: Default: the pack id.
    ///   - queue: Default: the pool.
    ///   - subjects: Default: the worker's topics.
    ///   - maxParallel: Default 1.
    ///   - heartbeatInterval: Default 10 s.
    ///   - resultTTL: Default 24 h.
    ///   - drainTimeout: Default: none (wait for running jobs).
    ///   - labels: Heartbeat labels.
    ///   - secrets: The secret registry.
    public init(
        packID: String,
        workerID: String,
        natsURL: String = "nats://localhost:4222",
        redisURL: String = "redis://localhost:6379",
        pool: String? = nil,
        queue: String? = nil,
        subjects: [String]? = nil,
        maxParallel: Int = 1,
        heartbeatInterval: Duration = .seconds(10),
        resultTTL: Duration? = .seconds(86_400),
        drainTimeout: Duration? = nil,
        labels: [String: String] = [:],
        secrets: SecretRegistry = SecretRegistry()
    ) {
        self.packID = packID
        self.workerID = workerID
        self.natsURL = natsURL
        self.redisURL = redisURL
        self.pool = pool ?? packID
        self.queue = queue ?? pool ?? packID
        self.subjects = subjects
        self.maxParallel = max(1, maxParallel)
        self.heartbeatInterval = heartbeatInterval
        self.resultTTL = resultTTL
        self.drainTimeout = drainTimeout
        self.labels = labels
        self.secrets = secrets
        self.secretValues = [:]
    }

    /// The value of a secret variable listed in `secretVariables` when the configuration was read, or `nil`.
    public func secret(_ variable: String) -> String? { secretValues[variable] }

    /// The subject on which the scheduler sends jobs to this worker: `worker.<worker_id>.jobs`.
    public var directSubject: String { "worker.\(workerID).jobs" }
}
