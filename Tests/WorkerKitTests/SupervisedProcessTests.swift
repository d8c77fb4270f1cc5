import Foundation
import ServerTesting
import StructuredData
import Testing
import WorkerKit

/// A supervised JSON-RPC child (a small Python stdio server): answers matched to requests, crashes failing what is in
/// flight, restarts with backoff, giving up, timeouts, error answers, notifications, and stopping.
@Suite struct SupervisedProcessTests {
    /// A line-delimited JSON-RPC server: `echo`, `later` (answers after `ms` on a thread), `fail` (an error answer),
    /// `crash` (writes to stderr, exits 3), `hang` (never answers), `poke` (sends a notification, then answers).
    static let server = """
        import json, os, sys, threading, time
        lock = threading.Lock()
        def out(message):
            with lock:
                sys.stdout.write(json.dumps(message) + "\\n"); sys.stdout.flush()
        for line in sys.stdin:
            m = json.loads(line)
            method, mid, params = m.get("method"), m.get("id"), m.get("params")
            if method == "echo": out({"jsonrpc": "2.0", "id": mid, "result": params})
            elif method == "later":
                def answer(mid=mid, params=params):
                    time.sleep(params["ms"] / 1000); out({"jsonrpc": "2.0", "id": mid, "result": params})
                threading.Thread(target=answer).start()
            elif method == "fail": out({"jsonrpc": "2.0", "id": mid, "error": {"code": params.get("code", -32602), "message": "bad params for " + params["token"]}})
            elif method == "crash":
                sys.stderr.write("boom: " + params["token"] + "\\n"); sys.stderr.flush(); os._exit(3)
            elif method == "poke":
                out({"jsonrpc": "2.0", "method": "notifications/progress", "params": {"n": 1}})
                out({"jsonrpc": "2.0", "id": mid, "result": "poked"})
        """

    static func make(
        restart: SupervisedProcess.RestartPolicy = .init(initialDelay: .milliseconds(50)),
        errors: JSONRPCErrors = JSONRPCErrors()
    ) throws -> (SupervisedProcess, SecretRegistry) {
        let script = FileManager.default.temporaryDirectory.appendingPathComponent("rpc-\(UUID().uuidString).py")
        try server.write(to: script, atomically: true, encoding: .utf8)
        let secrets = SecretRegistry()
        secrets.register("tok-canary-77")
        let process = SupervisedProcess(
            ProcessRequest(.name("python3"), arguments: ["-u", script.path]),
            secrets: secrets,
            restart: restart,
            errors: errors
        )
        return (process, secrets)
    }

    @Test func answersAreMatchedToTheirRequestsWhateverTheOrder() async throws {
        let (server, _) = try Self.make()
        let slow = Task { try await server.call("later", params: ["ms": 400, "tag": "slow"]) }
        #expect(try await eventually { await server.inFlightCount == 1 })
        let fast = try await server.call("later", params: ["ms": 10, "tag": "fast"])
        #expect(fast["tag"] == "fast")
        #expect(try await slow.value["tag"] == "slow")
        let echoed = try await withThrowingTaskGroup(of: JSONValue.self) { group in
            for index in 0..<20 { group.addTask { try await server.call("echo", params: ["i": .integer(index)]) } }
            return try await group.reduce(into: [Int]()) { $0.append($1["i"]?.intValue ?? -1) }
        }
        #expect(Set(echoed) == Set(0..<20))
        #expect(await server.startCount == 1)
        await server.stop()
    }

    @Test func aCrashFailsWhatIsInFlightClearlyAndTheNextCallRestartsTheChild() async throws {
        let (server, _) = try Self.make(restart: .init(initialDelay: .seconds(1)))
        let waiting = Task { try await server.call("later", params: ["ms": 5000]) }
        #expect(try await eventually { await server.inFlightCount == 1 })
        let crash = await #expect(throws: WorkerError.self) {
            try await server.call("crash", params: ["token": "tok-canary-77"])
        }
        #expect(crash?.code == "unavailable")
        #expect(crash?.retryable == true)
        #expect(crash?.message.contains("exited with code 3") == true, "\(crash?.message ?? "")")
        #expect(crash?.message.contains("boom: \(SecretRegistry.mask)") == true)
        #expect(crash?.message.contains("tok-canary-77") == false)
        let other = await waiting.result
        guard case .failure(let error as WorkerError) = other else {
            Issue.record("the request in flight did not fail: \(other)")
            return
        }
        #expect(error.code == "unavailable")
        // After the backoff the next call starts the child again. (A call within the backoff fails at once; that
        // is timing a loaded machine cannot promise, so it is not asserted here.)
        try await Task.sleep(for: .milliseconds(1100))
        #expect(try await server.call("echo", params: 2) == 2)
        #expect(await server.startCount == 2)
        await server.stop()
    }

    @Test func afterTooManyCrashesInARowTheChildIsNotStartedAgain() async throws {
        let (server, _) = try Self.make(restart: .init(initialDelay: .milliseconds(10), maxCrashes: 3))
        // A call in the backoff is refused without starting the child; only calls that reach one count.
        var crashes = 0
        for _ in 0..<100 where crashes < 3 {
            do {
                _ = try await server.call("crash", params: ["token": "x"])
            } catch {
                if error.message.contains("exited with code 3") { crashes += 1 }
            }
            try await Task.sleep(for: .milliseconds(30))
        }
        #expect(crashes == 3)
        let refused = await #expect(throws: WorkerError.self) { try await server.call("echo", params: 1) }
        #expect(refused?.message.contains("3 times in a row") == true, "\(refused?.message ?? "")")
        #expect(await server.startCount == 3)
        await server.stop()
    }

    @Test func aRequestWithoutAnAnswerTimesOutAndTheChildStaysUp() async throws {
        let (server, _) = try Self.make()
        let error = await #expect(throws: WorkerError.self) {
            try await server.call("hang", timeout: .milliseconds(300))
        }
        #expect(error?.code == "timeout")
        #expect(error?.retryable == true)
        #expect(try await server.call("echo", params: "still here") == "still here")
        #expect(await server.startCount == 1)
        await server.stop()
    }

    @Test func anErrorAnswerMapsToItsSharedCodeWithTheChildsWordsScrubbed() async throws {
        let (server, _) = try Self.make(errors: JSONRPCErrors([-32002: .notFound]))
        let invalid = await #expect(throws: WorkerError.self) {
            try await server.call("fail", params: ["token": "tok-canary-77"])
        }
        #expect(invalid?.code == .validationFailed)
        #expect(invalid?.message.contains("-32602") == true)
        #expect(invalid?.message.contains("bad params for \(SecretRegistry.mask)") == true, "\(invalid?.message ?? "")")
        // The protocol's own code, then anything else.
        let missing = await #expect(throws: WorkerError.self) {
            try await server.call("fail", params: ["token": "x", "code": -32002])
        }
        #expect(missing?.code == .notFound)
        let other = await #expect(throws: WorkerError.self) {
            try await server.call("fail", params: ["token": "x", "code": -32000])
        }
        #expect(other?.code == .vendorError)
        await server.stop()
    }

    @Test func notificationsFromTheChildReachIncoming() async throws {
        let (server, _) = try Self.make()
        #expect(try await server.call("poke") == "poked")
        var iterator = server.incoming.makeAsyncIterator()
        let notification = await iterator.next()
        #expect(notification?["method"] == "notifications/progress")
        await server.stop()
        #expect(await iterator.next() == nil)
        let stopped = await #expect(throws: WorkerError.self) { try await server.call("echo", params: 1) }
        #expect(stopped?.message.contains("stopped") == true)
    }
}
