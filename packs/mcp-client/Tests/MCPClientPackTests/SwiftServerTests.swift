import EmulatorKit
import Foundation
import MCPClientEmulator
import MCPClientWorker
import PackTesting
import StructuredData
import Testing
import WorkerKit

/// The worker against the emulator: the demo MCP server written with the Swift SDK, over Streamable HTTP.
@Suite("mcp-client: the Swift SDK server over Streamable HTTP")
struct SwiftServerTests {
    static func withEmulator(
        extra: (String) -> [String: String] = { _ in [:] },
        _ body: (Emulator<MCPClientEmulator.State>, (Worker, SecretRegistry)) async throws -> Void
    ) async throws {
        let emulator = try await Emulator.start(MCPClientEmulator.definition())
        do {
            let settings = MCPClientEmulator.workerSettings(url: emulator.baseURL + "/mcp")
                .merging(extra(emulator.baseURL + "/mcp")) { $1 }
            try await body(emulator, try MCPTest.worker(settings))
        } catch {
            await emulator.stop()
            throw error
        }
        await emulator.stop()
    }

    /// The JSON-RPC requests the emulator received, by method.
    static func sent(_ emulator: Emulator<MCPClientEmulator.State>) -> [JSONValue] {
        emulator.requestLog.entries(method: "POST", path: "/mcp").compactMap(\.jsonBody)
    }

