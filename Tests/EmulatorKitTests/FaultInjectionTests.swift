import EmulatorKit
import StructuredData
import Testing

@Suite("Fault injection")
struct FaultInjectionTests {
    @Test("a counted fault answers the next N matching requests, then expires")
    func countedFault() async throws {
        let (server, _) = try await EmulatorServerTests.startEcho()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        server.faults.add(try FaultRule(method: "GET", path: "/things/*", status: 429, retryAfter: 3, count: 2))
        let first = try await client.send("GET", "/things/1")
        #expect(first.status == 429)
        #expect(first.headers["retry-after"] == "3")
        #expect(first.json?["message"] == "Too Many Requests")
        #expect(try await client.send("POST", "/things", body: "{}").status == 201)
        #expect(try await client.send("GET", "/things/2").status == 429)
        #expect(try await client.send("GET", "/things/3").status == 200)
        #expect(server.faults.rules.isEmpty)
        let statuses = server.requestLog.entries.map(\.status)
        #expect(statuses == [429, 201, 429, 200])
        #expect(server.requestLog.entries[0].faultID == "fault-1")
    }

    @Test(
        "every status the packs need, with the rule's body and headers",
        arguments: [401, 403, 404, 409, 422, 500, 502, 503]
    )
    func statuses(status: Int) async throws {
        let (server, _) = try await EmulatorServerTests.startEcho()
        defer { Task { await server.stop() } }
        server.faults.add(
            try FaultRule(
                path: "/**",
                status: status,
                headers: ["x-extra": "1"],
                body: ["message": "injected"],
                count: 1
            )
        )
        let answer = try await HTTPTestClient(baseURL: server.baseURL).send("GET", "/things/1")
        #expect(answer.status == status)
        #expect(answer.json?["message"] == "injected")
        #expect(answer.headers["x-extra"] == "1")
    }

    @Test("`after` lets the first matching requests through")
    func afterSkips() async throws {
        let (server, _) = try await EmulatorServerTests.startEcho()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        server.faults.add(try FaultRule(path: "/things/{id}", status: 503, after: 1, count: 1))
        #expect(try await client.send("GET", "/things/1").status == 200)
        #expect(try await client.send("GET", "/things/2").status == 503)
        #expect(try await client.send("GET", "/things/3").status == 200)
    }

    @Test("a delay-only fault slows the answer and then answers normally")
    func delayOnly() async throws {
        let (server, _) = try await EmulatorServerTests.startEcho()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        let id = server.faults.add(try FaultRule(path: "/things/*", delay: .milliseconds(200), count: 1))
        let answer = try await client.send("GET", "/things/9")
        #expect(answer.status == 200)
        #expect(answer.json?["id"] == "9")
        #expect(server.requestLog.entries.last?.faultID == id)
        #expect(server.faults.rules.isEmpty)
    }

    @Test("faults are set, listed and removed over HTTP")
    func controlEndpoints() async throws {
        let (server, _) = try await EmulatorServerTests.startEcho()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        let added = try await client.send(
            "POST",
            "/_emulator/faults",
            body:
                #"{"faults":[{"method":"get","path":"/things/**","status":422,"body":{"message":"Validation Failed"}},{"path":"/files/**","status":500,"count":1}]}"#
        )
        #expect(added.status == 201)
        let ids = added.json?["faults"]?.arrayValue?.compactMap { $0["id"]?.stringValue } ?? []
        #expect(ids.count == 2)
        #expect(try await client.send("GET", "/things/1").json?["message"] == "Validation Failed")
        let listed = try await client.send("GET", "/_emulator/faults")
        #expect(listed.json?["faults"]?.arrayValue?.count == 2)
        #expect(try await client.send("DELETE", "/_emulator/faults/\(ids[0])").status == 204)
        #expect(try await client.send("DELETE", "/_emulator/faults/nope").status == 404)
        #expect(try await client.send("GET", "/things/1").status == 200)
        #expect(try await client.send("DELETE", "/_emulator/faults").status == 204)
        #expect(server.faults.rules.isEmpty)
        let log = try await client.send("GET", "/_emulator/requests")
        let paths = log.json?["requests"]?.arrayValue?.compactMap { $0["path"]?.stringValue }
        #expect(paths == ["/things/1", "/things/1"])
    }

    @Test("invalid rules are refused naming the field")
    func invalidRules() async throws {
        let (server, _) = try await EmulatorServerTests.startEcho()
        defer { Task { await server.stop() } }
        let client = HTTPTestClient(baseURL: server.baseURL)
        let badStatus = try await client.send("POST", "/_emulator/faults", body: #"{"path":"/x","status":99}"#)
        #expect(badStatus.status == 400)
        #expect(badStatus.json?["message"]?.stringValue?.contains("`status`") == true)
        let badPath = try await client.send("POST", "/_emulator/faults", body: #"{"path":"x","status":500}"#)
        #expect(badPath.json?["message"]?.stringValue?.contains("`path`") == true)
        let unknown = try await client.send("POST", "/_emulator/faults", body: #"{"path":"/x","status":500,"times":2}"#)
        #expect(unknown.json?["message"]?.stringValue?.contains("`times`") == true)
        let nothing = try await client.send("POST", "/_emulator/faults", body: #"{"path":"/x"}"#)
        #expect(nothing.status == 400)
        #expect(server.faults.rules.isEmpty)
    }
}
