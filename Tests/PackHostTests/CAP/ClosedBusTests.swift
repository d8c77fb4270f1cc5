import Foundation
import HelloWorker
import PackHost
import ServerTesting
import StructuredData
import Testing
import WorkerKit
import WorkflowEngine

@testable import CAP

/// The deployment docs/cap.md recommends: NATS with TLS and NKey users, Redis with TLS and a password, the host's
/// allow list; the worker is configured only from its environment, as `cordum-<pack>` is.
@Suite(.serialized) struct ClosedBusTests {
    @Test func aClosedBusRunsJobsOnlyForItsCredentialedWorkers() async throws {
        let certificates = try TestCertificates.make()
        defer { certificates.remove() }
        let hostSeed = NKey.generateUserSeed()
        let workerSeed = NKey.generateUserSeed()
        let nats = try await ServerProcess.nats(
            configuration: """
                tls {
                  cert_file: "\(certificates.serverCertificate)"
                  key_file: "\(certificates.serverKey)"
                  ca_file: "\(certificates.caFile)"
                }
                authorization { users = [ { nkey: "\(try NKey(seed: hostSeed).publicKey)" }, { nkey: "\(try NKey(seed: workerSeed).publicKey)" } ] }
                """
        )
        defer { nats.stop() }
        let redis = try await ServerProcess.redisTLS(certificates, verifyClients: false, password: "r3dis-pa55")
        defer { redis.stop() }
        let natsURL = "tls://localhost:\(nats.port)"
        let redisURL = "rediss://:r3dis-pa55@localhost:\(redis.port)"

        let fixture = try HostFixture(catalog: try StaticCatalog.hello())
        var configuration = CAPBridgeConfiguration(natsURL: natsURL, redisURL: redisURL)
        configuration.sweepInterval = nil
        configuration.bus = try BusSecurity(environment: [
            "NATS_NKEY": hostSeed, "NATS_TLS_CA": certificates.caFile, "REDIS_TLS_CA": certificates.caFile,
        ])
        configuration.allowedWorkers = WorkerAllowList(["hello": ["hello-w1"]])
        let bridge = try CAPBridge(host: fixture.host, configuration: configuration, clock: fixture.clock)
        try await fixture.host.recover()
        try await bridge.start()

        // The worker, as its executable reads the environment.
        let environment = [
            "CORDUM_NATS_URL": natsURL, "CORDUM_REDIS_URL": redisURL, "CORDUM_WORKER_ID": "hello-w1",
            "CORDUM_HELLO_HEARTBEAT_SECONDS": "1", "NATS_NKEY": workerSeed, "NATS_TLS_CA": certificates.caFile,
            "REDIS_TLS_CA": certificates.caFile,
        ]
        let worker = CAPWorker(
            worker: HelloWorker.make(),
            configuration: try WorkerConfiguration(packID: "hello", environment: environment)
        )
        Task { try await worker.run() }
        let registered = try await eventually(timeout: .seconds(30)) {
            await fixture.host.workerStatus().contains { $0.id == "hello-w1" }
        }
        #expect(registered)
        let job = try await fixture.host.submitJob(
            JobSubmission(topic: "job.hello.greet", input: ["name": "Ada"]),
            tenant: "default",
            principal: "alice"
        )
        let finished = try await eventually(timeout: .seconds(30)) {
            try await fixture.host.tick()
            return try await fixture.host.job(job.id, tenant: "default").state.isTerminal
        }
        #expect(finished)
        #expect(try await fixture.host.job(job.id, tenant: "default").result?["greeting"]?.stringValue == "Hello, Ada!")

        // Without credentials, or without the CA, nobody else gets on the bus.
        for (authentication, tls) in [
            (NATSAuthentication.none, TLSSettings(caFile: certificates.caFile)),
            (.nkey(seed: NKey.generateUserSeed()), TLSSettings(caFile: certificates.caFile)),
            (.nkey(seed: workerSeed), TLSSettings(caFile: certificates.rogueCAFile)),
        ] {
            var intruder = try NATSConfiguration(url: natsURL)
            intruder.authentication = authentication
            intruder.tls = tls
            intruder.reconnect.enabled = false
            await #expect(throws: NATSError.self) { try await NATSClient(configuration: intruder).connect() }
        }
        await worker.shutdown()
        await bridge.stop()
        await fixture.host.shutdown()
    }
}
