import StructuredData

extension PolicyDocument {
    /// Parses YAML or JSON policy text with the same acceptance as Cordum's `safety_policy.schema.json`: unknown
    /// top-level keys are ignored, while rules, `match`, `constraints`, remediations, tenants and MCP blocks refuse
    /// unknown keys; `decision` must be one of the exact (case-sensitive) spellings; `version` and label values must
    /// be strings; numbers must be whole and not negative.
    /// - Parameters:
    ///   - bytes: the document text (UTF-8).
    ///   - file: the name used in error locations.
    /// - Returns: the document, or `nil` when the text is empty, white space or comments only (no policy).
    /// - Throws: ``PolicyError`` naming `file:line:column`, the field path and what would be valid.
    public static func parse(_ bytes: [UInt8], file: String) throws(PolicyError) -> PolicyDocument? {
        let blank = bytes.withUnsafeBufferPointer { GoSpace.trimmedRange($0).isEmpty }
        if blank { return nil }
        let document: Document
        do {
            document = try Document.parse(bytes, file: file)
        } catch {
            throw PolicyError(code: .invalidSyntax, location: error.location, field: "", message: error.message)
        }
        if document.value.isNull { return nil }
        return try PolicyParser(reader: SchemaReader(document: document)).document(document.value)
    }
}

/// The schema walk behind ``PolicyDocument/parse(_:file:)``.
struct PolicyParser {
    let reader: SchemaReader

    static let ruleKeys = ["id", "match", "decision", "reason", "constraints", "remediations"]
    static let matchKeys = [
        "tenants", "topics", "capabilities", "risk_tags", "requires", "pack_ids", "actor_ids", "actor_types",
        "labels", "secrets_present", "mcp",
    ]
    static let mcpKeys = [
        "allow_servers", "deny_servers", "allow_tools", "deny_tools", "allow_resources", "deny_resources",
        "allow_actions", "deny_actions",
    ]
    static let tenantKeys = [
        "allow_topics", "deny_topics", "allowed_repo_hosts", "denied_repo_hosts", "max_concurrent_jobs", "mcp",
    ]
    static let remediationKeys = [
        "id", "title", "summary", "replacement_topic", "replacement_capability", "add_labels", "remove_labels",
    ]

