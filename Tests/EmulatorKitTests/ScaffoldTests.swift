import EmulatorKit
import NIOCore
import StructuredData
import Synchronization
import Testing

/// The seed / start / reset scaffold, and control endpoints that must never stop the process whatever the seed does.
@Suite("Seed, start and reset scaffold")
struct ScaffoldTests {
    struct World: Sendable {
        var notes: [String] = []
    }

    struct SeedFailed: Error {}

    /// A definition over `SeededState`: `GET /notes` lists, `POST /notes` adds; `fail` makes the next seeds throw
    /// after writing half their data.
    static func definition(fail: Flag? = nil) throws -> EmulatorDefinition<SeededState<World>> {
        let state = try SeededState(World()) { world in
            world.notes.append("first")
            if fail?.value.withLock({ $0 }) == true { throw SeedFailed() }
            world.notes.append("second")
        }
        var router = EmulatorRouter()
        router.add("GET", "/notes") { _, _ in
            .json(["notes": .array(state.withLock { $0.notes }.map { JSONValue.string($0) })])
        }
        router.add("POST", "/notes") { request, _ in
            let body = try RequestBody(request) { EmulatorResponseBox(status: 422, message: $0.description) }
            let note = try body.required("note")
            state.withLock { $0.notes.append(note) }
            return .json(["note": .string(note)], status: 201)
        }
        let routes = router
        return EmulatorDefinition(name: "notes", state: state, demo: "two notes") { request in
            try await routes.route(request) ?? .json(["message": "Not Found"], status: 404)
        }
        .requestIDs(RequestIDPolicy(header: "x-request-id"))
        .settings { baseURL in ["CORDUM_NOTES_BASE_URL": baseURL, "CORDUM_NOTES_TOKEN": "demo"] }
    }

    @Test("an emulator declared once starts on a free port, publishes its settings and resets to its seed")
    func startAndReset() async throws {
        let emulator = try await Emulator.start(try Self.definition())
        defer { Task { await emulator.stop() } }
        #expect(emulator.server.port > 0)
        #expect(emulator.workerSettings == ["CORDUM_NOTES_BASE_URL": emulator.baseURL, "CORDUM_NOTES_TOKEN": "demo"])
        let client = HTTPTestClient(baseURL: emulator.baseURL)
        #expect(try await client.send("POST", "/notes", body: "{\"note\":\"third\"}").status == 201)
        #expect(try await client.send("GET", "/notes").json?["notes"] == ["first", "second", "third"])
        let missing = try await client.send("POST", "/notes", body: "{}")
        #expect(missing.status == 422)
        #expect(missing.headers["x-request-id"] != nil)
        #expect(try await client.send("POST", "/_emulator/reset").status == 204)
        #expect(try await client.send("GET", "/notes").json?["notes"] == ["first", "second"])
        #expect(emulator.requestLog.entries.count == 1)
        emulator.state.withLock { $0.notes = [] }
        try emulator.reset()
        #expect(emulator.state.withLock { $0.notes } == ["first", "second"])
    }

    @Test("a registration from a definition starts it on the port asked for and stops it")
    func registration() async throws {
        let registration = EmulatorRegistration.seeded(packID: "notes") { try Self.definition() }
        let running = try await registration.start(port: 0)
        #expect(running.demo == "two notes")
        #expect(running.workerSettings["CORDUM_NOTES_BASE_URL"] == running.baseURL)
        let client = HTTPTestClient(baseURL: running.baseURL)
        #expect(try await client.send("GET", "/_emulator/health").status == 200)
        await running.stop()
        await #expect(throws: (any Error).self) { try await client.send("GET", "/notes", timeout: .seconds(5)) }
    }

