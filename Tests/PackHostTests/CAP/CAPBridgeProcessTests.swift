import Foundation
import PackHost
import ServerTesting
import StructuredData
import Testing
import WorkflowEngine

/// The real `cordum-hello` executable as a child process, against our host over CAP.
@Suite(.serialized) struct CAPBridgeProcessTests {
    /// The built `cordum-hello` next to the test bundle (or in the package's `.build/debug`).
    static func executable() throws -> URL {
        var candidates: [URL] = []
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "")
        var folder = bundle.deletingLastPathComponent()
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent("cordum-hello"))
            folder.deleteLastPathComponent()
        }
        var root = URL(fileURLWithPath: #filePath)
        while root.path != "/" {
            root.deleteLastPathComponent()
            candidates.append(root.appendingPathComponent(".build/debug/cordum-hello"))
        }
        guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
            throw RigFailure("cordum-hello is not built; run swift build --build-tests first")
        }
        return found
    }

    @Test func theHelloExecutableServesRunsAndIsLostWhenKilled() async throws {
        let rig = try await CAPRig(catalog: try StaticCatalog.hello())
        let child = try SpawnedProcess(
            try Self.executable().path,
            environment: [
                "CORDUM_WORKER_ID": "hello-proc",
                "CORDUM_NATS_URL": rig.natsURL,
                "CORDUM_REDIS_URL": rig.redisURL,
                "CORDUM_HELLO_HEARTBEAT_SECONDS": "1",
                "PATH": "/usr/bin:/bin",
            ]
        )
        defer { child.signal(SIGKILL) }
        try await rig.waitForWorker("hello-proc")

        let started = try await rig.host.startRun(
            workflowID: "hello.greet",
            input: ["name": "Grace", "language": "fr"],
            tenant: "default",
            principal: "alice"
        )
        var run = try await rig.host.run(started.id, tenant: "default")
        try await rig.waitUntil {
            run = try await rig.host.run(started.id, tenant: "default")
            return run.status.isTerminal
        }
        #expect(run.status == .succeeded)
        #expect(run.steps["greet"]?.output?["greeting"]?.stringValue == "Bonjour, Grace !")
        let job = try await rig.host.job(try #require(run.steps["greet"]?.jobID), tenant: "default")
        #expect(job.workerID == "hello-proc")

        // Killed: its heartbeats stop and the host forgets it.
        child.signal(SIGKILL)
        await child.exit()
        try await rig.expireSilentWorkers(keeping: [])
        #expect(await rig.host.workerStatus().isEmpty)
        #expect(await rig.bridge.remoteWorkers().isEmpty)
        await rig.stop()
    }
}
