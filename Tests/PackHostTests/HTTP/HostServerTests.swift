import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import PackHost
import StructuredData
import Synchronization
import Testing

/// `HostServer.run()` on a real socket: first-start key, authenticated requests, graceful stop.
@Suite struct HostServerTests {
    @Test func servesOnAFreePortWithTheKeyItCreatedAndStopsWhenCancelled() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("serve-\(UUID().uuidString)")
        let services = try HostServices.open(paths: HostPaths(dataDirectory: directory.path))
        let server = HostServer(
            services: services,
            configuration: HostServer.Configuration(port: 0, tickInterval: .milliseconds(50))
        )
        let announced = Mutex<String?>(nil)
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let task = Task {
            try await server.run(
                announceKey: { key in announced.withLock { $0 = key } },
                onServerRunning: { port in continuation.yield(port) }
            )
        }
        var iterator = ports.makeAsyncIterator()
        let port = try #require(await iterator.next())
        #expect(port > 0)
        let key = try #require(announced.withLock { $0 })

        let base = "http://127.0.0.1:\(port)/api/v1"
        let status = try await Self.get(base + "/status", key: key, tenant: "acme")
        #expect(status.status == 200)
        let json = try JSONParser.parse(status.body)
        #expect(json["tenant"]?.stringValue == "acme")
        #expect(json["principal"]?.stringValue == "admin")
        #expect(!status.body.contains(key))
        let refused = try await Self.get(base + "/status", key: "ck_wrong", tenant: "acme")
        #expect(refused.status == 401)
        #expect(refused.body.contains("\"unauthenticated\""))

        task.cancel()
        let stopped: Result<Void, any Error> = await task.result
        #expect((try? stopped.get()) != nil)
        // Stopped: the port refuses connections (the client retries refused connects until its deadline).
        await #expect(throws: (any Error).self) {
            _ = try await Self.get(base + "/status", key: key, tenant: "acme", timeout: .seconds(1))
        }

        // A restart reads the stored key file and announces nothing.
        let again = try HostServer(services: services).loadKeys()
        #expect(again.createdKey == nil)
        #expect(again.store.authenticate(key) != nil)
    }

    static func get(
        _ url: String,
        key: String,
        tenant: String,
        // Generous: a full test run on two cores can keep a request waiting for a thread for many seconds.
        timeout: TimeAmount = .seconds(60)
    ) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.headers.add(name: "X-API-Key", value: key)
        request.headers.add(name: "X-Tenant-ID", value: tenant)
        request.headers.add(name: "Connection", value: "close")
        let response = try await HTTPClient.shared.execute(request, timeout: timeout)
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}
