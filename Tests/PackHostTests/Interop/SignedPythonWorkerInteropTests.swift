import CAP
import Crypto
import Foundation
import PackHost
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// Packet signatures across implementations: a worker on the official CAP Python SDK (`run_worker` with
/// `private_key`) signs its results, and its heartbeats are signed the same way; the host, requiring signatures,
/// verifies both. The SDK cannot verify the host's requests (docs/interop.md, S5): its verifier re-serializes map
/// entries in its own hash order, so the worker runs without `public_keys`.
@Suite("Interop: signed packets with the Python SDK", .serialized, .timeLimit(.minutes(10)))
struct SignedPythonWorkerInteropTests {
    static func pem(_ text: String, _ name: String, in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theHostVerifiesThePythonSDKsSignedHeartbeatsAndResults() async throws {
        _ = try await PythonSDK.python()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keys-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostKey = P256.Signing.PrivateKey()
        let workerKey = P256.Signing.PrivateKey()
        let catalog = StaticCatalog(
            governance: try StaticCatalog.governance(
                policy: HostToPythonWorkerInteropTests.policy,
                pools: ["job.interop.echo": "py"]
            )
        )
        let rig = try await CAPRig(catalog: catalog) { configuration in
            configuration.bus.packetKeys = PacketKeys(
                signingKey: hostKey,
                publicKeys: ["py-w1": workerKey.publicKey],
                requireSigned: true
            )
        }
        let worker = try await PythonSDK.start(
            "cap_worker.py",
            [
                "--nats", rig.natsURL, "--redis", rig.redisURL, "--worker-id", "py-w1", "--pool", "py",
                "--topics", "job.interop.echo", "--heartbeat", "1",
                "--private-key", try Self.pem(workerKey.pemRepresentation, "worker.pem", in: folder),
            ]
        )
        defer { worker.stop() }
        do {
            try await rig.waitForWorker("py-w1", timeout: .seconds(30))
        } catch {
            Issue.record("the signed Python worker was not registered: \(worker.stdout) \(worker.stderr)")
            throw error
        }
        let job = try await rig.host.submitJob(
            JobSubmission(topic: "job.interop.echo", input: ["name": "Ada"], labels: ["team": "a", "env": "b"]),
            tenant: "default",
            principal: "alice"
        )
        let finished: HostJob
        do {
            finished = try await rig.finishedJob(job.id)
        } catch {
            Issue.record("the job did not finish: \(worker.stdout) \(worker.stderr)")
            throw error
        }
        #expect(finished.state == .succeeded, "\(String(describing: finished.error)) \(worker.stdout) \(worker.stderr)")
        #expect(finished.result?["greeting"] == "Hello, Ada!")
        #expect(
            try AuditStore(database: rig.fixture.database).records(tenant: nil, limit: 1000)
                .allSatisfy { $0.event.kind != "cap.packet_rejected" }
        )
        await rig.stop()
    }
}
