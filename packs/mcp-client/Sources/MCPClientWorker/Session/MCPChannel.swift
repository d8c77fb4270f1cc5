import StructuredData
import WorkerKit

/// One way of exchanging JSON-RPC messages with an MCP server: a supervised child over stdio, or Streamable HTTP.
///
/// The MCP session logic (``MCPSession``: the `initialize` handshake, version negotiation, reuse and restart) is the
/// same over both; a channel only moves messages and says whether the connection it last spoke on is still the same.
protocol MCPChannel: Sendable {
    /// Sends a request and waits at most `timeout` for its result.
    /// - Throws: WorkerKit's shared codes: `timeout`, `unavailable` (retryable), a status's code over HTTP,
    ///   `vendor_error` for a JSON-RPC error answer or an answer larger than the server's limit;
    ///   ``MCPChannelError/sessionExpired`` when the server no longer knows the session.
    func call(_ method: String, params: JSONValue, timeout: Duration) async throws(WorkerError) -> JSONValue

    /// Sends a notification.
    func notify(_ method: String, params: JSONValue?) async throws(WorkerError)

    /// An identifier of the live connection (the child process, the HTTP session); `nil` when none is live. A
    /// handshake made on another connection must be made again.
    func connection() async -> Int?

    /// Records the version the server agreed to (Streamable HTTP sends it with every later request).
    func negotiated(protocolVersion: String) async

    /// What a request would look like, for a dry run's plan: method, url, headers (never credentials), body.
    func plan(_ method: String, params: JSONValue) async -> JSONValue

    /// Ends the connection.
    func close() async
}

/// Channel errors the session handles itself.
enum MCPChannelError {
    /// The code of the error a channel throws when the server answered that it no longer knows the session
    /// (Streamable HTTP: 404 to a request that carried `Mcp-Session-Id`): the session starts a new one and retries
    /// once.
    static let sessionExpired = WorkerError.Code("mcp_session_expired")
}

/// How an MCP server's JSON-RPC error answers map to the shared codes, over either transport: the specification's
/// invalid params are the caller's (`validation_failed`), MCP's -32002 (a resource the server does not have) is
/// `not_found`, anything else `vendor_error`.
enum MCPErrors {
    static let jsonRPC = JSONRPCErrors([-32002: .notFound])
}
