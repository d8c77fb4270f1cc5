extension PolicyDocument {
    /// The rules Cordum synthesises from tenant topic lists when a merged policy has no rules at all: per tenant
    /// (in name order here; Go's map order is unspecified), one deny rule per `deny_topics` entry, then one allow
    /// rule per `allow_topics` entry, each matching the tenant, the pattern and the tenant's MCP lists.
    var legacyRules: [(rule: PolicyRule, source: String)] {
        var result: [(PolicyRule, String)] = []
        for name in tenants.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            guard let tenant = tenants[name] else { continue }
            for (offset, pattern) in tenant.denyTopics.enumerated() {
                let rule = PolicyRule(
                    id: "legacy:\(name):deny:\(offset + 1)",
                    match: PolicyMatch(tenants: [name], topics: [pattern], mcp: tenant.mcp),
                    decision: .deny,
                    reason: "topic \(goQuote(pattern)) denied by tenant policy"
                )
                result.append((rule, "tenants.\(name).deny_topics"))
            }
            for (offset, pattern) in tenant.allowTopics.enumerated() {
                let rule = PolicyRule(
                    id: "legacy:\(name):allow:\(offset + 1)",
                    match: PolicyMatch(tenants: [name], topics: [pattern], mcp: tenant.mcp),
                    decision: .allow
                )
                result.append((rule, "tenants.\(name).allow_topics"))
            }
        }
        return result
    }
}
