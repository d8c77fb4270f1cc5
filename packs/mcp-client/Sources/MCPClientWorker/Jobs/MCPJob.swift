import Foundation
import StructuredData
import WorkerKit

/// One job's resolved parts: profile, server, session, and the envelope every answer starts from.
struct MCPJob {
    let action: String
    let profile: VendorProfile
    let mcp: MCPClientConfiguration.Profile
    let server: MCPServerConfiguration
    let session: MCPSession
    let started: ContinuousClock.Instant

    /// Resolves and checks a job: profile, action lists, server (configured, allowed by the server lists), and the
    /// job's `mcp.server` label, which must name the input's server when set.
    static func resolve(
        _ action: String,
        _ context: JobContext,
        _ input: JSONValue,
        _ configuration: MCPClientConfiguration,
        _ sessions: MCPSessions
    ) async throws(WorkerError) -> MCPJob {
        let started = ContinuousClock.now
        let settings = configuration.settings
        let profile = try settings.resolveProfile(for: input)
        try settings.checkAction(action, profile: profile)
        guard let name = input["server"]?.stringValue else {
            throw WorkerError(code: .invalidInput, message: "The input has no server.")
        }
        try checkLabel(context, "server", equals: name)
        let mcp = configuration.profiles[profile.name] ?? .init(servers: [:], risk: RiskDeclaration())
        guard let server = mcp.servers[name] else {
            let known = mcp.servers.keys.sorted().map { "\"\($0)\"" }.joined(separator: ", ")
            throw WorkerError(
                code: .invalidInput,
                message:
                    "The profile \"\(profile.name)\" has no MCP server \"\(name)\"; it has \(known.isEmpty ? "none" : known) (servers in \(settings.variablePrefix)PROFILES)."
            )
        }
        try settings.checkResource("SERVERS", name, profile: profile, noun: "MCP server")
        let session = await sessions.session(profile: profile.name, server: server)
        return MCPJob(action: action, profile: profile, mcp: mcp, server: server, session: session, started: started)
    }

    /// Refuses a job whose `mcp.<field>` label (what the policy's MCP lists matched) names something else than its
    /// input.
    static func checkLabel(_ context: JobContext, _ field: String, equals value: String) throws(WorkerError) {
        for key in ["mcp.\(field)", "mcp_\(field)", "mcp\(field.prefix(1).uppercased())\(field.dropFirst())"] {
            guard let label = context.labels[key]?.trimmingCharacters(in: .whitespaces), !label.isEmpty else {
                continue
            }
            guard label.lowercased() == value.lowercased() else {
                throw WorkerError(
                    code: .invalidInput,
                    message:
                        "The job's label \(key) is \"\(label)\" but its input names the \(field) \"\(value)\"; the policy decided on the label, so the worker calls nothing else."
                )
            }
            return
        }
    }

    /// The envelope: action, profile, server, session, duration.
    func envelope(_ info: MCPServerInfo?) -> [String: JSONValue] {
        var output: [String: JSONValue] = [
            "action": .string(action), "profile": .string(profile.name), "server": .string(server.name),
        ]
        if let info {
            output["session"] = [
                "protocol_version": .string(info.protocolVersion), "server_name": .string(info.name),
                "server_version": .string(info.version), "transport": .string(server.transport),
            ]
        }
        let elapsed = ContinuousClock.now - started
        output["duration_ms"] = .integer(
            Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        )
        return output
    }
}
