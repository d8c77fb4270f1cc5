extension CompiledPolicy {
    /// Explains a request's decision: the same decision as ``evaluate(_:)``, with the trace that led to it.
    /// - Parameter request: the job to explain.
    public func explain(_ request: PolicyRequest) -> PolicyExplanation {
        let facts = request.facts
        let (tenant, tenantSource) = tenantWithSource(facts)
        var explanation = PolicyExplanation(
            decision: evaluate(request),
            topic: request.topic.trimmingGoSpace(),
            tenant: tenant,
            tenantSource: tenantSource,
            usesLegacyRules: usesLegacyRules,
            misses: [],
            overrides: []
        )
        if let refusal = Self.guardRefusal(facts) {
            explanation.guardReason = refusal
            return explanation
        }
        explanation.strict = strictAdditions(request, topic: explanation.topic)
        program.withContext(request) { context in
            if hasPolicy {
                trace(request, context, into: &explanation)
                if let failure = tenantMCPFailure(request) {
                    explanation.overrides.append(.init(source: "tenant_mcp", reason: failure.reason))
                }
            }
            if let safety = request.effectiveSafety,
                let reason = safety.refusal(topic: context.topic, mcpRequest: facts.mcp)
            {
                explanation.overrides.append(.init(source: "effective_config", reason: reason))
            }
        }
        return explanation
    }

    private func tenantWithSource(_ facts: RequestFacts) -> (String, String) {
        switch facts.tenantSource {
        case .tenant: (facts.exactTenant, "tenant")
        case .metaTenantID: (facts.exactTenant, "meta.tenant_id")
        case .none: defaultTenant.isEmpty ? ("default", "default") : (defaultTenant, "default_tenant")
        }
    }

    private func strictAdditions(_ request: PolicyRequest, topic: String) -> PolicyExplanation.StrictAdditions? {
        guard let declared = declarations[topic] else { return nil }
        return .init(
            topic: topic,
            addedRiskTags: declared.riskTags.filter { tag in
                !request.meta.riskTags.contains { CaseFold.equalsTrimmed($0, tag) }
            },
            addedRequires: declared.requires.filter { item in
                !request.meta.requires.contains { CaseFold.equalsTrimmed($0, item) }
            }
        )
    }

    private func trace(_ request: PolicyRequest, _ context: MatchContext, into explanation: inout PolicyExplanation) {
        let subject = Subject(
            topic: explanation.topic,
            tenant: explanation.tenant,
            declared: declarations[explanation.topic]
        )
        for rule in rules {
            guard let (field, reason) = firstFailure(rule, request, context, subject) else {
                explanation.matchedRuleIndex = rule.index
                explanation.matchedRuleID = rule.rule.id
                explanation.matchedRuleSource = rule.source
                return
            }
            explanation.misses.append(
                .init(index: rule.index, ruleID: rule.rule.id, source: rule.source, field: field, reason: reason)
            )
        }
    }

    /// The request as explanations name it.
    private struct Subject {
        let topic: String
        let tenant: String
        let declared: TopicDeclaration?
    }

    /// The first condition, in the documented order, that the request fails, with a reason; `nil` when the rule
    /// matches. Each check is the one evaluation uses.
    private func firstFailure(
        _ compiled: CompiledRule,
        _ request: PolicyRequest,
        _ context: MatchContext,
        _ subject: Subject
    ) -> (field: String, reason: String)? {
        let match = compiled.rule.match
        let rule = program.rules[compiled.index]
        let meta = request.meta
        let declared = subject.declared
        if !rule.tenantHolds(context) {
            return ("match.tenants", "tenant \(goQuote(subject.tenant)) is not one of \(goQuoteList(match.tenants))")
        }
        if !rule.topicHolds(context) {
            let topic = goQuote(subject.topic)
            return ("match.topics", "topic \(topic) does not match any of \(goQuoteList(match.topics))")
        }
        if !rule.capabilityHolds(context) {
            let value = goQuote(meta.capability)
            return ("match.capabilities", "capability \(value) is not one of \(goQuoteList(match.capabilities))")
        }
        if !rule.riskTagsHold(context) {
            let tags = goQuoteList(meta.riskTags + (declared?.riskTags ?? []))
            return ("match.risk_tags", "risk tags \(tags) include none of \(goQuoteList(match.riskTags))")
        }
        if !rule.requires.isAbsent, let missing = rule.missingRequirement(context) {
            let have = goQuoteList(meta.requires + (declared?.requires ?? []))
            let wanted = goQuote(match.requires[missing - Int(rule.requires.start)])
            return ("match.requires", "requires \(have) lacks \(wanted)")
        }
        if !rule.packHolds(context) {
            return ("match.pack_ids", "pack \(goQuote(meta.packID)) is not one of \(goQuoteList(match.packIDs))")
        }
        if !rule.actorIDHolds(context) {
            let actor = goQuote(meta.actorID.isGoBlank ? request.principalID : meta.actorID)
            return ("match.actor_ids", "actor \(actor) is not one of \(goQuoteList(match.actorIDs))")
        }
        if !rule.actorTypeHolds(context) {
            let value = goQuote(meta.actorType.rawValue)
            return ("match.actor_types", "actor type \(value) is not one of \(goQuoteList(match.actorTypes))")
        }
        if let label = compiled.extras.firstLabelMismatch(request) {
            if request.labels.isEmpty { return ("match.labels", "the request has no labels") }
            let actual = request.labels[label.key].map(goQuote) ?? "absent"
            return ("match.labels", "label \(goQuote(label.key)) is \(actual), not \(goQuote(label.value))")
        }
        if !rule.secretsHolds(context) {
            let wanted = rule.secretsPresent == 1
            return ("match.secrets_present", "secrets present is \(context.secrets), the rule wants \(wanted)")
        }
        if let failure = compiled.extras.mcpFailure(request) {
            return ("match.mcp", failure.reason)
        }
        return nil
    }
}
