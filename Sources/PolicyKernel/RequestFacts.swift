/// What the kernel reads from a request, normalised once when the request is built: trimmed, case-folded values in
/// one byte pool (so evaluation compares plain bytes), the MCP call and the secrets label from the labels.
struct RequestFacts: Sendable, Hashable {
    /// Where the tenant came from.
    enum TenantSource: UInt8, Sendable {
        case tenant, metaTenantID, none
    }

    var bytes: [UInt8] = []
    var spans: [ByteSpan] = []
    /// The trimmed topic (case kept).
    var topic = ByteSpan.empty
    /// The trimmed, folded tenant (`tenant`, else `meta.tenant_id`); empty when the request names none.
    var tenant = ByteSpan.empty
    /// The trimmed tenant, case kept, for the case-sensitive tenant MCP lookup.
    var exactTenant = ""
    var tenantSource = TenantSource.none
    var capability = ByteSpan.empty
    var packID = ByteSpan.empty
    /// `meta.actor_id`, or `principal_id` when that is blank.
    var actorID = ByteSpan.empty
    var actorType = ByteSpan.empty
    /// Into `spans`.
    var riskTags = ListSpan.empty
    var requires = ListSpan.empty
    /// Whether a risk tag is `secrets` (case-insensitively).
    var taggedSecrets = false
    /// The MCP server, tool, resource and action (trimmed; the action lower-cased); empty when absent.
    var mcp = MCPRequest()
    /// The `secrets_present` label's verdict, or `nil` when the label is blank or absent.
    var secretsLabel: Bool?

    init() {}

    /// The plain-data part of the facts, to copy without reference counting.
    struct Summary {
        let topic: ByteSpan
        let tenant: ByteSpan
        let capability: ByteSpan
        let packID: ByteSpan
        let actorID: ByteSpan
        let actorType: ByteSpan
        let riskTags: ListSpan
        let requires: ListSpan
        let taggedSecrets: Bool
        let secretsLabel: Bool?
    }

    var summary: Summary {
        Summary(
            topic: topic,
            tenant: tenant,
            capability: capability,
            packID: packID,
            actorID: actorID,
            actorType: actorType,
            riskTags: riskTags,
            requires: requires,
            taggedSecrets: taggedSecrets,
            secretsLabel: secretsLabel
        )
    }

    init(_ request: PolicyRequest) {
        var pool = BytePool()
        topic = pool.append(request.topic.trimmedGoSpace().utf8)
        if !request.tenant.isGoBlank {
            tenantSource = .tenant
            exactTenant = request.tenant.trimmingGoSpace()
        } else if !request.meta.tenantID.isGoBlank {
            tenantSource = .metaTenantID
            exactTenant = request.meta.tenantID.trimmingGoSpace()
        }
        tenant = pool.appendFolded(exactTenant)
        capability = pool.appendFolded(request.meta.capability)
        packID = pool.appendFolded(request.meta.packID)
        actorID = pool.appendFolded(request.meta.actorID.isGoBlank ? request.principalID : request.meta.actorID)
        actorType = pool.appendFolded(request.meta.actorType.rawValue)
        riskTags = pool.appendFoldedList(request.meta.riskTags, emptyIsAbsent: false)
        requires = pool.appendFoldedList(request.meta.requires, emptyIsAbsent: false)
        let secrets = Array("secrets".utf8)
        taggedSecrets = pool.spans[riskTags.range].contains { span in
            Array(pool.bytes[Int(span.start)..<Int(span.start + span.count)]) == secrets
        }
        bytes = pool.bytes
        spans = pool.spans
        readLabels(request.labels)
    }

    private mutating func readLabels(_ labels: [String: String]) {
        guard !labels.isEmpty else { return }
        func first(_ keys: [String]) -> String {
            for key in keys {
                if let value = labels[key] {
                    let trimmed = value.trimmingGoSpace()
                    if !trimmed.isEmpty { return trimmed }
                }
            }
            return ""
        }
        mcp = MCPRequest(
            server: first(["mcp.server", "mcp_server", "mcpServer"]),
            tool: first(["mcp.tool", "mcp_tool", "mcpTool"]),
            resource: first(["mcp.resource", "mcp_resource", "mcpResource"]),
            action: first(["mcp.action", "mcp_action", "mcpAction"]).lowercased()
        )
        let label = (labels["secrets_present"] ?? "").trimmingGoSpace()
        if !label.isEmpty {
            secretsLabel = label == "true" || label == "1" || CaseFold.equalsTrimmed(label, "yes")
        }
    }
}

/// The MCP call a job makes, as read from its labels.
struct MCPRequest: Sendable, Hashable {
    var server = ""
    var tool = ""
    var resource = ""
    var action = ""

    /// Whether the request names any MCP field (otherwise MCP lists never fail it).
    var isPresent: Bool { !server.isEmpty || !tool.isEmpty || !resource.isEmpty || !action.isEmpty }
}
