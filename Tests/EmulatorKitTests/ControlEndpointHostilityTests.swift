import EmulatorKit
import StructuredData
import Testing

/// Every control endpoint, sent malformed and hostile requests: each gets a clear answer with a stable code, and the
/// server keeps serving.
@Suite("Control endpoints under hostile input")
struct ControlEndpointHostilityTests {
    struct SeedFailed: Error {}

    static let hostileBodies: [String] = [
        "", " ", "{", "}", "null", "true", "42", "\"text\"", "[]", "[1, 2]", "{\"faults\": 3}",
        "{\"faults\": [1]}", "{\"faults\": [{}]}", "{\"status\": \"429\"}", "{\"status\": 99}", "{\"status\": 101}",
        "{\"status\": 700}", "{\"status\": -1}", "{\"status\": 9223372036854775807}",
        "{\"status\": 1e400}", "{\"status\": 500, \"delay_ms\": 9223372036854775807}",
        "{\"status\": 500, \"delay_ms\": -9223372036854775808}", "{\"status\": 500, \"after\": -1}",
        "{\"status\": 500, \"count\": 0}", "{\"status\": 500, \"retry_after\": -5}",
        "{\"status\": 500, \"path\": \"no-slash\"}", "{\"status\": 500, \"path\": \"/**/x/**\"}",
        "{\"status\": 500, \"path\": 7}", "{\"status\": 500, \"method\": []}",
        "{\"status\": 500, \"headers\": []}", "{\"status\": 500, \"headers\": {\"x\": 1}}",
        "{\"status\": 500, \"headers\": {\"bad name\": \"v\"}}", "{\"status\": 500, \"headers\": {\"\": \"v\"}}",
        "{\"status\": 500, \"headers\": {\"x-evil\": \"a\\r\\nset-cookie: b\"}}",
        "{\"status\": 500, \"headers\": {\"content-length\": \"99999\"}}",
        "{\"status\": 500, \"headers\": {\"Transfer-Encoding\": \"chunked\"}}",
        "{\"status\": 500, \"unknown\": true}", "{\"status\": 500, \"id\": 5}",
        String(repeating: "[", count: 100_000), String(repeating: "{\"a\":", count: 50_000),
        "\u{0}\u{1}\u{2}",
    ]

    static let controlTargets: [(method: String, target: String)] = [
        ("GET", "/_emulator/health"), ("GET", "/_emulator/faults"), ("POST", "/_emulator/faults"),
        ("DELETE", "/_emulator/faults"), ("DELETE", "/_emulator/faults/fault-1"), ("DELETE", "/_emulator/faults/%00"),
        ("DELETE", "/_emulator/faults/a/b"), ("GET", "/_emulator/requests"), ("DELETE", "/_emulator/requests"),
        ("POST", "/_emulator/reset"), ("PUT", "/_emulator/reset"), ("PATCH", "/_emulator/faults"),
        ("GET", "/_emulator"), ("GET", "/_emulator/"), ("GET", "/_emulator/%ZZ"), ("GET", "/_emulator/health?x=%"),
        ("OPTIONS", "/_emulator/faults"),
    ]

    /// A server whose vendor state fails to reset (as a seed that throws would).
    static func startFailingReset() async throws -> EmulatorServer {
        let pipeline = EmulatorPipeline(onReset: { throw SeedFailed() }) { _ in .json(["ok": true]) }
        return try await EmulatorServer.start(EmulatorServer.Configuration(name: "hostile"), pipeline: pipeline)
    }

    @Test("a reset whose vendor state cannot be restored answers 500 reset_failed and the server stays up")
    func failingReset() async throws {
        let server = try await Self.startFailingReset()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        let answer = try await client.send("POST", "/_emulator/reset")
        #expect(answer.status == 500)
        #expect(answer.json?["code"] == "reset_failed")
        #expect(try await client.send("GET", "/_emulator/health").status == 200)
        #expect(throws: EmulatorError.resetFailed(String(describing: SeedFailed()))) {
            try server.pipeline.reset()
        }
    }

    @Test("malformed and hostile fault bodies answer 400 with a code, and nothing is added")
    func hostileFaultBodies() async throws {
        let server = try await Self.startFailingReset()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        for body in Self.hostileBodies {
            let answer = try await client.send("POST", "/_emulator/faults", body: body)
            #expect(answer.status == 400, "body \(body.prefix(60))")
            let code = answer.json?["code"]?.stringValue
            #expect(code == "invalid_fault" || code == "invalid_json", "body \(body.prefix(60))")
        }
        #expect(server.faults.rules.isEmpty)
        #expect(try await client.send("GET", "/_emulator/health").status == 200)
    }

    @Test("every control endpoint, with every hostile body, answers and the server keeps serving")
    func everyEndpointSurvives() async throws {
        let server = try await Self.startFailingReset()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        for (method, target) in Self.controlTargets {
            for body in Self.hostileBodies.prefix(12) + Self.hostileBodies.suffix(4) {
                let answer = try await client.send(method, target, body: body)
                #expect((200...599).contains(answer.status), "\(method) \(target)")
                if answer.status >= 400 {
                    #expect(answer.json?["code"]?.stringValue?.isEmpty == false, "\(method) \(target)")
                }
            }
        }
        #expect(try await client.send("GET", "/_emulator/health").status == 200)
        #expect(try await client.send("GET", "/anything").json?["ok"] == true)
    }

    @Test("a body larger than the limit is refused, and the server keeps serving")
    func oversizedBody() async throws {
        let pipeline = EmulatorPipeline { _ in .json(["ok": true]) }
        let server = try await EmulatorServer.start(
            EmulatorServer.Configuration(name: "small", maxBodyBytes: 1024),
            pipeline: pipeline
        )
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        let answer = try? await client.send("POST", "/_emulator/faults", body: String(repeating: "x", count: 64 * 1024))
        #expect(answer.map { $0.status >= 400 } ?? true)
        #expect(try await client.send("GET", "/_emulator/health").status == 200)
    }

    @Test("page numbers far past the end, up to Int.max, answer an empty page instead of overflowing")
    func hugePage() {
        let items: [JSONValue] = (0..<5).map { .integer($0) }
        for page in ["9223372036854775807", "4611686018427387904", "-9223372036854775808"] {
            let request = EmulatorRequest(method: "GET", target: "/list?page=\(page)&per_page=100")
            let result = Pagination.page(items, request: request)
            #expect(result.items.count == (page.hasPrefix("-") ? 5 : 0))
        }
    }
}
