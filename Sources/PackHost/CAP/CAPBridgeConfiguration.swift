public import WorkerKit

/// How the host reaches remote workers over CAP (`packctl serve --nats URL --redis URL`).
public struct CAPBridgeConfiguration: Sendable {
    /// NATS URL (`nats://[user:pass@|token@]host:port`).
    public var natsURL: String
    /// Redis URL (`redis://[:password@]host:port[/db]`) for the context (`ctx:<job>`) and result (`res:<job>`)
    /// pointers.
    public var redisURL: String
    /// Pools whose jobs go to the topic subject (queue group) while no worker of the pool heartbeats.
    public var remotePools: [String]
    /// How many jobs the host sends at once to the topic subject of a remote pool with no known worker.
    public var topicSubjectCapacity: Int
    /// The `sender_id` of every packet the host publishes.
    public var senderID: String
    /// How many heartbeat intervals may pass without a heartbeat before a worker counts as lost.
    public var missedHeartbeats: Int
    /// The longest silence before a worker counts as lost; also the limit while its interval is not known yet
    /// (Cordum's registry TTL, 30 s).
    public var heartbeatTimeout: Duration
    /// How often silent workers are looked for; `nil`: only when ``CAPBridge/expireSilentWorkers()`` is called.
    public var sweepInterval: Duration?
    /// Lifetime of the context keys (`ctx:<job_id>`) the host writes.
    public var contextTTL: Duration
    /// How long a cancelled job may take to answer before the host stops waiting for it.
    public var cancelGrace: Duration
    /// The worker capacity used when a heartbeat carries no `max_parallel_jobs`.
    public var defaultCapacity: Int
    /// The workers allowed in each pool; `nil` (Cordum's behaviour) registers every worker that heartbeats. With a
    /// list, a heartbeat from a worker not listed for its pool is refused and audited (`worker.refused`), and a
    /// result from a worker listed in no pool is dropped.
    public var allowedWorkers: WorkerAllowList?
    /// TLS, NATS credentials and packet keys beyond the URLs. With packet keys, the host signs what it publishes,
    /// drops (and audits, `cap.packet_rejected`) packets from a sender with a key that are unsigned or badly signed,
    /// and packets that claim the worker id of another sender that has a key.
    public var bus: BusSecurity
    /// How often one refused worker (id and pool) is recorded in the audit log at most; at most 100 refusals are
    /// recorded per interval in all, the rest are counted in the next record.
    public var refusalAuditInterval: Duration

    /// A configuration with the defaults of a single host.
    /// - Parameters:
    ///   - natsURL: the NATS server.
    ///   - redisURL: the Redis server.
    ///   - remotePools: pools served over the topic subject while none of their workers is known.
    public init(natsURL: String, redisURL: String, remotePools: [String] = []) {
        self.natsURL = natsURL
        self.redisURL = redisURL
        self.remotePools = remotePools
        self.topicSubjectCapacity = 16
        self.senderID = "cordum-host"
        self.missedHeartbeats = 3
        self.heartbeatTimeout = .seconds(30)
        self.sweepInterval = .seconds(1)
        self.contextTTL = .seconds(86_400)
        self.cancelGrace = .seconds(30)
        self.defaultCapacity = 1
        self.allowedWorkers = nil
        self.bus = BusSecurity()
        self.refusalAuditInterval = .seconds(300)
    }
}
