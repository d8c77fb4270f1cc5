/// An MCP block compiled for checking: the eight lists as literal lists.
struct CompiledMCP: Sendable, Hashable {
    let allowServers: LiteralList
    let denyServers: LiteralList
    let allowTools: LiteralList
    let denyTools: LiteralList
    let allowResources: LiteralList
    let denyResources: LiteralList
    let allowActions: LiteralList
    let denyActions: LiteralList

    /// Compiles a block; `nil` when every list is empty (such a block never fails a request).
    init?(_ policy: MCPPolicy) {
        guard !policy.isEmpty else { return nil }
        allowServers = LiteralList(policy.allowServers)
        denyServers = LiteralList(policy.denyServers)
        allowTools = LiteralList(policy.allowTools)
        denyTools = LiteralList(policy.denyTools)
        allowResources = LiteralList(policy.allowResources)
        denyResources = LiteralList(policy.denyResources)
        allowActions = LiteralList(policy.allowActions)
        denyActions = LiteralList(policy.denyActions)
    }

    /// Cordum's MCP check: a request without MCP fields passes; otherwise server, tool, resource and action are
    /// checked in that order, a deny-list hit failing first, then a non-empty allow list that lacks the value.
    func check(_ request: MCPRequest) -> MCPFailure? {
        guard request.isPresent else { return nil }
        if let failure = check(.server, request.server, allow: allowServers, deny: denyServers) { return failure }
        if let failure = check(.tool, request.tool, allow: allowTools, deny: denyTools) { return failure }
        if let failure = check(.resource, request.resource, allow: allowResources, deny: denyResources) {
            return failure
        }
        return check(.action, request.action, allow: allowActions, deny: denyActions)
    }

    @inline(__always)
    private func check(
        _ field: MCPFailure.Field,
        _ value: String,
        allow: LiteralList,
        deny: LiteralList
    ) -> MCPFailure? {
        if deny.contains(value) { return MCPFailure(field: field, value: value, denied: true) }
        if !allow.isEmpty && !allow.contains(value) { return MCPFailure(field: field, value: value, denied: false) }
        return nil
    }
}

/// Why an MCP check failed.
struct MCPFailure: Sendable, Hashable {
    enum Field: String, Sendable {
        case server, tool, resource, action
    }

    let field: Field
    let value: String
    /// `true` for a deny-list hit, `false` for a value missing from an allow list.
    let denied: Bool

    /// Cordum's reason text: `mcp server "x" denied` or `mcp tool "" not allowed`.
    var reason: String {
        "mcp \(field.rawValue) \(goQuote(value)) \(denied ? "denied" : "not allowed")"
    }
}
