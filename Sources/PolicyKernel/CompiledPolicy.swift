/// A policy compiled for fast, repeated evaluation. Build it once per policy snapshot; it is immutable and
/// `Sendable`, so any number of tasks may evaluate with it at once.
public struct CompiledPolicy: Sendable {
    /// The rules in order: the merged policy's rules, or the legacy tenant rules when it has none.
    let rules: [CompiledRule]
    /// The rules' conditions as plain data.
    let program: MatchProgram
    /// The rules' outcomes and string-form conditions, by rule index.
    let outcomes: [RuleOutcome]
    let extras: [RuleExtras]
    /// Whether a policy is loaded (without one every job that passes the guards is allowed).
    let hasPolicy: Bool
    /// Whether `rules` were synthesised from tenant topic lists.
    let usesLegacyRules: Bool
    /// The policy's `default_tenant`, trimmed.
    let defaultTenant: String
    /// Tenant MCP blocks by exact tenant name (only tenants that have one).
    let tenantMCP: [String: CompiledMCP]
    /// Strict mode's declarations by exact trimmed topic.
    let declarations: [String: TopicDeclaration]
    /// The set this policy was compiled from.
    let policySet: PolicySet

    /// The snapshot id every (non-guard) decision reports.
    public var snapshot: String { policySet.snapshot }

    /// Whether strict mode is on: requests on a declared topic carry the declared risk tags and requirements.
    public var isStrict: Bool { !declarations.isEmpty }

    /// Compiles a policy set.
    /// - Parameters:
    ///   - set: the merged policy and its snapshot.
    ///   - strictTopics: topic declarations for strict mode, keyed by exact topic; empty turns strict mode off.
    public init(_ set: PolicySet, strictTopics: [String: TopicDeclaration] = [:]) {
        policySet = set
        let document = set.merged
        hasPolicy = document != nil
        var compiled: [CompiledRule] = []
        if let document {
            if document.rules.isEmpty {
                usesLegacyRules = true
                for (index, legacy) in document.legacyRules.enumerated() {
                    compiled.append(CompiledRule(legacy.rule, index: index, source: legacy.source))
                }
            } else {
                usesLegacyRules = false
                for (index, rule) in document.rules.enumerated() {
                    let source = index < set.ruleSources.count ? set.ruleSources[index] : ""
                    compiled.append(CompiledRule(rule, index: index, source: source))
                }
            }
            defaultTenant = document.defaultTenant.trimmingGoSpace()
            tenantMCP = document.tenants.compactMapValues { CompiledMCP($0.mcp) }
        } else {
            usesLegacyRules = false
            defaultTenant = ""
            tenantMCP = [:]
        }
        var declarations: [String: TopicDeclaration] = [:]
        for (topic, declaration) in strictTopics {
            declarations[topic.trimmingGoSpace()] = declaration
        }
        self.declarations = declarations
        rules = compiled
        outcomes = compiled.map(\.outcome)
        extras = compiled.map(\.extras)
        program = MatchProgram(rules: compiled.map(\.rule), defaultTenant: defaultTenant, declarations: declarations)
    }

    /// Decides on a request exactly as Cordum's Safety Kernel does (plus strict mode when enabled): topic guards,
    /// first matching rule (default allow), tenant MCP lists, decision mapping, then effective-config tightening.
    /// - Parameter request: the job to decide on.
    /// - Returns: the decision; evaluation never fails.
    public func evaluate(_ request: PolicyRequest) -> PolicyDecision {
        if let refusal = Self.guardRefusal(request.facts) { return PolicyDecision(guardReason: refusal) }
        return program.withContext(request) { context in decide(request, context) }
    }

    /// The guards that run before any rule: a blank topic, or one outside `job.` (case-sensitive).
    static func guardRefusal(_ facts: RequestFacts) -> String? {
        if facts.topic.count == 0 { return "missing topic" }
        let prefix: [UInt8] = [0x6A, 0x6F, 0x62, 0x2E]  // "job."
        let hasPrefix = facts.bytes.withUnsafeBufferPointer { bytes in
            prefix.withUnsafeBufferPointer { prefix in
                facts.topic.count >= 4 && equalBytes(prefix, facts.topic.bytes(in: bytes), count: 4)
            }
        }
        return hasPrefix ? nil : "unsupported topic"
    }

    /// The index of the first rule that matches: the topic index picks the candidates, their topic filters go
    /// first, then the plain-data conditions, and labels and MCP lists last, only for rules that have them.
    func firstMatch(_ request: PolicyRequest, _ context: MatchContext) -> Int? {
        program.index.withCandidates(for: context.topic) { candidates in
            program.rules.withUnsafeBufferPointer { rules in
                for candidate in candidates {
                    let index = Int(candidate)
                    guard rules[index].filter.admits(context.topic, pool: context.pool), rules[index].matches(context)
                    else { continue }
                    if rules[index].hasLabels || rules[index].hasMCP {
                        let holds = extras.withUnsafeBufferPointer { extras in
                            extras[index].labelsHold(request) && extras[index].mcpFailure(request) == nil
                        }
                        guard holds else { continue }
                    }
                    return index
                }
                return nil
            }
        }
    }

    func decide(_ request: PolicyRequest, _ context: MatchContext) -> PolicyDecision {
        var decision = PolicyDecision(snapshot: policySet.snapshot)
        var ruleDecision = Decision.allow
        var outcome = Decision.allow
        if hasPolicy {
            if let index = firstMatch(request, context) {
                outcomes.withUnsafeBufferPointer { outcomes in
                    ruleDecision = outcomes[index].decision
                    decision.ruleID = outcomes[index].ruleID
                    decision.reason = outcomes[index].reason
                    decision.constraints = outcomes[index].constraints
                    decision.remediations = outcomes[index].remediations
                }
                outcome = ruleDecision
            }
            if let failure = tenantMCPFailure(request) {
                outcome = .deny
                decision.reason = failure.reason
            }
        }
        decision.approvalRequired = ruleDecision == .requireApproval
        decision.decision = outcome == .allow && decision.constraints != nil ? .allowWithConstraints : outcome
        if decision.decision == .allow || decision.decision == .allowWithConstraints { decision.reason = "" }
        if let safety = request.effectiveSafety,
            let refusal = safety.refusal(topic: context.topic, mcpRequest: request.facts.mcp)
        {
            decision.decision = .deny
            decision.reason = refusal
        }
        if decision.decision == .requireApproval { decision.approvalRequired = true }
        if decision.approvalRequired { decision.approvalRef = request.jobID }
        return decision
    }

    /// The tenant's MCP lists (exact, case-sensitive tenant name) refusing the request's MCP call.
    func tenantMCPFailure(_ request: PolicyRequest) -> MCPFailure? {
        guard request.facts.mcp.isPresent, !tenantMCP.isEmpty else { return nil }
        let tenant = request.facts.tenantSource == .none ? defaultTenantName : request.facts.exactTenant
        return tenantMCP[tenant]?.check(request.facts.mcp)
    }

    /// The tenant a request without one gets: `default_tenant`, else `default`.
    var defaultTenantName: String {
        defaultTenant.isEmpty ? "default" : defaultTenant
    }
}
