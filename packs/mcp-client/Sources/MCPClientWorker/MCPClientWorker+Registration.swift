public import WorkerKit

extension MCPClientWorker {
    /// The mcp-client worker for packctl's built-in registry: configured from `CORDUM_MCP_CLIENT_*` settings (the
    /// emulator's, in `packctl dev`), so it runs only when some are set.
    public static let registration = WorkerRegistration(
        packID: MCPClientConfiguration.packID,
        needsSettings: true
    ) { (settings: [String: String]) throws -> MadeWorker in
        let configuration = try MCPClientConfiguration(environment: settings)
        return MadeWorker(try make(configuration: configuration), secrets: configuration.settings.secrets)
    }
}