    func document(_ value: JSONValue) throws(PolicyError) -> PolicyDocument {
        let members = try reader.object(value, at: "", what: "a policy document")
        var result = PolicyDocument()
        if let version = members["version"] {
            result.version = try reader.string(version, at: "/version")
        }
        if let tenant = members["default_tenant"] {
            result.defaultTenant = try reader.string(tenant, at: "/default_tenant")
        }
        if let rules = members["rules"] {
            let elements = try reader.array(rules, at: "/rules")
            result.rules.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                result.rules.append(try rule(element, at: "/rules/\(index)"))
            }
        }
        if let tenants = members["tenants"] {
            let entries = try reader.object(tenants, at: "/tenants", what: "tenant policies by name")
            for (name, entry) in entries.sorted(by: { $0.key < $1.key }) {
                result.tenants[name] = try tenant(entry, at: JSONPointer.appending("/tenants", name))
            }
        }
        return result
    }

    func rule(_ value: JSONValue, at pointer: String) throws(PolicyError) -> PolicyRule {
        let members = try reader.strictObject(value, at: pointer, what: "a rule", allowed: Self.ruleKeys)
        var rule = PolicyRule()
        if let id = members["id"] { rule.id = try reader.string(id, at: pointer + "/id") }
        if let match = members["match"] { rule.match = try self.match(match, at: pointer + "/match") }
        if let decision = members["decision"] {
            rule.decision = try self.decision(decision, at: pointer + "/decision")
        }
        if let reason = members["reason"] { rule.reason = try reader.string(reason, at: pointer + "/reason") }
        if let constraints = members["constraints"] {
            rule.constraints = try self.constraints(constraints, at: pointer + "/constraints")
        }
        if let remediations = members["remediations"] {
            let elements = try reader.array(remediations, at: pointer + "/remediations")
            for (index, element) in elements.enumerated() {
                rule.remediations.append(try remediation(element, at: pointer + "/remediations/\(index)"))
            }
        }
        return rule
    }

    func decision(_ value: JSONValue, at pointer: String) throws(PolicyError) -> Decision {
        let text = try reader.string(value, at: pointer)
        guard Decision.policySpellings.contains(text) else {
            let lowered = text.lowercased()
            let hint =
                Decision.policySpellings.contains(lowered)
                ? "decisions are lower case: use \(goQuote(lowered))"
                : "valid decisions: " + Decision.policySpellings.joined(separator: ", ")
            throw reader.failure(.invalidDecision, at: pointer, "\(goQuote(text)) is not a decision", hint: hint)
        }
        return Decision(ruleSpelling: text)
    }

    func match(_ value: JSONValue, at pointer: String) throws(PolicyError) -> PolicyMatch {
        let members = try reader.strictObject(value, at: pointer, what: "a rule match", allowed: Self.matchKeys)
        var match = PolicyMatch()
        func list(_ key: String) throws(PolicyError) -> [String] {
            guard let value = members[key] else { return [] }
            return try reader.strings(value, at: pointer + "/" + key)
        }
        match.tenants = try list("tenants")
        match.topics = try list("topics")
        match.capabilities = try list("capabilities")
        match.riskTags = try list("risk_tags")
        match.requires = try list("requires")
        match.packIDs = try list("pack_ids")
        match.actorIDs = try list("actor_ids")
        match.actorTypes = try list("actor_types")
        if let labels = members["labels"] {
            match.labels = try reader.stringMap(labels, at: pointer + "/labels", what: "labels")
        }
        if let secrets = members["secrets_present"] {
            match.secretsPresent = try reader.bool(secrets, at: pointer + "/secrets_present")
        }
        if let mcp = members["mcp"] { match.mcp = try self.mcp(mcp, at: pointer + "/mcp") }
        return match
    }

    func mcp(_ value: JSONValue, at pointer: String) throws(PolicyError) -> MCPPolicy {
        let members = try reader.strictObject(value, at: pointer, what: "an MCP block", allowed: Self.mcpKeys)
        func list(_ key: String) throws(PolicyError) -> [String] {
            guard let value = members[key] else { return [] }
            return try reader.strings(value, at: pointer + "/" + key)
        }
        return MCPPolicy(
            allowServers: try list("allow_servers"),
            denyServers: try list("deny_servers"),
            allowTools: try list("allow_tools"),
            denyTools: try list("deny_tools"),
            allowResources: try list("allow_resources"),
            denyResources: try list("deny_resources"),
            allowActions: try list("allow_actions"),
            denyActions: try list("deny_actions")
        )
    }

    func tenant(_ value: JSONValue, at pointer: String) throws(PolicyError) -> TenantPolicy {
        let members = try reader.strictObject(value, at: pointer, what: "a tenant policy", allowed: Self.tenantKeys)
        func list(_ key: String) throws(PolicyError) -> [String] {
            guard let value = members[key] else { return [] }
            return try reader.strings(value, at: pointer + "/" + key)
        }
        var tenant = TenantPolicy(
            allowTopics: try list("allow_topics"),
            denyTopics: try list("deny_topics"),
            allowedRepoHosts: try list("allowed_repo_hosts"),
            deniedRepoHosts: try list("denied_repo_hosts")
        )
        if let jobs = members["max_concurrent_jobs"] {
            tenant.maxConcurrentJobs = try reader.count(jobs, at: pointer + "/max_concurrent_jobs", maximum: Int.max)
        }
        if let mcp = members["mcp"] { tenant.mcp = try self.mcp(mcp, at: pointer + "/mcp") }
        return tenant
    }

    func remediation(_ value: JSONValue, at pointer: String) throws(PolicyError) -> PolicyRemediation {
        let members = try reader.strictObject(
            value,
            at: pointer,
            what: "a remediation",
            allowed: Self.remediationKeys
        )
        func text(_ key: String) throws(PolicyError) -> String {
            guard let value = members[key] else { return "" }
            return try reader.string(value, at: pointer + "/" + key)
        }
        var remediation = PolicyRemediation(
            id: try text("id"),
            title: try text("title"),
            summary: try text("summary"),
            replacementTopic: try text("replacement_topic"),
            replacementCapability: try text("replacement_capability")
        )
        if let add = members["add_labels"] {
            remediation.addLabels = try reader.stringMap(add, at: pointer + "/add_labels", what: "labels")
        }
        if let remove = members["remove_labels"] {
            remediation.removeLabels = try reader.strings(remove, at: pointer + "/remove_labels")
        }
        return remediation
    }
}
