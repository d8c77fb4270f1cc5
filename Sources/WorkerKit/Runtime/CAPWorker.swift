import CAP
public import Logging
public import ServiceLifecycle
import Synchronization

/// Runs a ``Worker`` over CAP: jobs from NATS, input and results through Redis pointers, results, progress and
/// heartbeats back on NATS (`cap-protocol.md` §4.5).
///
/// `run()` connects, subscribes `worker.<worker_id>.jobs` and the topic subjects (queue group = the configured
/// queue) and `sys.job.cancel`, heartbeats at once and then every interval, and runs jobs with at most
/// `maxParallel` at a time. A graceful shutdown (ServiceLifecycle) or ``shutdown()`` drains: heartbeats stop,
/// job subjects are unsubscribed, jobs already received finish and report, then `run()` returns.
public final class CAPWorker: Service, Sendable {
    /// The worker's handlers.
    public let worker: Worker
    /// The configuration.
    public let configuration: WorkerConfiguration
    let logger: Logger
    let clock: any Clock<Duration>
    let active = ActiveJobs()
    private let state = Mutex(RunState())

    private enum Phase { case idle, running, draining, finished }

    private struct RunState {
        var phase = Phase.idle
        var jobSubscriptions: [NATSSubscription] = []
        var drainSignal: AsyncStream<Void>.Continuation?
        var finishWaiters: [CheckedContinuation<Void, Never>] = []
    }

    /// Creates a CAP worker.
    /// - Parameters:
    ///   - worker: The handlers.
    ///   - configuration: Where to connect and how to behave.
    ///   - logger: The base logger; WorkerKit adds `pack_id`, `worker_id` and per job `job_id`, `trace_id`, `run_id`.
    ///   - clock: The clock heartbeats and the drain timeout sleep on.
    public init(
        worker: Worker,
        configuration: WorkerConfiguration,
        logger: Logger = Logger(label: "cordum.worker"),
        clock: any Clock<Duration> = ContinuousClock()
    ) {
        self.worker = worker
        self.configuration = configuration
        var logger = logger
        logger[metadataKey: "pack_id"] = .string(configuration.packID)
        logger[metadataKey: "worker_id"] = .string(configuration.workerID)
        self.logger = logger
        self.clock = clock
    }

    /// The topic subjects subscribed in the queue group: the configured ones, else the handlers' topics.
    public var topicSubjects: [String] { configuration.subjects ?? worker.topics }

    /// Jobs running now.
    public var activeJobCount: Int { active.count }

    /// Runs until drained; a graceful shutdown starts the drain.
    /// - Throws: ``NATSError`` when NATS cannot be reached or a subject is invalid.
    public func run() async throws {
        try await withGracefulShutdownHandler {
            try await runUntilDrained()
        } onGracefulShutdown: {
            self.beginDrain()
        }
    }

    /// Starts a drain and waits until every received job has reported and `run()` has returned.
    public func shutdown() async {
        beginDrain()
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state -> Bool in
                if state.phase == .finished { return true }
                state.finishWaiters.append(continuation)
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Same as ``shutdown()``.
    public func drain() async { await shutdown() }

    /// Stops taking jobs: heartbeats stop, job subscriptions end; jobs already received still run.
    public func beginDrain() {
        let (subscriptions, signal, finishedNow) = state.withLock {
            state -> ([NATSSubscription], AsyncStream<Void>.Continuation?, [CheckedContinuation<Void, Never>]) in
            switch state.phase {
            case .idle:
                state.phase = .finished
                defer { state.finishWaiters = [] }
                return ([], nil, state.finishWaiters)
            case .running:
                state.phase = .draining
                defer {
                    state.jobSubscriptions = []
                    state.drainSignal = nil
                }
                return (state.jobSubscriptions, state.drainSignal, [])
            case .draining, .finished:
                return ([], nil, [])
            }
        }
        for waiter in finishedNow { waiter.resume() }
        signal?.yield()
        signal?.finish()
        guard !subscriptions.isEmpty else { return }
        logger.info("Draining: no new jobs are taken; running jobs finish.")
        Task { for subscription in subscriptions { await subscription.unsubscribe() } }
    }

    var isDraining: Bool { state.withLock { $0.phase != .running } }

    private func runUntilDrained() async throws {
        guard state.withLock({ $0.phase == .idle }) else { return }
        let nats = NATSClient(configuration: try natsConfiguration())
        let redis = RedisClient(configuration: try configuration.bus.redisConfiguration(url: configuration.redisURL))
        do {
            try await nats.connect()
            let direct = try await nats.subscribe(to: configuration.directSubject)
            var subscriptions = [direct]
            for subject in topicSubjects {
                subscriptions.append(try await nats.subscribe(to: subject, queue: configuration.queue))
            }
            let cancels = try await nats.subscribe(to: CAPSubjects.cancel)
            try await nats.flush()
            let (drainSignal, drainContinuation) = AsyncStream<Void>.makeStream()
            let started = state.withLock { state -> Bool in
                guard state.phase == .idle else { return false }
                state.phase = .running
                state.jobSubscriptions = subscriptions
                state.drainSignal = drainContinuation
                return true
            }
            guard started else {
                await nats.close()
                await redis.close()
                return
            }
            logger.info(
                "Worker started.",
                metadata: [
                    "subjects": .array(subscriptions.map { .string($0.subject) }),
                    "queue": .string(configuration.queue),
                    "max_parallel": .stringConvertible(configuration.maxParallel),
                ]
            )
            let transport = CAPTransport(worker: self, nats: nats, redis: redis)
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await transport.heartbeats() }
                group.addTask { await transport.listenForCancels(cancels) }
                group.addTask { await self.watchDrainTimeout(drainSignal) }
                await transport.runJobs(from: subscriptions)
                group.cancelAll()
            }
            try? await nats.flush()
        } catch {
            await finish(nats: nats, redis: redis)
            throw error
        }
        await finish(nats: nats, redis: redis)
        logger.info("Worker drained and stopped.")
    }

    private func finish(nats: NATSClient, redis: RedisClient) async {
        await nats.close()
        await redis.close()
        let waiters = state.withLock { state in
            state.phase = .finished
            defer { state.finishWaiters = [] }
            return state.finishWaiters
        }
        for waiter in waiters { waiter.resume() }
    }

    private func watchDrainTimeout(_ drainSignal: AsyncStream<Void>) async {
        for await _ in drainSignal { break }
        guard !Task.isCancelled, let timeout = configuration.drainTimeout else { return }
        do { try await clock.sleep(for: timeout) } catch { return }
        logger.warning("Drain timeout reached; cancelling the jobs still running.")
        active.cancelAll(reason: "The worker is shutting down.")
    }

    private func natsConfiguration() throws -> NATSConfiguration {
        var nats = try configuration.bus.natsConfiguration(url: configuration.natsURL)
        nats.name = "cordum-\(configuration.packID)-\(configuration.workerID)"
        return nats
    }
}
