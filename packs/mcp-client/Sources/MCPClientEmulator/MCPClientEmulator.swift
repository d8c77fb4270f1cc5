public import EmulatorKit
import Foundation
import MCP
import StructuredData

/// A loopback MCP server for the mcp-client pack: ``MCPClientDemo``'s server (written with the Swift MCP SDK) over
/// Streamable HTTP at `/mcp`, one SDK `Server` and `StatefulHTTPServerTransport` per session, behind EmulatorKit's
/// request log, fault injection and `/_emulator/` control endpoints. It asks for the demo bearer token.
///
/// A reset (`POST /_emulator/reset`) restores the demo notes and keeps the sessions, as a real server keeps
/// sessions while its data changes.
public enum MCPClientEmulator {
    /// The emulator's state: the notes, and the live sessions.
    public final class State: Sendable {
        /// The demo notes.
        public let notes = MCPDemoNotes()
        let sessions = MCPDemoSessions()
    }

    /// The definition EmulatorKit starts.
    public static func definition() -> EmulatorDefinition<State> {
        let state = State()
        return EmulatorDefinition(
            name: "mcp-client-emulator",
            state: state,
            reset: { $0.notes.reset() },
            demo: "demo MCP server \"demo\" at /mcp: notes 1-2, tools of every risk, resources, a prompt"
        ) { request in
            try await handle(request, state: state)
        }
        .settings { baseURL in workerSettings(url: baseURL + "/mcp") }
    }

    /// The worker settings that reach the demo server at `url`: one profile with the demo server and its declared
    /// risk; the token comes through `token_env`, never inline.
    public static func workerSettings(url: String) -> [String: String] {
        let profile: JSONValue = [
            [
                "name": "default",
                "servers": .object([
                    MCPClientDemo.serverName: ["url": .string(url), "token_env": "CORDUM_MCP_CLIENT_DEMO_TOKEN"]
                ]),
                "tools": .object(
                    MCPClientDemo.declaredRisk.mapValues { .array($0.map(JSONValue.string)) }
                ),
            ]
        ]
        return [
            "CORDUM_MCP_CLIENT_PROFILES": JSONEncoding.compact(profile),
            "CORDUM_MCP_CLIENT_DEMO_TOKEN": MCPClientDemo.token,
        ]
    }

    /// The emulator for packctl's registry.
    public static let registration = EmulatorRegistration.seeded(packID: "mcp-client") { definition() }

    static func handle(_ request: EmulatorRequest, state: State) async throws -> EmulatorResponse {
        guard request.path == "/mcp" else {
            return .json(["error": "not found: the MCP endpoint is /mcp"], status: 404)
        }
        guard header(request, "authorization") == "Bearer \(MCPClientDemo.token)" else {
            return .json(
                ["error": "a valid bearer token is required"],
                status: 401,
                headers: ["WWW-Authenticate": "Bearer"]
            )
        }
        let mcpRequest = MCP.HTTPRequest(
            method: request.method,
            headers: request.headers,
            body: request.body.isEmpty ? nil : Data(request.body),
            path: request.path
        )
        let response = await state.sessions.handle(mcpRequest, notes: state.notes)
        var headers = response.headers
        var body: [UInt8] = []
        switch response {
        case .stream(let stream, _):
            do { for try await chunk in stream { body += Array(chunk) } } catch {}
            headers["Content-Type"] = headers["Content-Type"] ?? "text/event-stream"
        default:
            body = response.bodyData.map { Array($0) } ?? []
        }
        if !changesNotes(request) { headers[RecordedRequest.readOnlyHeader] = "true" }
        return EmulatorResponse(status: response.statusCode, headers: headers, body: body)
    }

    /// The tools that change the notes; every other message (initialize, lists, reads, read-only tools) changes
    /// nothing, and the answer says so to the request log (every MCP message is a POST).
    static let writingTools: Set<String> = ["create_note", "delete_note", "archive_notes"]

    private static func changesNotes(_ request: EmulatorRequest) -> Bool {
        guard let message = try? JSONParser.parse(request.bodyText) else { return false }
        let messages = message.arrayValue ?? [message]
        return messages.contains { message in
            message["method"] == "tools/call" && writingTools.contains(message["params"]?["name"]?.stringValue ?? "")
        }
    }

    private static func header(_ request: EmulatorRequest, _ name: String) -> String? {
        request.headers.first { $0.key.lowercased() == name }?.value
    }
}

/// The sessions of the demo server: a new SDK `Server` and stateful transport for each `initialize`.
actor MCPDemoSessions {
    private var transports: [String: StatefulHTTPServerTransport] = [:]
    private var servers: [String: Server] = [:]

    func handle(_ request: MCP.HTTPRequest, notes: MCPDemoNotes) async -> MCP.HTTPResponse {
        if let id = request.header(HTTPHeaderName.sessionID), let transport = transports[id] {
            let response = await transport.handleRequest(request)
            if request.method.uppercased() == "DELETE", response.statusCode == 200 {
                transports[id] = nil
                servers[id] = nil
            }
            return response
        }
        if request.header(HTTPHeaderName.sessionID) != nil {
            return .error(statusCode: 404, .invalidRequest("Not Found: the session is unknown or expired"))
        }
        let id = UUID().uuidString
        let transport = StatefulHTTPServerTransport(sessionIDGenerator: FixedSessionID(id: id))
        let server = await MCPClientDemo.server(notes: notes)
        do {
            try await server.start(transport: transport)
        } catch {
            return .error(statusCode: 500, .internalError("The demo server did not start: \(error)"))
        }
        let response = await transport.handleRequest(request)
        if case .error = response {
            await server.stop()
        } else {
            transports[id] = transport
            servers[id] = server
        }
        return response
    }

    private struct FixedSessionID: SessionIDGenerator {
        let id: String
        func generateSessionID() -> String { id }
    }
}
