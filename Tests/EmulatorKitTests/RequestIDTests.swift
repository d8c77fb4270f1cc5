import EmulatorKit
import StructuredData
import Testing

@Suite("Request ids")
struct RequestIDTests {
    static func start() async throws -> EmulatorServer {
        let pipeline = EmulatorPipeline(requestIDs: RequestIDPolicy(header: "X-Req-Id") { "req-\($0)" }) {
            request in
            if request.path == "/preset" { return .json(["ok": true], headers: ["x-req-id": "vendor-chosen"]) }
            return .json(["ok": true, "seen": .string(RequestID.current ?? "none")])
        }
        return try await EmulatorServer.start(EmulatorServer.Configuration(name: "ids"), pipeline: pipeline)
    }

    @Test("every answer carries a request id under the vendor's header, the handler sees it, the log records it")
    func idsOnAnswers() async throws {
        let server = try await Self.start()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        let first = try await client.send("GET", "/a")
        #expect(first.headers["x-req-id"] == "req-1")
        #expect(first.json?["seen"] == "req-1")
        try server.faults.add(FaultRule(path: "/b", status: 503, count: 1))
        let faulted = try await client.send("GET", "/b")
        #expect(faulted.status == 503)
        #expect(faulted.headers["x-req-id"] == "req-2")
        let preset = try await client.send("GET", "/preset")
        #expect(preset.headers["x-req-id"] == "vendor-chosen")
        #expect(server.requestLog.entry(requestID: "req-2")?.path == "/b")
        #expect(server.requestLog.entry(requestID: "vendor-chosen")?.path == "/preset")
        let control = try await client.send("GET", "/_emulator/requests")
        #expect(control.headers["x-req-id"] == nil)
        #expect(control.json?["requests"]?.arrayValue?.first?["request_id"] == "req-1")
        #expect(try await client.send("POST", "/_emulator/reset").status == 204)
        #expect(try await client.send("GET", "/a").headers["x-req-id"] == "req-1")
    }

    @Test("the default ids are UUID-shaped and distinct")
    func defaultShape() {
        let one = RequestIDPolicy.uuidShaped(1)
        let big = RequestIDPolicy.uuidShaped(Int.max)
        #expect(one == "00000000-0000-4000-8000-000000000001")
        #expect(one.count == 36)
        #expect(big.count == 36)
        #expect(one != RequestIDPolicy.uuidShaped(2))
    }
}