    @Test("tools.list maps every tool to its declared and effective risk and flags mismatches")
    func toolsList() async throws {
        try await Self.withEmulator { emulator, worker in
            let artifacts = MemoryArtifacts()
            let outcome = await MCPTest.run(
                worker,
                "job.mcp-client.tools.list",
                ["server": "demo", "report": true],
                artifacts: artifacts
            )
            let output = try #require(outcome.output, "\(outcome.text)")
            let items = output["items"]?.arrayValue ?? []
            func item(_ name: String) -> JSONValue? { items.first { $0["name"]?.stringValue == name } }
            #expect(item("search_notes")?["effective_risk"] == "read")
            #expect(item("create_note")?["declared_risk"] == "write")
            #expect(item("delete_note")?["topic"] == "job.mcp-client.tools.call.destructive")
            // Undeclared (write) but annotated destructive: raised, and flagged.
            #expect(item("archive_notes")?["declared_risk"] == "write")
            #expect(item("archive_notes")?["effective_risk"] == "destructive")
            #expect(item("archive_notes")?["mismatch"] != nil)
            #expect(output["session"]?["protocol_version"] == "2025-11-25")
            #expect(output["session"]?["transport"] == "http")
            let pointer = try #require(output["artifacts"]?.at(0)?["pointer"]?.stringValue)
            let report = try JSONParser.parse(String(decoding: try #require(artifacts.content(pointer)), as: UTF8.self))
            #expect(report["mismatches"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == ["archive_notes"])
        }
    }

    @Test("a tool whose risk is not the topic's is refused before anything is sent")
    func riskMismatch() async throws {
        try await Self.withEmulator { emulator, worker in
            _ = await MCPTest.run(worker, "job.mcp-client.tools.list", ["server": "demo"])
            let cases: [(String, String, String)] = [
                ("job.mcp-client.tools.call.read", "delete_note", "destructive"),
                ("job.mcp-client.tools.call", "delete_note", "destructive"),
                ("job.mcp-client.tools.call.read", "create_note", "write"),
                // Declared write by default, raised to destructive by its annotations.
                ("job.mcp-client.tools.call", "archive_notes", "destructive"),
                ("job.mcp-client.tools.call", "search_notes", "read"),
            ]
            for (topic, tool, risk) in cases {
                let outcome = await MCPTest.run(
                    worker,
                    topic,
                    ["server": "demo", "tool": .string(tool), "arguments": [:]]
                )
                #expect(outcome.code == "tool_risk_mismatch", "\(topic) \(tool): \(outcome.text)")
                #expect(outcome.text.contains(ToolRisk(rawValue: risk)!.topic), "\(outcome.text)")
            }
            #expect(!Self.sent(emulator).contains { $0["method"] == "tools/call" })
            #expect(emulator.state.notes.all().count == 2)
            // The right topics work.
            let archived = await MCPTest.run(
                worker,
                "job.mcp-client.tools.call.destructive",
                ["server": "demo", "tool": "archive_notes"]
            )
            #expect(archived.output?["result"]?["text"] == "Archived 2 notes.", "\(archived.text)")
        }
    }

    @Test("results: text inline, structured content, images and long text to artifacts, isError as a failure")
    func results() async throws {
        try await Self.withEmulator(extra: { url in
            let profile: JSONValue = [
                [
                    "name": "default",
                    "servers": [
                        "demo": [
                            "url": .string(url), "token_env": "CORDUM_MCP_CLIENT_DEMO_TOKEN", "inline_text_limit": 100,
                        ]
                    ],
                    "tools": .object(MCPClientDemo.declaredRisk.mapValues { .array($0.map(JSONValue.string)) }),
                ]
            ]
            return ["CORDUM_MCP_CLIENT_PROFILES": JSONEncoding.compact(profile)]
        }) { _, worker in
            let read = "job.mcp-client.tools.call.read"
            let search = await MCPTest.run(
                worker,
                read,
                ["server": "demo", "tool": "search_notes", "arguments": ["query": "deploy"]]
            )
            #expect(search.output?["result"]?["text"] == "1: Deploy checklist", "\(search.text)")
            #expect(search.output?["result"]?["structured_content"]?["count"] == 1)

            let artifacts = MemoryArtifacts()
            let chart = await MCPTest.run(
                worker,
                read,
                ["server": "demo", "tool": "render_chart"],
                artifacts: artifacts
            )
            let image = try #require(chart.output?["result"]?["content"]?.at(1), "\(chart.text)")
            #expect(image["data"] == nil)
            let pointer = try #require(image["artifact"]?.stringValue)
            #expect(artifacts.content(pointer)?.prefix(4) == [0x89, 0x50, 0x4E, 0x47])
            #expect(chart.output?["artifacts"]?.at(0)?["media_type"] == "image/png")

            let report = await MCPTest.run(
                worker,
                read,
                ["server": "demo", "tool": "big_report", "arguments": ["lines": 50]],
                artifacts: artifacts
            )
            let text = try #require(report.output?["result"]?["content"]?.at(0), "\(report.text)")
            #expect(text["truncated"] == true)
            #expect(text["text"]?.stringValue?.count == 100)
            let textPointer = try #require(text["artifact"]?.stringValue)
            let full = String(decoding: try #require(artifacts.content(textPointer)), as: UTF8.self)
            #expect(full.hasSuffix("line 50: every note is fine."))

            let failed = await MCPTest.run(worker, read, ["server": "demo", "tool": "fail"])
            #expect(failed.code == "tool_error")
            #expect(failed.text.contains("The demo tool failed on purpose."))
        }
    }

    @Test("an answer larger than max_output_bytes fails the job")
    func oversized() async throws {
        try await Self.withEmulator(extra: { url in
            let profile: JSONValue = [
                [
                    "name": "default",
                    "servers": [
                        "demo": [
                            "url": .string(url), "token_env": "CORDUM_MCP_CLIENT_DEMO_TOKEN", "max_output_bytes": 4096,
                        ]
                    ],
                    "tools": ["read": ["big_report"]],
                ]
            ]
            return ["CORDUM_MCP_CLIENT_PROFILES": JSONEncoding.compact(profile)]
        }) { _, worker in
            let outcome = await MCPTest.run(
                worker,
                "job.mcp-client.tools.call.read",
                ["server": "demo", "tool": "big_report", "arguments": ["lines": 5000]]
            )
            #expect(outcome.code == "vendor_error", "\(outcome.text)")
            #expect(outcome.text.contains("max_output_bytes"))
        }
    }

    @Test("one session serves every job; what was sent and answered validates against the MCP schema")
    func sessionAndSchema() async throws {
        try await Self.withEmulator { emulator, worker in
            _ = await MCPTest.run(worker, "job.mcp-client.tools.list", ["server": "demo"])
            _ = await MCPTest.run(worker, "job.mcp-client.resources.list", ["server": "demo"])
            let resource = await MCPTest.run(
                worker,
                "job.mcp-client.resources.read",
                ["server": "demo", "uri": "notes://1"]
            )
            #expect(resource.output?["result"]?["text"]?.stringValue?.hasPrefix("Deploy checklist") == true)
            _ = await MCPTest.run(worker, "job.mcp-client.prompts.list", ["server": "demo"])
            let prompt = await MCPTest.run(
                worker,
                "job.mcp-client.prompts.get",
                ["server": "demo", "name": "summarize_notes", "arguments": ["topic": "deploy"]]
            )
            #expect(prompt.output?["result"]?["messages"]?.at(0)?["role"] == "user", "\(prompt.text)")
            let created = await MCPTest.run(
                worker,
                "job.mcp-client.tools.call",
                ["server": "demo", "tool": "create_note", "arguments": ["title": "T"]]
            )
            #expect(created.output?["result"]?["structured_content"]?["id"] == "3", "\(created.text)")

            let sent = Self.sent(emulator)
            #expect(sent.filter { $0["method"] == "initialize" }.count == 1)
            let kinds = [
                "initialize": "InitializeRequest", "notifications/initialized": "InitializedNotification",
                "tools/list": "ListToolsRequest", "tools/call": "CallToolRequest",
                "resources/list": "ListResourcesRequest",
                "resources/read": "ReadResourceRequest", "prompts/list": "ListPromptsRequest",
                "prompts/get": "GetPromptRequest",
            ]
            for message in sent {
                let method = try #require(message["method"]?.stringValue)
                let kind = try #require(kinds[method], "unexpected \(method)")
                let problems = try MCPTest.problems(message, as: kind)
                #expect(problems.isEmpty, "\(problems)")
            }
            let results = [
                "initialize": "InitializeResult", "tools/list": "ListToolsResult", "tools/call": "CallToolResult",
                "resources/list": "ListResourcesResult", "resources/read": "ReadResourceResult",
                "prompts/list": "ListPromptsResult", "prompts/get": "GetPromptResult",
            ]
            var checked = 0
            for entry in emulator.requestLog.entries(method: "POST", path: "/mcp") {
                guard let method = entry.jsonBody?["method"]?.stringValue, let kind = results[method] else { continue }
                let events = entry.responseBody.split(separator: "\n").filter { $0.hasPrefix("data:") }
                for event in events where !event.dropFirst(5).trimmingCharacters(in: .whitespaces).isEmpty {
                    let answer = try JSONParser.parse(String(event.dropFirst(5)).trimmingCharacters(in: .whitespaces))
                    guard let result = answer["result"] else { continue }
                    let problems = try MCPTest.problems(result, as: kind)
                    #expect(problems.isEmpty, "\(method): \(problems)")
                    checked += 1
                }
            }
            #expect(checked == results.count)
        }
    }

    @Test("the job's mcp labels must name its server and tool")
    func labels() async throws {
        try await Self.withEmulator { _, worker in
            let outcome = await MCPTest.run(
                worker,
                "job.mcp-client.tools.call",
                ["server": "demo", "tool": "create_note", "arguments": ["title": "x"]],
                labels: ["mcp.tool": "other_tool"]
            )
            #expect(outcome.code == "invalid_input", "\(outcome.text)")
            let server = await MCPTest.run(
                worker,
                "job.mcp-client.tools.list",
                ["server": "demo"],
                labels: ["mcp.server": "prod"]
            )
            #expect(server.code == "invalid_input")
        }
    }

    @Test("server and tool lists refuse what they do not allow")
    func lists() async throws {
        try await Self.withEmulator(extra: { _ in
            ["CORDUM_MCP_CLIENT_DENIED_TOOLS": "create_*", "CORDUM_MCP_CLIENT_ALLOWED_SERVERS": "demo"]
        }) { emulator, worker in
            let denied = await MCPTest.run(
                worker,
                "job.mcp-client.tools.call",
                ["server": "demo", "tool": "create_note"]
            )
            #expect(denied.code == "resource_not_allowed", "\(denied.text)")
            let unknown = await MCPTest.run(worker, "job.mcp-client.tools.list", ["server": "nope"])
            #expect(unknown.code == "invalid_input")
            #expect(!Self.sent(emulator).contains { $0["method"] == "tools/call" })
        }
    }

    @Test("the bearer token never appears in outputs, errors or plans")
    func secrets() async throws {
        try await Self.withEmulator { _, worker in
            let plan = await MCPTest.run(
                worker,
                "job.mcp-client.tools.call",
                ["server": "demo", "tool": "create_note", "arguments": ["title": "x"]],
                dryRun: true
            )
            #expect(plan.output?["dry_run"] == true, "\(plan.text)")
            #expect(plan.output?["plan"]?["body"]?["method"] == "tools/call")
            #expect(plan.output?["plan"]?["auth"] == "bearer")
            #expect(!plan.text.contains(MCPClientDemo.token))
        }
    }

    @Test("a session the server forgot (404) is made again and the request sent once more")
    func sessionExpired() async throws {
        try await Self.withEmulator { emulator, worker in
            _ = await MCPTest.run(worker, "job.mcp-client.tools.list", ["server": "demo"])
            // The next request is answered 404, as by a server that dropped the session.
            try await EmulatorControl(baseURL: emulator.baseURL).addFaults([["status": 404, "count": 1]])
            let outcome = await MCPTest.run(
                worker,
                "job.mcp-client.tools.call.read",
                ["server": "demo", "tool": "search_notes", "arguments": ["query": "standup"]]
            )
            #expect(outcome.output?["result"]?["text"] == "2: Standup", "\(outcome.text)")
            #expect(Self.sent(emulator).filter { $0["method"] == "initialize" }.count == 2)
        }
    }
}
