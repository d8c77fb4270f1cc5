/// A parsed policy document: Cordum's `safety.yaml` base file, a pack's policy fragment, or a merge of them.
public struct PolicyDocument: Sendable, Hashable {
    /// The free-form `version` label; empty when absent. Only the base file's version reaches the snapshot id.
    public var version: String
    /// The tenant used when a request names none (`default_tenant`); empty when absent.
    public var defaultTenant: String
    /// The ordered rules; the first matching rule decides.
    public var rules: [PolicyRule]
    /// The legacy per-tenant topic lists and MCP lists, by exact tenant name.
    public var tenants: [String: TenantPolicy]

    /// Creates a document from parts.
    public init(
        version: String = "",
        defaultTenant: String = "",
        rules: [PolicyRule] = [],
        tenants: [String: TenantPolicy] = [:]
    ) {
        self.version = version
        self.defaultTenant = defaultTenant
        self.rules = rules
        self.tenants = tenants
    }
}

/// A tenant's legacy policy: topic allow and deny globs, repository hosts, a concurrency cap, and MCP lists.
public struct TenantPolicy: Sendable, Hashable {
    /// Topic globs that produce a legacy allow rule (only when the merged policy has no rules).
    public var allowTopics: [String]
    /// Topic globs that produce a legacy deny rule (only when the merged policy has no rules).
    public var denyTopics: [String]
    /// Parsed and merged, never evaluated by the kernel.
    public var allowedRepoHosts: [String]
    /// Parsed and merged, never evaluated by the kernel.
    public var deniedRepoHosts: [String]
    /// Parsed and merged (smallest positive wins), never evaluated by the kernel; 0 when absent.
    public var maxConcurrentJobs: Int
    /// The tenant's MCP lists, checked after rule selection for requests of exactly this tenant.
    public var mcp: MCPPolicy

    /// Creates a tenant policy.
    public init(
        allowTopics: [String] = [],
        denyTopics: [String] = [],
        allowedRepoHosts: [String] = [],
        deniedRepoHosts: [String] = [],
        maxConcurrentJobs: Int = 0,
        mcp: MCPPolicy = MCPPolicy()
    ) {
        self.allowTopics = allowTopics
        self.denyTopics = denyTopics
        self.allowedRepoHosts = allowedRepoHosts
        self.deniedRepoHosts = deniedRepoHosts
        self.maxConcurrentJobs = maxConcurrentJobs
        self.mcp = mcp
    }
}

/// MCP allow and deny lists for servers, tools, resources and actions (exact, case-insensitive, trimmed).
public struct MCPPolicy: Sendable, Hashable {
    /// Servers allowed; when non-empty, any other server (or none) fails.
    public var allowServers: [String]
    /// Servers denied.
    public var denyServers: [String]
    /// Tools allowed; when non-empty, any other tool (or none) fails.
    public var allowTools: [String]
    /// Tools denied.
    public var denyTools: [String]
    /// Resources allowed; when non-empty, any other resource (or none) fails.
    public var allowResources: [String]
    /// Resources denied.
    public var denyResources: [String]
    /// Actions allowed; when non-empty, any other action (or none) fails.
    public var allowActions: [String]
    /// Actions denied.
    public var denyActions: [String]

    /// Creates MCP lists.
    public init(
        allowServers: [String] = [],
        denyServers: [String] = [],
        allowTools: [String] = [],
        denyTools: [String] = [],
        allowResources: [String] = [],
        denyResources: [String] = [],
        allowActions: [String] = [],
        denyActions: [String] = []
    ) {
        self.allowServers = allowServers
        self.denyServers = denyServers
        self.allowTools = allowTools
        self.denyTools = denyTools
        self.allowResources = allowResources
        self.denyResources = denyResources
        self.allowActions = allowActions
        self.denyActions = denyActions
    }

    /// Whether every list is empty (the block then never fails a request).
    public var isEmpty: Bool {
        allowServers.isEmpty && denyServers.isEmpty && allowTools.isEmpty && denyTools.isEmpty
            && allowResources.isEmpty && denyResources.isEmpty && allowActions.isEmpty && denyActions.isEmpty
    }
}
