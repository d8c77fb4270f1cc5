import Foundation
import MCPClientWorker
import PackTesting
import ServerTesting
import StructuredData
import Testing
import WorkerKit

#if canImport(Glibc)
    import Glibc
#endif

/// The worker against the official Python MCP SDK (FastMCP, pinned in `peers/setup-venv.sh`): over stdio, a child
/// supervised by WorkerKit's SupervisedProcess; over Streamable HTTP, a server on a loopback port.
@Suite("mcp-client: the Python MCP SDK over stdio and Streamable HTTP")
struct PythonPeerTests {
    static let peerKey = "peer-api-key-7c1d9e"

    /// Settings for one profile with the peer as server `py`.
    static func settings(
        _ server: JSONValue,
        read: [String] = ["lookup", "pid", "secret", "slow", "huge", "broken", "wipe", "crash"]
    ) -> [String: String] {
        let profile: JSONValue = [
            ["name": "default", "servers": ["py": server], "tools": ["read": .array(read.map(JSONValue.string))]]
        ]
        return ["CORDUM_MCP_CLIENT_PROFILES": JSONEncoding.compact(profile), "TEST_PEER_KEY": peerKey]
    }

    static func stdioServer(extra: [String: JSONValue] = [:]) async throws -> JSONValue {
        let python = try await MCPTest.python.python()
        var server: [String: JSONValue] = [
            "command": .string(python.path), "args": [.string(MCPTest.peer.path), "stdio"],
            "env_secrets": ["PEER_API_KEY": "TEST_PEER_KEY"], "timeout": "60s",
        ]
        server.merge(extra) { $1 }
        return .object(server)
    }

