/// One request's facts and the program's pools, as plain buffers, for the duration of an evaluation.
struct MatchContext {
    /// The trimmed topic.
    let topic: UnsafeBufferPointer<UInt8>
    /// The folded resolved tenant (the request's, else the policy's default).
    let tenant: UnsafeBufferPointer<UInt8>
    let capability: UnsafeBufferPointer<UInt8>
    let packID: UnsafeBufferPointer<UInt8>
    let actorID: UnsafeBufferPointer<UInt8>
    let actorType: UnsafeBufferPointer<UInt8>
    /// The request's byte pool, and its folded risk tags and requirements in it.
    let requestBytes: UnsafeBufferPointer<UInt8>
    let riskTags: UnsafeBufferPointer<ByteSpan>
    let requires: UnsafeBufferPointer<ByteSpan>
    /// Strict mode: the topic's declared tags and requirements (in the program's pool); empty otherwise.
    let declaredTags: UnsafeBufferPointer<ByteSpan>
    let declaredRequires: UnsafeBufferPointer<ByteSpan>
    /// Whether strict mode applied to this topic.
    let isDeclared: Bool
    /// The derived `secrets_present` flag.
    let secrets: Bool
    /// The program's pools.
    let pool: UnsafeBufferPointer<UInt8>
    let spans: UnsafeBufferPointer<ByteSpan>
    let patterns: UnsafeBufferPointer<MatchProgram.Pattern>
}

extension MatchProgram {
    /// Runs `body` with the context for a request that passed the topic guards.
    @inline(__always)
    func withContext<Result>(_ request: PolicyRequest, _ body: (MatchContext) -> Result) -> Result {
        request.facts.bytes.withUnsafeBufferPointer { requestBytes in
            request.facts.spans.withUnsafeBufferPointer { requestSpans in
                let facts = request.facts.summary
                return bytes.withUnsafeBufferPointer { pool in
                    spans.withUnsafeBufferPointer { spans in
                        patterns.withUnsafeBufferPointer { patterns in
                            let topic = facts.topic.bytes(in: requestBytes)
                            var declaration: Declaration?
                            if !declarationTable.isEmpty, let number = declarationTable.value(for: topic) {
                                declaration = declarations.withUnsafeBufferPointer { $0[Int(number)] }
                            }
                            // Strict mode: a topic declared `secrets` handles secrets whatever the request's
                            // `secrets_present` label says; the label decides only for undeclared topics.
                            let secrets =
                                declaration?.declaresSecrets == true || (facts.secretsLabel ?? facts.taggedSecrets)
                            let noSpans = UnsafeBufferPointer<ByteSpan>(rebasing: spans[0..<0])
                            let context = MatchContext(
                                topic: topic,
                                tenant: facts.tenant.count > 0
                                    ? facts.tenant.bytes(in: requestBytes) : defaultTenant.bytes(in: pool),
                                capability: facts.capability.bytes(in: requestBytes),
                                packID: facts.packID.bytes(in: requestBytes),
                                actorID: facts.actorID.bytes(in: requestBytes),
                                actorType: facts.actorType.bytes(in: requestBytes),
                                requestBytes: requestBytes,
                                riskTags: UnsafeBufferPointer(rebasing: requestSpans[facts.riskTags.range]),
                                requires: UnsafeBufferPointer(rebasing: requestSpans[facts.requires.range]),
                                declaredTags: declaration.map {
                                    UnsafeBufferPointer(rebasing: spans[$0.riskTags.range])
                                }
                                    ?? noSpans,
                                declaredRequires: declaration.map {
                                    UnsafeBufferPointer(rebasing: spans[$0.requires.range])
                                } ?? noSpans,
                                isDeclared: declaration != nil,
                                secrets: secrets,
                                pool: pool,
                                spans: spans,
                                patterns: patterns
                            )
                            return body(context)
                        }
                    }
                }
            }
        }
    }
}

extension MatchProgram.Rule {
    /// Whether every plain-data condition holds (labels and MCP lists are checked by the caller). Cheap and
    /// selective conditions go first; the result does not depend on the order.
    @inline(__always)
    func matches(_ context: MatchContext) -> Bool {
        topicHolds(context)
            && tenantHolds(context)
            && capabilityHolds(context)
            && packHolds(context)
            && actorTypeHolds(context)
            && actorIDHolds(context)
            && riskTagsHold(context)
            && requiresHold(context)
            && secretsHolds(context)
    }

    @inline(__always)
    func topicHolds(_ context: MatchContext) -> Bool {
        guard !topics.isAbsent else { return true }
        for index in topics.range where context.patterns[index].matches(context.topic, pool: context.pool) {
            return true
        }
        return false
    }

    @inline(__always) func tenantHolds(_ context: MatchContext) -> Bool { holds(tenants, context.tenant, context) }
    @inline(__always) func capabilityHolds(_ context: MatchContext) -> Bool {
        holds(capabilities, context.capability, context)
    }
    @inline(__always) func packHolds(_ context: MatchContext) -> Bool { holds(packIDs, context.packID, context) }
    @inline(__always) func actorIDHolds(_ context: MatchContext) -> Bool { holds(actorIDs, context.actorID, context) }
    @inline(__always) func actorTypeHolds(_ context: MatchContext) -> Bool {
        holds(actorTypes, context.actorType, context)
    }

    /// Some request tag (or, in strict mode, declared tag) is listed.
    @inline(__always)
    func riskTagsHold(_ context: MatchContext) -> Bool {
        guard !riskTags.isAbsent else { return true }
        for tag in context.riskTags where Self.contains(riskTags, tag.bytes(in: context.requestBytes), context) {
            return true
        }
        for tag in context.declaredTags where Self.contains(riskTags, tag.bytes(in: context.pool), context) {
            return true
        }
        return false
    }

    /// Every listed requirement is among the request's (or, in strict mode, the declared) requirements.
    @inline(__always)
    func requiresHold(_ context: MatchContext) -> Bool {
        requires.isAbsent || missingRequirement(context) == nil
    }

    /// The position (in the program's span pool) of the first listed requirement the request lacks.
    func missingRequirement(_ context: MatchContext) -> Int? {
        nextEntry: for index in requires.range {
            let entry = context.spans[index].bytes(in: context.pool)
            guard !entry.isEmpty else { return index }
            for item in context.requires where Self.equal(item.bytes(in: context.requestBytes), entry) {
                continue nextEntry
            }
            for item in context.declaredRequires where Self.equal(item.bytes(in: context.pool), entry) {
                continue nextEntry
            }
            return index
        }
        return nil
    }

    @inline(__always)
    func secretsHolds(_ context: MatchContext) -> Bool {
        secretsPresent < 0 || (secretsPresent == 1) == context.secrets
    }

    /// An absent list holds; otherwise the (folded) value must equal an entry, and an empty value never does.
    @inline(__always)
    private func holds(_ list: ListSpan, _ value: UnsafeBufferPointer<UInt8>, _ context: MatchContext) -> Bool {
        list.isAbsent || Self.contains(list, value, context)
    }

    @inline(__always)
    static func contains(_ list: ListSpan, _ value: UnsafeBufferPointer<UInt8>, _ context: MatchContext) -> Bool {
        guard !value.isEmpty else { return false }
        for index in list.range where equal(context.spans[index].bytes(in: context.pool), value) { return true }
        return false
    }

    @inline(__always)
    static func equal(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>) -> Bool {
        a.count == b.count && equalBytes(a, b, count: a.count)
    }
}
