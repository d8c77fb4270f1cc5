import StructuredData

/// The safety section of a request's effective configuration: topic globs and MCP lists that can only tighten.
struct EffectiveSafety: Sendable, Hashable {
    let allowedTopics: [GlobPattern]
    let deniedTopics: [GlobPattern]
    let mcp: CompiledMCP?

    /// Reads `{"safety": {...}}` or `{"data": {"safety": {...}}}`. A value that is not shaped as Cordum's decoder
    /// expects (a section that is not an object, a topic list that is not a list of strings, …) makes the whole
    /// config unusable, and the step is skipped, as when the kernel fails to decode it.
    init?(_ config: JSONValue?) {
        guard case .object(let root)? = config else { return nil }
        let section: [String: JSONValue]
        if let safety = root["safety"], !safety.isNull {
            guard case .object(let members) = safety else { return nil }
            section = members
        } else if let data = root["data"], !data.isNull {
            guard case .object(let members) = data, let safety = members["safety"], !safety.isNull,
                case .object(let inner) = safety
            else { return nil }
            section = inner
        } else {
            return nil
        }
        guard let allowed = Self.strings(section["allowed_topics"]),
            let denied = Self.strings(section["denied_topics"])
        else { return nil }
        var mcp = MCPPolicy()
        if let block = section["mcp"], !block.isNull {
            guard case .object(let lists) = block else { return nil }
            func list(_ key: String) -> [String]? { Self.strings(lists[key]) }
            guard let allowServers = list("allow_servers"), let denyServers = list("deny_servers"),
                let allowTools = list("allow_tools"), let denyTools = list("deny_tools"),
                let allowResources = list("allow_resources"), let denyResources = list("deny_resources"),
                let allowActions = list("allow_actions"), let denyActions = list("deny_actions")
            else { return nil }
            mcp = MCPPolicy(
                allowServers: allowServers,
                denyServers: denyServers,
                allowTools: allowTools,
                denyTools: denyTools,
                allowResources: allowResources,
                denyResources: denyResources,
                allowActions: allowActions,
                denyActions: denyActions
            )
        }
        allowedTopics = allowed.map(GlobPattern.init)
        deniedTopics = denied.map(GlobPattern.init)
        self.mcp = CompiledMCP(mcp)
    }

    /// The reason the section refuses the request, or `nil`. Checks run in order; a later failure's reason wins.
    func refusal(topic: UnsafeBufferPointer<UInt8>, mcpRequest: MCPRequest) -> String? {
        var reason: String?
        if deniedTopics.contains(where: { $0.matches(topic) }) {
            reason = "topic '\(String(decoding: topic, as: UTF8.self))' denied by effective config"
        }
        if !allowedTopics.isEmpty && !allowedTopics.contains(where: { $0.matches(topic) }) {
            reason = "topic '\(String(decoding: topic, as: UTF8.self))' not allowed by effective config"
        }
        if let failure = mcp?.check(mcpRequest) {
            reason = failure.reason
        }
        return reason
    }

    /// A list of strings; `nil` (absent) is an empty list; any other shape is a decoding failure.
    private static func strings(_ value: JSONValue?) -> [String]? {
        guard let value, !value.isNull else { return [] }
        guard case .array(let elements) = value else { return nil }
        var result: [String] = []
        for element in elements {
            guard case .string(let text) = element else { return nil }
            result.append(text)
        }
        return result
    }
}
