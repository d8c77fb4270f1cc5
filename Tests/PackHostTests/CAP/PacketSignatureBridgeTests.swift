import CAP
import Crypto
import HelloWorker
import PackHost
import StructuredData
import SwiftProtobuf
import Testing
import WorkerKit
import WorkflowEngine

/// With packet keys on both sides, the host signs what it sends and drops what a sender with a key did not sign;
/// a worker does the same with the host's packets.
@Suite(.serialized) struct PacketSignatureBridgeTests {
    static let hostKey = P256.Signing.PrivateKey()
    static let workerKey = P256.Signing.PrivateKey()

    /// The host's keys: its own, and the worker's public key.
    static var hostKeys: PacketKeys {
        PacketKeys(signingKey: hostKey, publicKeys: ["hello-w1": workerKey.publicKey])
    }

    /// The worker's keys: its own, and the host's public key.
    static var workerKeys: PacketKeys {
        PacketKeys(signingKey: workerKey, publicKeys: ["cordum-host": hostKey.publicKey])
    }

    static func rig() async throws -> CAPRig {
        try await CAPRig(catalog: try StaticCatalog.hello()) { configuration in
            configuration.bus.packetKeys = hostKeys
        }
    }

    static func rejections(_ rig: CAPRig) throws -> [AuditRecord] {
        try AuditStore(database: rig.fixture.database).records(tenant: nil, limit: 100_000)
            .filter { $0.event.kind == "cap.packet_rejected" }
    }

    @Test func signedWorkersRunJobsEndToEnd() async throws {
        let rig = try await Self.rig()
        let worker = try await rig.startWorker(
            HelloWorker.make(),
            id: "hello-w1",
            bus: BusSecurity(packetKeys: Self.workerKeys)
        )
        let job = try await rig.host.submitJob(
            JobSubmission(topic: "job.hello.greet", input: ["name": "Ada"]),
            tenant: "default",
            principal: "alice"
        )
        let finished = try await rig.finishedJob(job.id)
        #expect(finished.state == .succeeded)
        #expect(finished.result?["greeting"]?.stringValue == "Hello, Ada!")
        #expect(try Self.rejections(rig).isEmpty)
        await worker.shutdown()
        await rig.stop()
    }

    @Test func aForgedJobResultFromAnotherSenderIsDropped() async throws {
        let rig = try await Self.rig()
        // The test plays the keyed worker; it signs its heartbeat and checks the host's signature on the job.
        let taken = try await rig.peer.subscribe(to: "worker.hello-w1.jobs")
        try await rig.heartbeat(workerID: "hello-w1", pool: "hello", keys: Self.workerKeys)
        try await rig.waitForWorker("hello-w1")
        let job = try await rig.host.submitJob(
            JobSubmission(topic: "job.hello.greet", input: ["name": "Ada"]),
            tenant: "default",
            principal: "alice"
        )
        var iterator = taken.makeAsyncIterator()
        let message = try #require(try await iterator.next())
        let packet = try Cordum_Agent_V1_BusPacket(serializedBytes: message.payload)
        #expect(packet.verify(wire: message.payload, keys: Self.workerKeys) == .signed(sender: "cordum-host"))
        let request = try #require(jobRequest(in: message))

        // The attacker saw the job on the bus and answers first: as the worker (unsigned), as itself naming the
        // worker, and as itself naming nobody.
        var forged = Cordum_Agent_V1_JobResult()
        forged.jobID = request.jobID
        forged.workerID = "hello-w1"
        forged.status = .failed
        forged.errorCode = "forged"
        try await rig.publishResult(forged)
        try await rig.publishResult(forged, senderID: "evil")
        forged.workerID = ""
        try await rig.publishResult(forged, senderID: "evil")
        try await rig.waitUntil { try Self.rejections(rig).count >= 2 }
        try await Task.sleep(for: .milliseconds(200))
        try await rig.host.tick()
        #expect(try await rig.host.job(job.id, tenant: "default").state == .running)

        var real = Cordum_Agent_V1_JobResult()
        real.jobID = request.jobID
        real.workerID = "hello-w1"
        real.status = .succeeded
        try await rig.publishResult(real, keys: Self.workerKeys)
        let finished = try await rig.finishedJob(job.id)
        #expect(finished.state == .succeeded)
        let rejected = try Self.rejections(rig)
        #expect(Set(rejected.map(\.event.subject)) == ["hello-w1", "evil"])
        #expect(rejected.allSatisfy { $0.event.data["payload"]?.stringValue == "job_result" })
        await rig.stop()
    }

    @Test func anUnsignedHeartbeatForAKeyedWorkerRegistersNothing() async throws {
        let rig = try await Self.rig()
        try await rig.heartbeat(workerID: "hello-w1", pool: "hello")
        try await rig.heartbeat(workerID: "hello-w1", pool: "hello", senderID: "evil")
        try await rig.waitUntil { try Self.rejections(rig).count == 2 }
        #expect(await rig.host.workerStatus().isEmpty)
        // A heartbeat signed with another key is no better.
        try await rig.heartbeat(
            workerID: "hello-w1",
            pool: "hello",
            keys: PacketKeys(signingKey: P256.Signing.PrivateKey())
        )
        try await Task.sleep(for: .milliseconds(200))
        #expect(await rig.host.workerStatus().isEmpty)
        await rig.stop()
    }

    @Test func aJobFromAnImpersonatedHostIsNotRun() async throws {
        let rig = try await Self.rig()
        let guestbook = Guestbook()
        let worker = try await rig.startWorker(
            HelloWorker.make(guestbook: guestbook),
            id: "hello-w1",
            bus: BusSecurity(packetKeys: Self.workerKeys)
        )
        // The attacker writes a context and sends a sign job straight to the worker, posing as the host.
        try await rig.redis.set("ctx:forged-1", to: #"{"name":"Mallory","message":"pwned"}"#)
        var request = Cordum_Agent_V1_JobRequest()
        request.jobID = "forged-1"
        request.topic = "job.hello.guestbook.sign"
        request.contextPtr = "redis://ctx:forged-1"
        var packet = Cordum_Agent_V1_BusPacket()
        packet.senderID = "cordum-host"
        packet.protocolVersion = 1
        packet.jobRequest = request
        let results = try await rig.peer.subscribe(to: "sys.job.result")
        try await rig.peer.publish("worker.hello-w1.jobs", payload: try packet.serializedBytes())
        // Or as a sender the worker has never heard of.
        packet.senderID = "evil"
        try await rig.peer.publish("worker.hello-w1.jobs", payload: try packet.serializedBytes())
        try await rig.peer.flush()
        try await Task.sleep(for: .milliseconds(500))
        #expect(await guestbook.all.isEmpty)
        #expect(await WorkerAllowListTests.count(results, for: .milliseconds(100)) == 0)
        await worker.shutdown()
        await rig.stop()
    }
}
