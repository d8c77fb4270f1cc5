import StructuredData
import WorkerKit

/// An MCP server over stdio: newline-delimited JSON-RPC with a child process that WorkerKit's ``SupervisedProcess``
/// starts (no shell, explicit environment, secrets scrubbed from its standard error), matches answers for and
/// restarts with backoff when it ends.
///
/// Why not the Swift SDK's `StdioTransport`: it reads and writes file descriptors the caller already has (its own
/// standard input and output, or a pipe); it neither starts nor supervises a process. The issue asks for servers
/// supervised by WorkerKit's process runner, and ``SupervisedProcess`` already correlates JSON-RPC answers, so this
/// channel is that supervisor plus the MCP handshake bookkeeping, and the SDK gives the protocol's versions.
struct StdioChannel: MCPChannel {
    let process: SupervisedProcess
    let display: String

    init(_ request: ProcessRequest, secrets: SecretRegistry, restart: SupervisedProcess.RestartPolicy) {
        process = SupervisedProcess(request, secrets: secrets, restart: restart, errors: MCPErrors.jsonRPC)
        display = ([request.executableName] + request.arguments).joined(separator: " ")
    }

    func call(_ method: String, params: JSONValue, timeout: Duration) async throws(WorkerError) -> JSONValue {
        try await process.call(method, params: params, timeout: timeout)
    }

    func notify(_ method: String, params: JSONValue?) async throws(WorkerError) {
        try await process.notify(method, params: params)
    }

    func connection() async -> Int? {
        await process.isRunning ? await process.startCount : nil
    }

    func negotiated(protocolVersion: String) async {}

    func plan(_ method: String, params: JSONValue) async -> JSONValue {
        [
            "method": .string(method), "url": .string("stdio:\(display)"), "headers": [:],
            "body": ["jsonrpc": "2.0", "method": .string(method), "params": params], "auth": "none",
        ]
    }

    func close() async { await process.stop() }
}

extension ProcessRequest {
    /// The program as configured.
    var executableName: String {
        switch executable {
        case .path(let path): path
        case .name(let name): name
        }
    }
}
