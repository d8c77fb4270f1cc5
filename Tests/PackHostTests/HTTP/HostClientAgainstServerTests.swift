import Foundation
import HelloWorker
import PackHost
import StructuredData
import Synchronization
import Testing
import WorkerKit

/// The CLI's `HostClient` (the `--host` mode of `packctl`) against a live `HostServer`: both sides of the
/// contract in `docs/host-api.md` agree.
@Suite struct HostClientAgainstServerTests {
    @Test func theCLIClientInstallsRunsAndApprovesThroughTheServer() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("client-\(UUID().uuidString)")
        // One generated admin key both asks and approves here: a single-user server, with self-approval on.
        var configuration = HostConfiguration()
        configuration.selfApproval = .everyTenant
        let services = try HostServices.open(
            paths: HostPaths(dataDirectory: directory.path),
            configuration: configuration
        )
        try await services.host.register(InProcessWorker(HelloWorker.make(guestbook: Guestbook()), pool: "hello"))
        let server = HostServer(
            services: services,
            configuration: HostServer.Configuration(port: 0, tickInterval: .milliseconds(20))
        )
        let announced = Mutex<String?>(nil)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await server.run(
                announceKey: { key in announced.withLock { $0 = key } },
                onServerRunning: { port in continuation.yield(port) }
            )
        }
        defer { task.cancel() }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        let key = try #require(announced.withLock { $0 })
        let client = try HostClient(baseURL: "http://127.0.0.1:\(port)", apiKey: key, tenant: "acme")

        let installed = try await client.install(.path(APITestHost.helloPath), options: InstallOptions())
        #expect(installed["applied"]?.boolValue == true)
        #expect(try await client.packs().count == 1)
        #expect(try await client.status()["tenant"]?.stringValue == "acme")

        let runID = try await client.startRun(
            workflowID: "hello.greet-and-sign",
            input: ["name": "Ada"],
            dryRun: false,
            idempotencyKey: nil
        )
        let pending = try await Self.poll { () -> JSONValue? in
            try await client.approvals(includeDecided: false, limit: 10).first
        }
        #expect(try await client.run(runID)["status"]?.stringValue == "waiting")
        let approvalID = try #require(pending["id"]?.stringValue)
        // A stale digest is the server's 409, surfaced by the client as a conflict.
        await #expect(throws: HostError.self) { _ = try await client.approve(approvalID, reason: "ok", digest: "0") }
        _ = try await client.approve(approvalID, reason: "reviewed", digest: pending["digest"]?.stringValue)
        let finished = try await Self.poll { () -> JSONValue? in
            let run = try await client.run(runID)
            return run["status"]?.stringValue == "succeeded" ? Optional(run) : .none
        }
        #expect(finished["steps"]?["sign"]?["status"]?.stringValue == "succeeded", "\(JSONEncoding.compact(finished))")
        #expect(try await client.timeline(runID, limit: 500).contains { $0["step_id"]?.stringValue == "sign" })
        #expect(try await client.runs(workflowID: "hello.greet-and-sign", status: "succeeded", limit: 5).count == 1)

        let wrong = try HostClient(baseURL: "http://127.0.0.1:\(port)", apiKey: "ck_wrong", tenant: "acme")
        do {
            _ = try await wrong.status()
            Issue.record("a wrong key was accepted")
        } catch {
            #expect(error.code == .unauthenticated)
        }
        await wrong.close()
        await client.close()
        task.cancel()
        _ = await task.result
    }

    /// Polls `body` every 20 ms until it returns a value (at most 10 s).
    static func poll<T: Sendable>(_ body: () async throws -> T?) async throws -> T {
        for _ in 0..<500 {
            if let value = try await body() { return value }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw HostError(.unavailable, "timed out waiting")
    }
}
