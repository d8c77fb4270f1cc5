import MCPClientWorker
import StructuredData
import Testing
import WorkerKit

@Suite("mcp-client: declared risk and annotations")
struct RiskDeclarationTests {
    let declaration = RiskDeclaration(patterns: [
        .read: [GlobPattern("search_*"), GlobPattern("get_time")],
        .destructive: [GlobPattern("delete_*"), GlobPattern("files/rm")],
    ])

    @Test("undeclared tools are write; the highest matching risk wins; server/tool patterns")
    func declared() {
        #expect(declaration.risk(of: "search_notes", server: "a") == .read)
        #expect(declaration.risk(of: "create_note", server: "a") == .write)
        #expect(declaration.risk(of: "delete_note", server: "a") == .destructive)
        #expect(declaration.risk(of: "rm", server: "files") == .destructive)
        #expect(declaration.risk(of: "rm", server: "other") == .write)
    }

    @Test("annotations raise the declared risk and never lower it")
    func annotationsOnlyRaise() {
        // A destructive hint raises a read declaration to destructive, and says why.
        let raised = declaration.assess("search_all", server: "a", annotations: ["destructiveHint": true])
        #expect(raised.declared == .read && raised.effective == .destructive)
        #expect(raised.mismatch != nil)
        // readOnlyHint: false raises read to write.
        #expect(declaration.assess("get_time", server: "a", annotations: ["readOnlyHint": false]).effective == .write)
        // readOnlyHint: true never lowers a write or destructive declaration; the disagreement is reported.
        let lowered = declaration.assess("delete_note", server: "a", annotations: ["readOnlyHint": true])
        #expect(lowered.effective == .destructive)
        #expect(lowered.mismatch != nil)
        #expect(declaration.assess("create_note", server: "a", annotations: ["readOnlyHint": true]).effective == .write)
        // Absent hints claim nothing (MCP's default destructiveHint is not a claim the server made).
        #expect(declaration.assess("search_notes", server: "a", annotations: [:]).effective == .read)
        #expect(declaration.assess("search_notes", server: "a", annotations: nil).mismatch == nil)
    }

    @Test("each risk has its topic")
    func topics() {
        #expect(ToolRisk(topic: "job.mcp-client.tools.call.read") == .read)
        #expect(ToolRisk(topic: "job.mcp-client.tools.call") == .write)
        #expect(ToolRisk(topic: "job.mcp-client.tools.call.destructive") == .destructive)
        #expect(ToolRisk(topic: "job.mcp-client.tools.list") == nil)
    }

    @Test("a profile with a risk that does not exist fails start-up naming it")
    func badRisk() {
        let settings = ["CORDUM_MCP_CLIENT_PROFILES": #"[{"name":"p","tools":{"harmless":["x"]}}]"#]
        #expect { try MCPClientConfiguration(environment: settings) } throws: { error in
            "\(error)".contains("harmless")
        }
        let both = ["CORDUM_MCP_CLIENT_PROFILES": #"[{"name":"p","servers":{"s":{"url":"http://x","command":"y"}}}]"#]
        #expect { try MCPClientConfiguration(environment: both) } throws: { error in "\(error)".contains("both") }
        let missing = [
            "CORDUM_MCP_CLIENT_PROFILES": #"[{"name":"p","servers":{"s":{"url":"http://x","token_env":"NOPE_TOKEN"}}}]"#
        ]
        #expect { try MCPClientConfiguration(environment: missing) } throws: { error in
            "\(error)".contains("NOPE_TOKEN")
        }
    }
}
