import CAP
import Foundation
import HelloWorker
import PackHost
import ServerTesting
import StructuredData
import Testing
import WorkerKit
import WorkflowEngine

/// The NATS permissions docs/cap.md gives a worker are enough for it to serve its pool, and keep everything else
/// from it: with the worker's own credentials nobody can listen to the bus at large.
@Suite(.serialized) struct LeastPrivilegeBusTests {
    static let permissions = """
        authorization {
          users = [
            { user: host, password: "host-pa55" }
            { user: hello-w1, password: "w1-pa55", permissions: {
                publish: ["sys.heartbeat", "sys.job.result", "sys.job.progress"]
                subscribe: ["worker.hello-w1.jobs", "sys.job.cancel", "job.hello.>"]
            } }
          ]
        }
        """

    @Test func aWorkersCredentialsCannotReadOtherJobsOffTheBus() async throws {
        let nats = try await ServerProcess.nats(configuration: Self.permissions)
        defer { nats.stop() }
        let redis = try await ServerProcess.redis()
        defer { redis.stop() }
        let fixture = try HostFixture(catalog: try StaticCatalog.hello())
        var configuration = CAPBridgeConfiguration(
            natsURL: "nats://host:host-pa55@127.0.0.1:\(nats.port)",
            redisURL: "redis://127.0.0.1:\(redis.port)"
        )
        configuration.sweepInterval = nil
        let bridge = try CAPBridge(host: fixture.host, configuration: configuration, clock: fixture.clock)
        try await fixture.host.recover()
        try await bridge.start()
        let workerURL = "nats://hello-w1:w1-pa55@127.0.0.1:\(nats.port)"
        let worker = CAPWorker(
            worker: HelloWorker.make(),
            configuration: WorkerConfiguration(
                packID: "hello",
                workerID: "hello-w1",
                natsURL: workerURL,
                redisURL: "redis://127.0.0.1:\(redis.port)",
                heartbeatInterval: .milliseconds(100)
            )
        )
        Task { try await worker.run() }
        #expect(try await eventually(timeout: .seconds(30)) { await fixture.host.workerStatus().count == 1 })

        // Someone holding the worker's credentials listens to everything.
        let eavesdropper = NATSClient(configuration: try NATSConfiguration(url: workerURL))
        try await eavesdropper.connect()
        let everything = try await eavesdropper.subscribe(to: ">")
        let otherWorkers = try await eavesdropper.subscribe(to: "worker.*.jobs")
        try? await eavesdropper.flush()

        let job = try await fixture.host.submitJob(
            JobSubmission(topic: "job.hello.greet", input: ["name": "Ada"]),
            tenant: "default",
            principal: "alice"
        )
        #expect(
            try await eventually(timeout: .seconds(30)) {
                try await fixture.host.tick()
                return try await fixture.host.job(job.id, tenant: "default").state.isTerminal
            }
        )
        #expect(try await fixture.host.job(job.id, tenant: "default").state == .succeeded)
        #expect(await WorkerAllowListTests.count(everything, for: .milliseconds(200)) == 0)
        #expect(await WorkerAllowListTests.count(otherWorkers, for: .milliseconds(100)) == 0)
        // The refusal ends the subscription with its own code, so a misconfigured worker does not wait in silence.
        let refused = try await eavesdropper.subscribe(to: "sys.job.submit")
        await #expect {
            for try await _ in refused {}
        } throws: { ($0 as? NATSError)?.code == .permissionDenied }
        await eavesdropper.close()
        await worker.shutdown()
        await bridge.stop()
        await fixture.host.shutdown()
    }
}
