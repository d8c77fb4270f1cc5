import EmulatorKit
import NIOCore
import StructuredData
import Testing

@Suite("EmulatorServer")
struct EmulatorServerTests {
    /// An emulator that echoes what it received and counts calls in its state.
    static func startEcho() async throws -> (EmulatorServer, EmulatorState<Int>) {
        let calls = EmulatorState { 0 }
        var router = EmulatorRouter()
        router.add("GET", "/things/{id}") { request, parameters in
            let count = calls.withLock { value in
                value += 1
                return value
            }
            return .json([
                "id": .string(parameters["id"]), "calls": .integer(count), "q": .string(request.queryValue("q") ?? ""),
            ])
        }
        router.add("POST", "/things") { request, _ in
            .json(["received": try request.jsonBody() ?? .null], status: 201)
        }
        router.add("GET", "/files/{path...}") { _, parameters in
            .json(["path": .string(parameters["path"])])
        }
        let routes = router
        let pipeline = EmulatorPipeline(onReset: { calls.reset() }) { request in
            try await routes.route(request) ?? .json(["message": "Not Found"], status: 404)
        }
        let server = try await EmulatorServer.start(EmulatorServer.Configuration(name: "echo"), pipeline: pipeline)
        return (server, calls)
    }

    @Test("starts on an ephemeral loopback port, answers, and stops")
    func startsAndStops() async throws {
        let (server, _) = try await Self.startEcho()
        #expect(server.port > 0)
        #expect(server.baseURL == "http://127.0.0.1:\(server.port)")
        let client = HTTPTestClient(baseURL: server.baseURL)
        let answer = try await client.send("GET", "/things/7?q=a%20b")
        #expect(answer.status == 200)
        #expect(answer.json?["id"] == "7")
        #expect(answer.json?["q"] == "a b")
        #expect(answer.headers["content-type"]?.hasPrefix("application/json") == true)
        await server.stop()
        await #expect(throws: (any Error).self) { _ = try await client.send("GET", "/things/7", timeout: .seconds(2)) }
        await server.stop()  // a second stop is harmless
    }

    @Test("rest parameters capture several segments; unknown routes fall to the handler's 404")
    func routing() async throws {
        let (server, _) = try await Self.startEcho()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        #expect(try await client.send("GET", "/files/docs/a%20b.md").json?["path"] == "docs/a b.md")
        #expect(try await client.send("GET", "/nothing").status == 404)
        let created = try await client.send("POST", "/things", body: #"{"name":"x"}"#)
        #expect(created.status == 201)
        #expect(created.json?["received"]?["name"] == "x")
    }

    @Test("a second server on a taken port fails with a clear error")
    func portInUse() async throws {
        let (server, _) = try await Self.startEcho()
        defer { Task { await server.stop() } }
        await #expect(throws: EmulatorError.self) {
            _ = try await EmulatorServer.start(EmulatorServer.Configuration(port: server.port)) { _ in .empty() }
        }
    }

    @Test("state survives concurrent requests without lost updates")
    func concurrentState() async throws {
        let (server, calls) = try await Self.startEcho()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask { try await client.send("GET", "/things/\(index)").status }
            }
            for try await status in group { #expect(status == 200) }
        }
        #expect(calls.snapshot == 40)
    }

    @Test("POST /_emulator/reset clears faults, the log and the state")
    func reset() async throws {
        let (server, calls) = try await Self.startEcho()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        _ = try await client.send("GET", "/things/1")
        server.faults.add(try FaultRule(path: "/things/*", status: 500))
        #expect(try await client.send("POST", "/_emulator/reset").status == 204)
        #expect(server.faults.rules.isEmpty)
        #expect(server.requestLog.entries.isEmpty)
        #expect(calls.snapshot == 0)
        #expect(try await client.send("GET", "/_emulator/health").json?["status"] == "ok")
    }
}
