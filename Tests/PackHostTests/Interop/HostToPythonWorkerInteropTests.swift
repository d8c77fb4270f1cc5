import PackHost
import PackTesting
import StructuredData
import Testing

/// Jobs the host dispatches over its CAP bridge are run by a worker built on the official CAP Python SDK
/// (`cap.worker.run_worker` on `worker.<id>.jobs`, plus heartbeats): the host sees the worker from its heartbeats,
/// sends the JobRequest with the input at `ctx:<job_id>`, and records the SDK worker's JobResult and output.
@Suite("Interop: host → Python SDK worker", .serialized, .timeLimit(.minutes(10)))
struct HostToPythonWorkerInteropTests {
    static let policy = """
        rules:
          - id: interop
            match: { topics: ["job.interop.*"] }
            decision: allow
        """

    @Test func theHostDispatchesToAPythonSDKWorkerAndRecordsItsResult() async throws {
        _ = try await PythonSDK.python()
        let catalog = StaticCatalog(
            governance: try StaticCatalog.governance(policy: Self.policy, pools: ["job.interop.echo": "py"])
        )
        let rig = try await CAPRig(catalog: catalog)
        let worker = try await PythonSDK.start(
            "cap_worker.py",
            [
                "--nats", rig.natsURL, "--redis", rig.redisURL, "--worker-id", "py-w1", "--pool", "py",
                "--topics", "job.interop.echo", "--heartbeat", "1",
            ]
        )
        defer { worker.stop() }
        do {
            try await rig.waitForWorker("py-w1", timeout: .seconds(30))
        } catch {
            Issue.record("the Python worker was not registered: \(worker.stdout) \(worker.stderr)")
            throw error
        }

        let job = try await rig.host.submitJob(
            JobSubmission(topic: "job.interop.echo", input: ["name": "Ada", "n": 7]),
            tenant: "default",
            principal: "alice"
        )
        let finished = try await rig.finishedJob(job.id)
        #expect(finished.state == .succeeded, "\(String(describing: finished.error)) \(worker.stderr)")
        #expect(finished.workerID == "py-w1")
        #expect(finished.result?["greeting"] == "Hello, Ada!")
        #expect(finished.result?["echo"] == ["name": "Ada", "n": 7])
        #expect(finished.result?["topic"] == "job.interop.echo")
        #expect(finished.result?["sdk"] == "cap-sdk-python")

        // FAILED from the SDK carries an error code but no result pointer: the host records the code and message.
        let failing = try await rig.host.submitJob(
            JobSubmission(topic: "job.interop.echo", input: ["fail": "vendor_down"]),
            tenant: "default",
            principal: "alice"
        )
        let failed = try await rig.finishedJob(failing.id)
        #expect(failed.state == .failed)
        #expect(failed.error?.code == "vendor_down")
        #expect(failed.error?.message.contains("vendor_down") == true)
        await rig.stop()
    }
}
