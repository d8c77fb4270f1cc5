extension PolicyDocument {
    /// Cordum's merge of two documents, `self` first: the earlier non-empty `version` and `default_tenant` win,
    /// rules are concatenated, and tenants are united by exact name (lists concatenated, the smallest positive
    /// `max_concurrent_jobs` kept).
    func merged(with later: PolicyDocument) -> PolicyDocument {
        var result = self
        if result.version.isEmpty { result.version = later.version }
        if result.defaultTenant.isEmpty { result.defaultTenant = later.defaultTenant }
        result.rules += later.rules
        for (name, tenant) in later.tenants {
            result.tenants[name] = result.tenants[name].map { $0.merged(with: tenant) } ?? tenant
        }
        return result
    }
}

extension TenantPolicy {
    func merged(with later: TenantPolicy) -> TenantPolicy {
        TenantPolicy(
            allowTopics: allowTopics + later.allowTopics,
            denyTopics: denyTopics + later.denyTopics,
            allowedRepoHosts: allowedRepoHosts + later.allowedRepoHosts,
            deniedRepoHosts: deniedRepoHosts + later.deniedRepoHosts,
            maxConcurrentJobs: Self.smallestPositive(maxConcurrentJobs, later.maxConcurrentJobs),
            mcp: mcp.merged(with: later.mcp)
        )
    }

    private static func smallestPositive(_ a: Int, _ b: Int) -> Int {
        switch (a > 0, b > 0) {
        case (true, true): min(a, b)
        case (true, false): a
        case (false, _): b > 0 ? b : 0
        }
    }
}

extension MCPPolicy {
    func merged(with later: MCPPolicy) -> MCPPolicy {
        MCPPolicy(
            allowServers: allowServers + later.allowServers,
            denyServers: denyServers + later.denyServers,
            allowTools: allowTools + later.allowTools,
            denyTools: denyTools + later.denyTools,
            allowResources: allowResources + later.allowResources,
            denyResources: denyResources + later.denyResources,
            allowActions: allowActions + later.allowActions,
            denyActions: denyActions + later.denyActions
        )
    }
}
