import CAP
import Foundation
import HTTPTypes
import PackHost
import PackTesting
import ServerTesting
import StructuredData
import Testing
import WorkflowEngine

/// The host's HTTP API (``APITestHost``, manual clock) with a ``CAPBridge`` on real nats-server and redis-server,
/// and a worker built on the official CAP Python SDK (`Tests/Interop/cap_worker.py`, worker `py-w1` in pool `py`)
/// serving `job.interop.*`. Tests drive the host through its API only.
final class APICAPRig: Sendable {
    let nats: ServerProcess
    let redisServer: ServerProcess
    let api: APITestHost
    let bridge: CAPBridge
    let worker: ChildProcess
    /// A NATS client of the test itself (to watch subjects).
    let peer: NATSClient

    var natsURL: String { "nats://127.0.0.1:\(nats.port)" }

    /// Starts the servers, the host with its bridge, routes `topics` to pool `py`, and waits for the SDK worker.
    init(topics: [String]) async throws {
        _ = try await PythonSDK.python()
        let nats = try await ServerProcess.nats()
        let redisServer = try await ServerProcess.redis()
        let api = try APITestHost()
        var configuration = CAPBridgeConfiguration(
            natsURL: "nats://127.0.0.1:\(nats.port)",
            redisURL: "redis://127.0.0.1:\(redisServer.port)"
        )
        configuration.sweepInterval = nil
        let bridge = try CAPBridge(host: api.services.host, configuration: configuration, clock: api.clock)
        try await api.services.host.recover()
        try await bridge.start()
        let worker = try await PythonSDK.start(
            "cap_worker.py",
            [
                "--nats", "nats://127.0.0.1:\(nats.port)", "--redis", "redis://127.0.0.1:\(redisServer.port)",
                "--worker-id", "py-w1", "--pool", "py", "--topics", topics.joined(separator: ","), "--heartbeat", "1",
            ]
        )
        let peer = NATSClient(configuration: try NATSConfiguration(url: "nats://127.0.0.1:\(nats.port)"))
        try await peer.connect()
        self.nats = nats
        self.redisServer = redisServer
        self.api = api
        self.bridge = bridge
        self.worker = worker
        self.peer = peer
        let registered = try await eventually(timeout: .seconds(30)) {
            await api.services.host.workerStatus().contains { $0.id == "py-w1" }
        }
        guard registered else {
            await stop()
            throw RigFailure("the Python worker was not registered: \(worker.stdout) \(worker.stderr)")
        }
        try await api.test { client in
            let pools: JSONValue = [
                "topics": .object(Dictionary(uniqueKeysWithValues: topics.map { ($0, JSONValue.string("py")) })),
                "pools": ["py": [:]],
            ]
            let answer = try await client.call(
                .post,
                "/config",
                json: ["scope": "system", "scope_id": "default", "data": ["pools": pools]]
            )
            guard answer.status == 204 else { throw RigFailure("the pools did not install: \(answer.body)") }
        }
    }

    /// Runs `body` with an API client.
    func test(_ body: @Sendable (APIClient) async throws -> Void) async throws { try await api.test(body) }

    /// Waits until the run (read through the API as `key`) is finished, moving the host clock a second at a time
    /// so that retry backoffs come due; returns the run JSON.
    func finishedRun(_ runID: String, client: APIClient, key: String = APITestHost.Key.alice) async throws
        -> JSONValue
    {
        var run: JSONValue = .null
        let done = try await eventually(timeout: .seconds(60)) {
            await self.api.services.host.settle()
            run = try await client.call(.get, "/workflow-runs/\(runID)", key: key).json
            if ["succeeded", "failed", "cancelled", "timed_out"].contains(run["status"]?.stringValue ?? "") {
                return true
            }
            self.api.clock.advance(milliseconds: 1000)
            try await self.api.services.host.tick()
            try await Task.sleep(for: .milliseconds(50))
            return false
        }
        guard done else { throw RigFailure("run \(runID) did not finish: \(run) \(worker.stderr)") }
        return run
    }

    /// Creates a tenant workflow for tenant-a and starts it with `input`; returns the run id.
    func start(_ workflow: JSONValue, input: JSONValue, client: APIClient, query: String = "") async throws -> String {
        let created = try await client.call(.post, "/workflows", key: APITestHost.Key.alice, json: workflow)
        guard created.status == 201 else { throw RigFailure("the workflow was refused: \(created.body)") }
        let id = try #require(created.json["id"]?.stringValue)
        let started = try await client.call(
            .post,
            "/workflows/\(id)/runs\(query)",
            key: APITestHost.Key.alice,
            json: input
        )
        guard started.status == 200, let runID = started.json["run_id"]?.stringValue else {
            throw RigFailure("the run did not start: \(started.body)")
        }
        return runID
    }

    func stop() async {
        await bridge.stop()
        await api.services.host.shutdown()
        await peer.close()
        worker.stop()
        nats.stop()
        redisServer.stop()
    }
}
