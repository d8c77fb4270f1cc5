import Foundation
import MCPClientWorker
import WorkerKit

// cordum-mcp-client: the mcp-client pack's worker over CAP. Configuration: packs/mcp-client/README.md.
do {
    let environment = ProcessInfo.processInfo.environment
    let configuration = try WorkerConfiguration(packID: "mcp-client", environment: environment)
    let mcp = try MCPClientConfiguration(environment: environment, secrets: configuration.secrets)
    let made = try MCPClientWorker.makeWithSessions(configuration: mcp)
    try await made.worker.run(configuration: configuration)
    // Stopped (SIGTERM): end the sessions, so no stdio server outlives the worker.
    await made.closeSessions()
} catch {
    FileHandle.standardError.write(Data("cordum-mcp-client: \(error)\n".utf8))
    exit(2)
}
