import AsyncHTTPClient
import WorkerKit

/// The sessions of a worker: one per profile and server, made on first use and reused by every later job.
actor MCPSessions {
    private let configuration: MCPClientConfiguration
    private let http: HTTPClient
    private var sessions: [String: MCPSession] = [:]

    init(configuration: MCPClientConfiguration, http: HTTPClient) {
        self.configuration = configuration
        self.http = http
    }

    /// The session with `server` of `profile`.
    func session(profile: String, server: MCPServerConfiguration) -> MCPSession {
        let key = "\(profile)/\(server.name)"
        if let session = sessions[key] { return session }
        let channel: any MCPChannel =
            switch server.endpoint {
            case .stdio(let request):
                StdioChannel(request, secrets: configuration.settings.secrets, restart: configuration.restart)
            case .http(let url, let headers, let token):
                StreamableHTTPChannel(
                    url: url,
                    headers: headers,
                    token: token,
                    maxBytes: server.maxOutputBytes,
                    http: http
                )
            }
        let session = MCPSession(server: server, channel: channel)
        sessions[key] = session
        return session
    }

    /// Ends every session (stdio children stop; HTTP sessions are deleted at the server).
    func closeAll() async {
        let all = sessions.values
        sessions = [:]
        for session in all { await session.close() }
    }
}