    @Test("a seed that fails halfway answers 500 reset_failed, leaves the state empty, and the next reset recovers")
    func failingSeed() async throws {
        let fail = Flag()
        let emulator = try await Emulator.start(try Self.definition(fail: fail))
        defer { Task { await emulator.stop() } }
        let client = HTTPTestClient(baseURL: emulator.baseURL)
        fail.value.withLock { $0 = true }
        let answer = try await client.send("POST", "/_emulator/reset")
        #expect(answer.status == 500)
        #expect(answer.json?["code"] == "reset_failed")
        #expect(try await client.send("GET", "/notes").json?["notes"] == [])
        #expect(throws: EmulatorError.self) { try emulator.reset() }
        fail.value.withLock { $0 = false }
        #expect(try await client.send("POST", "/_emulator/reset").status == 204)
        #expect(try await client.send("GET", "/notes").json?["notes"] == ["first", "second"])
    }

    @Test("concurrent resets and requests never seed twice, and every answer is an answer")
    func concurrentResets() async throws {
        let emulator = try await Emulator.start(try Self.definition())
        defer { Task { await emulator.stop() } }
        let client = HTTPTestClient(baseURL: emulator.baseURL)
        let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<40 {
                group.addTask {
                    switch index % 4 {
                    case 0: return try await client.send("POST", "/_emulator/reset").status
                    case 1: return try await client.send("POST", "/notes", body: "{\"note\":\"n\(index)\"}").status
                    case 2: return try await client.send("GET", "/notes").status
                    default: return try await client.send("POST", "/_emulator/reset", body: "{\"garbage\":").status
                    }
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        #expect(statuses.allSatisfy { [200, 201, 204].contains($0) })
        #expect(try await client.send("POST", "/_emulator/reset").status == 204)
        #expect(try await client.send("GET", "/notes").json?["notes"] == ["first", "second"])
    }

    @Test("hostile methods, paths, queries and bodies on the scaffold's control endpoints never stop the process")
    func hostileControl() async throws {
        let fail = Flag()
        let emulator = try await Emulator.start(try Self.definition(fail: fail))
        defer { Task { await emulator.stop() } }
        let client = HTTPTestClient(baseURL: emulator.baseURL)
        let targets = [
            "/_emulator/reset", "/_emulator/reset?x=%", "/_emulator/reset/extra", "/_emulator/reset%00",
            "/_emulator//reset", "/_emulator/%2e%2e/reset", "/_emulator/requests?limit=-1", "/_emulator/health/..",
        ]
        let bodies = ["", "{", "null", String(repeating: "[", count: 20_000), "\u{0}\u{7f}", "{\"seed\":\"demo\"}"]
        for (round, target) in targets.enumerated() {
            fail.value.withLock { $0 = round % 2 == 0 }
            for method in ["POST", "GET", "PUT", "DELETE", "PATCH"] {
                for body in bodies {
                    let answer = try await client.send(method, target, body: body)
                    #expect((200...599).contains(answer.status), "\(method) \(target)")
                    if answer.status >= 400 { #expect(answer.json?["code"] != nil, "\(method) \(target)") }
                }
            }
        }
        fail.value.withLock { $0 = false }
        #expect(try await client.send("GET", "/_emulator/health").status == 200)
        #expect(try await client.send("POST", "/_emulator/reset").status == 204)
    }

    @Test("seeds compose and a failing seed state throws resetFailed at creation")
    func seeds() throws {
        let log = Recorder()
        let seed = EmulatorSeed<Recorder>("demo", summary: "a and b") { $0.items.withLock { $0.append("a") } }
            .then(EmulatorSeed("extra") { $0.items.withLock { $0.append("b") } })
        try seed.apply(to: log)
        #expect(log.items.withLock { $0 } == ["a", "b"])
        #expect(seed.name == "demo")
        #expect(EmulatorSeed<Int>.empty.summary == "no data")
        #expect(throws: EmulatorError.resetFailed(String(describing: SeedFailed()))) {
            _ = try SeededState(World()) { _ in throw SeedFailed() }
        }
    }
}

/// A switch shared with a seed.
final class Flag: Sendable {
    let value = Mutex(false)
}

/// What a seed wrote.
final class Recorder: Sendable {
    let items = Mutex<[String]>([])
}

/// A vendor error for the scaffold tests.
struct EmulatorResponseBox: Error, EmulatorResponseError {
    var status: Int
    var message: String

    var response: EmulatorResponse { .json(["message": .string(message)], status: status) }
}
