import CAP
import Foundation
public import Logging
import SwiftProtobuf
import WorkerKit
public import WorkflowEngine

/// Connects the host to remote workers over CAP: NATS for packets, Redis for the context and result pointers.
///
/// ``start()`` subscribes `sys.heartbeat`, `sys.job.result` and `sys.job.progress`. Every worker id seen in a
/// heartbeat becomes a ``RemoteWorker`` registered in the host (pool and capacity from the heartbeat), so the
/// scheduler dispatches to it on `worker.<id>.jobs`; each pool of ``CAPBridgeConfiguration/remotePools`` gets a
/// ``TopicSubjectWorker`` that publishes on the topic subject while none of the pool's workers is known. A
/// worker whose heartbeats stop for ``CAPBridgeConfiguration/missedHeartbeats`` intervals (at most
/// ``CAPBridgeConfiguration/heartbeatTimeout``) is unregistered: its running jobs go back to the queue and run
/// again elsewhere. The host's store stays the source of truth: results are matched to the dispatch waiting for
/// them (job id and worker), so a duplicate or late result changes nothing.
///
/// A closed bus (``CAPBridgeConfiguration/bus``, ``CAPBridgeConfiguration/allowedWorkers``): TLS and credentials
/// on both connections; only listed workers register (`worker.registered`, `worker.refused`,
/// `worker.unregistered` are audited); with packet keys, what the host publishes is signed and packets whose
/// signature does not hold are dropped and audited (`cap.packet_rejected`).
public actor CAPBridge: BusStatusSource {
    let host: PackHost
    let configuration: CAPBridgeConfiguration
    let clock: any EngineClock
    let logger: Logger
    private let link: CAPLink
    private var registered: [String: RemoteWorker] = [:]
    private var progressByJob: [String: RemoteProgress] = [:]
    private var tasks: [Task<Void, Never>] = []
    private var started = false
    var refusals: RefusalThrottle
    var packetRejections: RefusalThrottle

    /// Creates a bridge for `host`; nothing connects before ``start()``.
    /// - Parameters:
    ///   - host: the host whose scheduler gets the remote workers.
    ///   - configuration: servers, remote pools and heartbeat limits.
    ///   - clock: the host's time source (heartbeat ages are measured on it).
    ///   - logger: where connections, workers found and lost, and ignored packets are logged.
    public init(
        host: PackHost,
        configuration: CAPBridgeConfiguration,
        clock: any EngineClock = SystemClock(),
        logger: Logger = Logger(label: "cordum.host.cap")
    ) throws(HostError) {
        self.host = host
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.refusals = RefusalThrottle(interval: configuration.refusalAuditInterval)
        self.packetRejections = RefusalThrottle(interval: configuration.refusalAuditInterval)
        let nats: NATSConfiguration
        let redis: RedisConfiguration
        do {
            nats = try configuration.bus.natsConfiguration(url: configuration.natsURL)
        } catch {
            throw HostError(
                .invalidArgument,
                "the NATS URL is not usable: \(error) (expected nats://host:port or tls://host:port)"
            )
        }
        do {
            redis = try configuration.bus.redisConfiguration(url: configuration.redisURL)
        } catch {
            throw HostError(
                .invalidArgument,
                "the Redis URL is not usable: \(error) (expected redis://host:port or rediss://host:port)"
            )
        }
        var named = nats
        named.name = configuration.senderID
        link = CAPLink(
            nats: NATSClient(configuration: named),
            redis: RedisClient(configuration: redis),
            configuration: configuration,
            clock: clock,
            logger: logger
        )
    }

    /// The NATS connection's state for `GET /status` (the URL without credentials).
    public func busStatus() async -> BusStatus {
        let connected = await link.nats.isConnected
        var url = configuration.natsURL
        if let scheme = url.range(of: "://"), let at = url.range(of: "@", range: scheme.upperBound..<url.endIndex) {
            url.removeSubrange(scheme.upperBound..<at.upperBound)
        }
        return BusStatus(connected: connected, status: connected ? "CONNECTED" : "DISCONNECTED", url: url)
    }

    /// Connects to NATS and Redis, subscribes, registers the topic-subject workers of the remote pools and
    /// starts looking for silent workers.
    /// - Throws: ``HostError`` `unavailable` when NATS or Redis cannot be reached.
    public func start() async throws(HostError) {
        guard !started else { return }
        let subscriptions: (NATSSubscription, NATSSubscription, NATSSubscription)
        do {
            try await link.nats.connect()
        } catch {
            throw HostError(.unavailable, "NATS cannot be reached: \(error)")
        }
        do {
            try await link.redis.ping()
        } catch {
            await link.nats.close()
            throw HostError(.unavailable, "Redis cannot be reached: \(error)")
        }
        do {
            subscriptions = (
                try await link.nats.subscribe(to: CAPSubjects.heartbeat),
                try await link.nats.subscribe(to: CAPSubjects.result),
                try await link.nats.subscribe(to: CAPSubjects.progress)
            )
            try await link.nats.flush()
        } catch {
            await link.nats.close()
            await link.redis.close()
            throw HostError(.unavailable, "subscribing to the CAP subjects failed: \(error)")
        }
        started = true
        let link = link
        await host.onNotification { notification in await link.publish(notification) }
        for pool in configuration.remotePools {
            try await host.register(TopicSubjectWorker(pool: pool, link: link))
        }
        tasks.append(Task { await self.listen(subscriptions.0) })
        tasks.append(Task { await self.listen(subscriptions.1) })
        tasks.append(Task { await self.listen(subscriptions.2) })
        if let interval = configuration.sweepInterval {
            tasks.append(
                Task {
                    while !Task.isCancelled {
                        try? await Task.sleep(for: interval)
                        await self.expireSilentWorkers()
                    }
                }
            )
        }
        logger.info(
            "CAP bridge started",
            metadata: ["remote_pools": .array(configuration.remotePools.map { .string($0) })]
        )
    }

    /// Stops: the remote workers are unregistered (their running jobs go back to the queue, to run again when
    /// the host next runs with workers), waiting dispatches end, and the connections close.
    public func stop() async {
        guard started else { return }
        started = false
        await host.onNotification(nil)
        for task in tasks { task.cancel() }
        tasks = []
        for (id, worker) in registered.sorted(by: { $0.key < $1.key }) {
            try? await host.unregister(workerID: id)
            audit(.unregistered, workerID: id, pool: worker.pool, reason: "the CAP bridge stopped")
        }
        for pool in configuration.remotePools {
            try? await host.unregister(workerID: TopicSubjectWorker.id(forPool: pool))
        }
        registered = [:]
        link.pending.resolveAll(
            with: .failed(JobFailure(code: "unavailable", message: "the CAP bridge stopped", retryable: true))
        )
        await link.nats.close()
        await link.redis.close()
    }

    /// Unregisters every worker silent for longer than its allowed heartbeat gap (the sweep does this every
    /// ``CAPBridgeConfiguration/sweepInterval``).
    public func expireSilentWorkers() async {
        let timeout = configuration.heartbeatTimeout.components
        let timeoutMilliseconds = timeout.seconds * 1000 + timeout.attoseconds / 1_000_000_000_000_000
        let silent = link.roster.silent(
            at: clock.now(),
            missed: configuration.missedHeartbeats,
            timeout: timeoutMilliseconds
        )
        for id in silent { await lose(id, reason: "its heartbeats stopped") }
    }

    /// The workers known from heartbeats.
    public func remoteWorkers() -> [RemoteWorkerStatus] {
        link.roster.all.map { id, entry in
            RemoteWorkerStatus(
                id: id,
                pool: entry.pool,
                capacity: entry.capacity,
                topics: entry.topics,
                activeJobs: entry.activeJobs,
                lastHeartbeat: entry.lastSeen
            )
        }.sorted { $0.id < $1.id }
    }

    /// The latest progress a worker reported for a running job.
    public func progress(jobID: String) -> RemoteProgress? { progressByJob[jobID] }

    // MARK: - Packets

    private func listen(_ subscription: NATSSubscription) async {
        do {
            for try await message in subscription {
                guard let packet = try? Cordum_Agent_V1_BusPacket(serializedBytes: message.payload) else {
                    logger.warning(
                        "ignored a message that is not a CAP BusPacket",
                        metadata: ["subject": "\(message.subject)"]
                    )
                    continue
                }
                guard accepts(packet, wire: message.payload, subject: message.subject) else { continue }
                switch packet.payload {
                case .heartbeat(let heartbeat): await received(heartbeat)
                case .jobResult(var result):
                    // With keys, a result names no other worker than its sender.
                    if result.workerID.isEmpty, !configuration.bus.packetKeys.isEmpty {
                        result.workerID = packet.senderID
                    }
                    received(result)
                case .jobProgress(let progress): received(progress)
                default: continue
                }
            }
        } catch {
            logger.error(
                "a CAP subscription ended",
                metadata: ["subject": "\(subscription.subject)", "error": "\(error)"]
            )
        }
    }

    private func received(_ heartbeat: Cordum_Agent_V1_Heartbeat) async {
        let id = heartbeat.workerID
        guard Self.isSubjectToken(id), !heartbeat.pool.isEmpty else {
            logger.warning(
                "ignored a heartbeat: worker_id must be one subject token and pool must be set",
                metadata: ["worker_id": "\(id)", "pool": "\(heartbeat.pool)"]
            )
            return
        }
        if let allowed = configuration.allowedWorkers, !allowed.allows(workerID: id, pool: heartbeat.pool) {
            refuse(heartbeat, reason: "the worker is not on the allow list of its pool")
            return
        }
        let previous = link.roster.record(heartbeat, defaultCapacity: configuration.defaultCapacity, at: clock.now())
        if let worker = registered[id], worker.pool == heartbeat.pool { return }
        if previous != nil, let moved = registered[id] {
            // The worker moved to another pool: its jobs go back to the queue, it serves the new pool.
            try? await host.unregister(workerID: id)
            audit(.unregistered, workerID: id, pool: moved.pool, reason: "it moved to pool \(heartbeat.pool)")
            link.pending.resolveAll(onWorker: id, with: Self.lost(id, reason: "it moved to pool \(heartbeat.pool)"))
        }
        let worker = RemoteWorker(id: id, pool: heartbeat.pool, link: link)
        registered[id] = worker
        logger.info("remote worker found", metadata: ["worker_id": "\(id)", "pool": "\(heartbeat.pool)"])
        do {
            try await host.register(worker)
            audit(.registered, workerID: id, pool: heartbeat.pool, capacity: worker.capacity, topics: worker.topics)
        } catch {
            logger.error("registering a remote worker failed", metadata: ["worker_id": "\(id)", "error": "\(error)"])
        }
    }

    private func received(_ result: Cordum_Agent_V1_JobResult) {
        guard !result.jobID.isEmpty else { return }
        if let allowed = configuration.allowedWorkers, !allowed.allowsAnyPool(workerID: result.workerID) {
            logger.warning(
                "dropped a result from a worker on no pool's allow list",
                metadata: ["job_id": "\(result.jobID)", "worker_id": "\(result.workerID)"]
            )
            return
        }
        progressByJob[result.jobID] = nil
        if !link.pending.deliver(result) {
            logger.debug(
                "ignored a result no dispatch waits for (a duplicate, or late)",
                metadata: ["job_id": "\(result.jobID)", "worker_id": "\(result.workerID)"]
            )
        }
    }

    private func received(_ progress: Cordum_Agent_V1_JobProgress) {
        guard !progress.jobID.isEmpty, !link.pending.tokens(jobID: progress.jobID, workerID: nil).isEmpty else {
            return
        }
        progressByJob[progress.jobID] = RemoteProgress(
            jobID: progress.jobID,
            percent: Int(progress.percent),
            message: progress.message,
            at: clock.now()
        )
    }

    /// Unregisters a lost worker (its running jobs are queued again), then ends its waiting dispatches — the
    /// host ignores those reports, the jobs have moved on.
    private func lose(_ id: String, reason: String) async {
        link.roster.remove(id)
        guard let worker = registered.removeValue(forKey: id) else { return }
        logger.warning("remote worker lost", metadata: ["worker_id": "\(id)", "reason": "\(reason)"])
        do {
            try await host.unregister(workerID: id)
            audit(.unregistered, workerID: id, pool: worker.pool, reason: reason)
        } catch {
            logger.error("unregistering a lost worker failed", metadata: ["worker_id": "\(id)", "error": "\(error)"])
        }
        link.pending.resolveAll(onWorker: id, with: Self.lost(id, reason: reason))
    }

    private static func lost(_ id: String, reason: String) -> WorkerReport {
        .failed(JobFailure(code: "worker_lost", message: "the worker \(id) was lost: \(reason)", retryable: true))
    }

    /// Whether `text` can be one NATS subject token (`worker.<id>.jobs`).
    static func isSubjectToken(_ text: String) -> Bool {
        !text.isEmpty && !text.contains { $0 == "." || $0 == "*" || $0 == ">" || $0.isWhitespace }
    }
}
