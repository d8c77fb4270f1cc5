import EmulatorKit
import StructuredData
import Testing

@Suite("Request log")
struct RequestLogTests {
    @Test("records method, path, query, headers and body, with credentials redacted")
    func recordsAndRedacts() async throws {
        let (server, _) = try await EmulatorServerTests.startEcho()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        _ = try await client.send(
            "POST",
            "/things?dry=1",
            headers: ["Authorization": "Bearer s3cr3t-token", "Cookie": "session=abc", "X-Trace": "t1"],
            body: #"{"a":1}"#
        )
        let entry = try #require(server.requestLog.entries.first)
        #expect(entry.method == "POST")
        #expect(entry.path == "/things")
        #expect(entry.queryValue("dry") == "1")
        #expect(entry.headers["authorization"] == "Bearer [REDACTED]")
        #expect(entry.headers["cookie"] == "[REDACTED]")
        #expect(entry.headers["x-trace"] == "t1")
        #expect(entry.jsonBody?["a"] == 1)
        #expect(entry.status == 201)
        let exported = try await client.send("GET", "/_emulator/requests")
        #expect(!exported.body.contains("s3cr3t-token"))
        #expect(server.requestLog.entries(method: "POST", path: "/things").count == 1)
        #expect(try await client.send("DELETE", "/_emulator/requests").status == 204)
        #expect(server.requestLog.entries.isEmpty)
    }

    @Test("keeps at most its capacity, dropping the oldest")
    func capacity() {
        let log = RequestLog(capacity: 2)
        for index in 1...3 { log.record(EmulatorRequest(method: "GET", path: "/\(index)")) }
        #expect(log.entries.map(\.path) == ["/2", "/3"])
        #expect(log.entries.map(\.sequence) == [2, 3])
    }
}