    @Test("stdio: list, read calls, annotations that raise risk, the env secret scrubbed, isError")
    func stdio() async throws {
        let worker = try MCPTest.worker(Self.settings(try await Self.stdioServer()))
        let list = await MCPTest.run(worker, "job.mcp-client.tools.list", ["server": "py"])
        let items = try #require(list.output?["items"]?.arrayValue, "\(list.text)")
        #expect(list.output?["session"]?["transport"] == "stdio")
        #expect(list.output?["session"]?["server_name"] == "python-peer")
        // Declared read, annotated readOnlyHint and destructiveHint: the destructive hint raises it.
        let wipe = try #require(items.first { $0["name"] == "wipe" })
        #expect(wipe["declared_risk"] == "read" && wipe["effective_risk"] == "destructive")
        // Undeclared: write (its readOnlyHint: false agrees).
        #expect(items.first { $0["name"] == "write_file" }?["effective_risk"] == "write")

        let lookup = await MCPTest.run(
            worker,
            "job.mcp-client.tools.call.read",
            ["server": "py", "tool": "lookup", "arguments": ["key": "k"]]
        )
        #expect(lookup.output?["result"]?["text"] == "value of k", "\(lookup.text)")
        #expect(lookup.output?["result"]?["structured_content"]?["result"] == "value of k")

        let refused = await MCPTest.run(
            worker,
            "job.mcp-client.tools.call.read",
            ["server": "py", "tool": "wipe", "arguments": ["path": "/"]]
        )
        #expect(refused.code == "tool_risk_mismatch", "\(refused.text)")

        let secret = await MCPTest.run(worker, "job.mcp-client.tools.call.read", ["server": "py", "tool": "secret"])
        #expect(secret.output != nil, "\(secret.text)")
        #expect(!secret.text.contains(Self.peerKey))

        let broken = await MCPTest.run(worker, "job.mcp-client.tools.call.read", ["server": "py", "tool": "broken"])
        #expect(broken.code == "tool_error", "\(broken.text)")
        #expect(broken.text.contains("the peer tool broke"))

        let resource = await MCPTest.run(
            worker,
            "job.mcp-client.resources.read",
            ["server": "py", "uri": "peer://greeting"]
        )
        #expect(resource.output?["result"]?["text"] == "hello from python", "\(resource.text)")
        let prompt = await MCPTest.run(
            worker,
            "job.mcp-client.prompts.get",
            ["server": "py", "name": "review", "arguments": ["code": "x = 1"]]
        )
        #expect(
            prompt.output?["result"]?["messages"]?.at(0)?["content"]?["text"] == "Please review: x = 1",
            "\(prompt.text)"
        )
    }

    @Test("stdio: a crashed server fails the call in flight, is started again and the session is made again")
    func crashAndRestart() async throws {
        let worker = try MCPTest.worker(Self.settings(try await Self.stdioServer()))
        let first = await MCPTest.run(worker, "job.mcp-client.tools.call.read", ["server": "py", "tool": "pid"])
        let firstPID = try #require(first.output?["result"]?["text"]?.stringValue, "\(first.text)")
        let crash = await MCPTest.run(worker, "job.mcp-client.tools.call.read", ["server": "py", "tool": "crash"])
        #expect(crash.code == "unavailable", "\(crash.text)")
        #expect(crash.error?.retryable == true)
        // The supervisor starts it again after its backoff; the next job makes a new session on it.
        var again: JobOutcome?
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let outcome = await MCPTest.run(worker, "job.mcp-client.tools.call.read", ["server": "py", "tool": "pid"])
            if outcome.output != nil {
                again = outcome
                break
            }
            #expect(outcome.code == "unavailable", "\(outcome.text)")
            try await Task.sleep(for: .milliseconds(100))
        }
        let secondPID = try #require(again?.output?["result"]?["text"]?.stringValue)
        #expect(secondPID != firstPID)
    }

    @Test("stdio: a call past the server's timeout fails with timeout; an oversized answer with vendor_error")
    func timeoutAndSize() async throws {
        let made = try MCPTest.made(
            Self.settings(try await Self.stdioServer(extra: ["timeout": "10s", "max_output_bytes": 100_000]))
        )
        let worker = (made.0.worker, made.1)
        // The first job starts the interpreter; give it the time a loaded machine needs.
        var ready = false
        let deadline = ContinuousClock.now + .seconds(120)
        while !ready && ContinuousClock.now < deadline {
            ready = await MCPTest.run(worker, "job.mcp-client.tools.list", ["server": "py"]).output != nil
        }
        try #require(ready)
        let pid = await MCPTest.run(worker, "job.mcp-client.tools.call.read", ["server": "py", "tool": "pid"])
        let serverPID = try #require(pid.output?["result"]?["text"]?.stringValue.flatMap { Int32($0) }, "\(pid.text)")
        let huge = await MCPTest.run(
            worker,
            "job.mcp-client.tools.call.read",
            ["server": "py", "tool": "huge", "arguments": ["size": 500_000]]
        )
        #expect(huge.code == "vendor_error", "\(huge.text)")
        #expect(huge.text.contains("max_output_bytes"))
        // The slow call goes last: the peer answers one call at a time.
        let slow = await MCPTest.run(
            worker,
            "job.mcp-client.tools.call.read",
            ["server": "py", "tool": "slow", "arguments": ["seconds": 30]]
        )
        #expect(slow.code == "timeout", "\(slow.text)")
        #expect(slow.error?.retryable == true)
        // Closing the sessions stops the server (still sleeping) with its process group.
        await made.0.closeSessions()
        var gone = false
        let stopDeadline = ContinuousClock.now + .seconds(60)
        while !gone && ContinuousClock.now < stopDeadline {
            gone = kill(serverPID, 0) != 0
            if !gone { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(gone, "the stdio server \(serverPID) outlived its closed session")
    }

    @Test("a server that answers a protocol version the worker does not speak is refused, naming both")
    func unsupportedVersion() async throws {
        // A minimal stdio server (plain python3) that answers initialize with a version from the future.
        let script = """
            import json, sys
            for line in sys.stdin:
                message = json.loads(line)
                if message.get("method") == "initialize":
                    answer = {"protocolVersion": "2099-01-01", "capabilities": {}, "serverInfo": {"name": "future", "version": "9"}}
                    print(json.dumps({"jsonrpc": "2.0", "id": message["id"], "result": answer}), flush=True)
            """
        let worker = try MCPTest.worker(Self.settings(["command": "python3", "args": ["-c", .string(script)]]))
        let outcome = await MCPTest.run(worker, "job.mcp-client.tools.list", ["server": "py"])
        #expect(outcome.code == "vendor_error", "\(outcome.text)")
        #expect(outcome.text.contains("2099-01-01") && outcome.text.contains("2025-11-25"), "\(outcome.text)")
    }

    @Test("Streamable HTTP: version negotiation, a session, read and write calls")
    func streamableHTTP() async throws {
        let port = try ServerProcess.freePort()
        let peer = try await MCPTest.python.start(MCPTest.peer, ["http", String(port)])
        defer { peer.stop() }
        let url = "http://127.0.0.1:\(port)/mcp"
        let worker = try MCPTest.worker(
            Self.settings(["url": .string(url), "timeout": "30s"], read: ["lookup"])
        )
        var list: JobOutcome?
        var last = ""
        let deadline = ContinuousClock.now + .seconds(120)
        while ContinuousClock.now < deadline {
            let outcome = await MCPTest.run(worker, "job.mcp-client.tools.list", ["server": "py"])
            if outcome.output != nil {
                list = outcome
                break
            }
            last = outcome.text
            try await Task.sleep(for: .milliseconds(200))
        }
        let output = try #require(list?.output, "the Python peer did not answer on \(url): \(last)")
        #expect(MCPSessionVersions.contains(output["session"]?["protocol_version"]?.stringValue ?? ""))
        #expect(output["session"]?["transport"] == "http")
        let lookup = await MCPTest.run(
            worker,
            "job.mcp-client.tools.call.read",
            ["server": "py", "tool": "lookup", "arguments": ["key": "h"]]
        )
        #expect(lookup.output?["result"]?["text"] == "value of h", "\(lookup.text)")
        let write = await MCPTest.run(
            worker,
            "job.mcp-client.tools.call",
            ["server": "py", "tool": "write_file", "arguments": ["path": "a", "text": "abc"]]
        )
        #expect(write.output?["result"]?["text"] == "wrote 3 characters to a", "\(write.text)")
        #expect(write.output?["dry_run"] == false)
    }
}

/// The versions the worker accepts.
let MCPSessionVersions: Set<String> = ["2025-11-25", "2025-06-18", "2025-03-26", "2024-11-05"]
