import CAP
import Foundation
import PackHost
import ServerTesting
import StructuredData
import SwiftProtobuf
import WorkerKit
import WorkflowEngine

/// A host (manual clock) with a ``CAPBridge`` on real nats-server and redis-server, plus helpers to run
/// WorkerKit workers over CAP and to play a raw CAP peer.
final class CAPRig: Sendable {
    let nats: ServerProcess
    let redisServer: ServerProcess
    let fixture: HostFixture
    let bridge: CAPBridge
    /// A NATS client of the test itself (to watch subjects and play a worker).
    let peer: NATSClient
    /// A Redis client of the test itself.
    let redis: RedisClient

    var host: PackHost { fixture.host }
    var natsURL: String { "nats://127.0.0.1:\(nats.port)" }
    var redisURL: String { "redis://127.0.0.1:\(redisServer.port)" }

    init(
        catalog: StaticCatalog,
        remotePools: [String] = [],
        cancelGrace: Duration = .seconds(30),
        host: HostConfiguration = HostConfiguration(),
        configure: (inout CAPBridgeConfiguration) -> Void = { _ in }
    ) async throws {
        let nats = try await ServerProcess.nats()
        let redisServer = try await ServerProcess.redis()
        let fixture = try HostFixture(catalog: catalog, configuration: host)
        var configuration = CAPBridgeConfiguration(
            natsURL: "nats://127.0.0.1:\(nats.port)",
            redisURL: "redis://127.0.0.1:\(redisServer.port)",
            remotePools: remotePools
        )
        configuration.sweepInterval = nil
        configuration.heartbeatTimeout = .seconds(10)
        configuration.cancelGrace = cancelGrace
        configure(&configuration)
        let bridge = try CAPBridge(host: fixture.host, configuration: configuration, clock: fixture.clock)
        try await fixture.host.recover()
        try await bridge.start()
        let peer = NATSClient(configuration: try NATSConfiguration(url: "nats://127.0.0.1:\(nats.port)"))
        try await peer.connect()
        self.nats = nats
        self.redisServer = redisServer
        self.fixture = fixture
        self.bridge = bridge
        self.peer = peer
        redis = RedisClient(configuration: try RedisConfiguration(url: "redis://127.0.0.1:\(redisServer.port)"))
    }

    /// A worker configuration on the rig's servers that heartbeats every 100 ms.
    func configuration(packID: String = "hello", workerID: String, pool: String = "hello") -> WorkerConfiguration {
        WorkerConfiguration(
            packID: packID,
            workerID: workerID,
            natsURL: natsURL,
            redisURL: redisURL,
            pool: pool,
            heartbeatInterval: .milliseconds(100)
        )
    }

    /// Runs `worker` as a CAP worker until the returned task is cancelled or the worker is shut down, and waits
    /// until the host has registered it.
    func startWorker(
        _ worker: Worker,
        id: String,
        pool: String = "hello",
        bus: BusSecurity = BusSecurity()
    ) async throws -> CAPWorker {
        var configuration = configuration(workerID: id, pool: pool)
        configuration.bus = bus
        let capWorker = CAPWorker(worker: worker, configuration: configuration)
        Task { try await capWorker.run() }
        try await waitForWorker(id)
        return capWorker
    }

    /// Waits until the host has `id` among its workers.
    func waitForWorker(_ id: String, timeout: Duration = .seconds(30)) async throws {
        let found = try await eventually(timeout: timeout) {
            await self.host.workerStatus().contains { $0.id == id }
        }
        guard found else { throw RigFailure("worker \(id) was never registered") }
    }

    /// Moves the host clock past the heartbeat timeout (10 s here), waits for one heartbeat of each live worker at the new
    /// time, then lets the bridge expire the silent ones.
    func expireSilentWorkers(keeping live: [String]) async throws {
        fixture.clock.advance(milliseconds: 11_000)
        let now = fixture.clock.now()
        let fresh = try await eventually(timeout: .seconds(30)) {
            let known = await self.bridge.remoteWorkers()
            return live.allSatisfy { id in known.contains { $0.id == id && $0.lastHeartbeat >= now } }
        }
        guard fresh else { throw RigFailure("the live workers \(live) did not heartbeat") }
        await bridge.expireSilentWorkers()
    }

    /// Waits until `condition` holds, ticking the host (timers, deadlines, scheduling) meanwhile.
    func waitUntil(timeout: Duration = .seconds(30), _ condition: @escaping () async throws -> Bool) async throws {
        let met = try await eventually(timeout: timeout) {
            try await self.host.tick()
            return try await condition()
        }
        guard met else { throw RigFailure("the condition was not met in time") }
    }

    /// The job once it has left `running`/`queued`.
    func finishedJob(_ id: String) async throws -> HostJob {
        var job = try await host.job(id, tenant: "default")
        try await waitUntil {
            job = try await self.host.job(id, tenant: "default")
            return job.state.isTerminal
        }
        return job
    }

    /// Publishes a heartbeat for a worker the test plays.
    func heartbeat(
        workerID: String,
        pool: String,
        maxParallel: Int32 = 1,
        senderID: String? = nil,
        keys: PacketKeys = PacketKeys()
    ) async throws {
        var heartbeat = Cordum_Agent_V1_Heartbeat()
        heartbeat.workerID = workerID
        heartbeat.pool = pool
        heartbeat.maxParallelJobs = maxParallel
        var packet = Cordum_Agent_V1_BusPacket()
        packet.senderID = senderID ?? workerID
        packet.protocolVersion = 1
        packet.heartbeat = heartbeat
        try await peer.publish("sys.heartbeat", payload: try packet.serializedBytes(signedWith: keys))
    }

    /// Publishes a result as a worker the test plays.
    func publishResult(
        _ result: Cordum_Agent_V1_JobResult,
        senderID: String? = nil,
        keys: PacketKeys = PacketKeys()
    ) async throws {
        var packet = Cordum_Agent_V1_BusPacket()
        packet.senderID = senderID ?? result.workerID
        packet.traceID = result.jobID
        packet.protocolVersion = 1
        packet.jobResult = result
        try await peer.publish("sys.job.result", payload: try packet.serializedBytes(signedWith: keys))
        try await peer.flush()
    }

    /// The audit records about remote workers (`worker.*`), oldest first.
    func workerAudit() throws -> [AuditRecord] {
        try AuditStore(database: fixture.database).records(tenant: nil, limit: 100_000)
            .filter { $0.event.kind.hasPrefix("worker.") }.sorted { $0.sequence < $1.sequence }
    }

    func stop() async {
        await bridge.stop()
        await host.shutdown()
        await peer.close()
        await redis.close()
        nats.stop()
        redisServer.stop()
    }
}

/// A rig step that did not happen.
struct RigFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// The first JobRequest among messages, decoded.
func jobRequest(in message: NATSMessage) -> Cordum_Agent_V1_JobRequest? {
    guard let packet = try? Cordum_Agent_V1_BusPacket(serializedBytes: message.payload),
        case .jobRequest(let request) = packet.payload
    else { return nil }
    return request
}
