public import AsyncHTTPClient
import StructuredData
public import WorkerKit

/// The mcp-client pack's worker: governed calls to the tools, resources and prompts of MCP servers
/// (packs/mcp-client/README.md).
///
/// A job names a profile's server; the worker keeps one MCP session per profile and server for all jobs
/// (``MCPSession``), over stdio (a child supervised by WorkerKit's ``SupervisedProcess``) or Streamable HTTP
/// (AsyncHTTPClient). A tool call's topic must be the topic of the tool's risk: the profile's declaration, raised by
/// the server's annotations, never lowered; a call on another topic is refused with `tool_risk_mismatch` before
/// anything is sent.
public enum MCPClientWorker {
    /// The error code of a tool call whose tool's risk is not its topic's.
    public static let riskMismatch = WorkerError.Code("tool_risk_mismatch")
    /// The error code of a tool result with `isError: true`; the message is the tool's own text.
    public static let toolError = WorkerError.Code("tool_error")

    /// The worker and its sessions.
    /// - Parameters:
    ///   - configuration: The configuration.
    ///   - http: The HTTP client of Streamable HTTP servers.
    public static func make(
        configuration: MCPClientConfiguration,
        http: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) throws -> Worker {
        try makeWithSessions(configuration: configuration, http: http).worker
    }

    /// A worker and the handle that ends its MCP sessions.
    public struct Made: Sendable {
        /// The worker.
        public let worker: Worker
        let sessions: MCPSessions

        /// Ends every session: stdio servers are stopped with their process groups, HTTP sessions deleted at the
        /// server. Call it when the worker has stopped.
        public func closeSessions() async { await sessions.closeAll() }
    }

    /// The worker, with the handle that ends its sessions (the executable closes them on shutdown).
    /// - Parameters:
    ///   - configuration: The configuration.
    ///   - http: The HTTP client of Streamable HTTP servers.
    public static func makeWithSessions(
        configuration: MCPClientConfiguration,
        http: HTTPClient = VendorHTTPClient.sharedHTTPClient
    ) throws -> Made {
        let sessions = MCPSessions(configuration: configuration, http: http)
        let schemas = ActionSchemas(texts: PackInputSchemas.texts)
        var worker = Worker(packID: MCPClientConfiguration.packID)
        worker.supportsDryRun = true
        let handlers = MCPHandlers(configuration: configuration, sessions: sessions)
        let table: [(String, String, JobHandler.Body)] = [
            ("tools.list", "ToolsListInput", handlers.toolsList),
            ("tools.call.read", "ToolsCallReadInput", handlers.toolsCall),
            ("tools.call", "ToolsCallInput", handlers.toolsCall),
            ("tools.call.destructive", "ToolsCallDestructiveInput", handlers.toolsCall),
            ("resources.list", "ResourcesListInput", handlers.resourcesList),
            ("resources.read", "ResourcesReadInput", handlers.resourcesRead),
            ("prompts.list", "PromptsListInput", handlers.promptsList),
            ("prompts.get", "PromptsGetInput", handlers.promptsGet),
        ]
        for (action, schema, body) in table {
            worker.handle("job.mcp-client.\(action)", inputSchema: try schemas.schema(named: schema), body)
        }
        return Made(worker: worker, sessions: sessions)
    }
}
