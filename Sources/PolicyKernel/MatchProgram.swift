/// The rules' conditions as plain data: literal values trimmed and folded into one byte pool, lists as spans, glob
/// patterns classified. Evaluating against it touches no reference counts and allocates nothing.
struct MatchProgram: Sendable {
    /// One rule's conditions; absent lists hold always.
    struct Rule: Sendable {
        var filter: TopicFilter
        /// Into `patterns`.
        var topics: ListSpan
        /// Into `spans` (folded values).
        var tenants: ListSpan
        var capabilities: ListSpan
        var riskTags: ListSpan
        var requires: ListSpan
        var packIDs: ListSpan
        var actorIDs: ListSpan
        var actorTypes: ListSpan
        /// -1 absent, 0 false, 1 true.
        var secretsPresent: Int8
        var hasLabels: Bool
        var hasMCP: Bool
    }

    /// A glob pattern as plain data.
    struct Pattern: Sendable {
        let kind: GlobPattern.Kind
        let bytes: ByteSpan
        let suffix: ByteSpan
        let literalPrefixLength: Int32

        @inline(__always)
        func matches(_ topic: UnsafeBufferPointer<UInt8>, pool: UnsafeBufferPointer<UInt8>) -> Bool {
            GlobPattern.matches(
                kind,
                bytes: bytes.bytes(in: pool),
                suffix: suffix.bytes(in: pool),
                literalPrefixLength: Int(literalPrefixLength),
                topic: topic
            )
        }
    }

    /// A strict-mode declaration as plain data.
    struct Declaration: Sendable {
        let riskTags: ListSpan
        let requires: ListSpan
        let declaresSecrets: Bool
    }

    let rules: [Rule]
    let patterns: [Pattern]
    let bytes: [UInt8]
    let spans: [ByteSpan]
    let index: TopicIndex
    /// Exact trimmed topic → declaration number.
    let declarationTable: ByteTable
    let declarations: [Declaration]
    /// The folded tenant used when a request names none: `default_tenant`, else `default`.
    let defaultTenant: ByteSpan

    init(rules policyRules: [PolicyRule], defaultTenant: String, declarations: [String: TopicDeclaration]) {
        var pool = BytePool()
        var patterns: [Pattern] = []
        var rules: [Rule] = []
        var filters: [TopicFilter] = []
        for rule in policyRules {
            let match = rule.match
            var topics = ListSpan.absent
            var compiledTopics: [GlobPattern]?
            if !match.topics.isEmpty {
                let compiled = match.topics.map(GlobPattern.init)
                compiledTopics = compiled
                topics = ListSpan(start: Int32(patterns.count), count: Int32(compiled.count))
                for pattern in compiled {
                    patterns.append(
                        Pattern(
                            kind: pattern.kind,
                            bytes: pool.append(pattern.bytes),
                            suffix: pool.append(pattern.suffix),
                            literalPrefixLength: Int32(pattern.literalPrefixLength)
                        )
                    )
                }
            }
            let filter = TopicFilter(compiledTopics, pool: &pool)
            filters.append(filter)
            rules.append(
                Rule(
                    filter: filter,
                    topics: topics,
                    tenants: pool.appendFoldedList(match.tenants),
                    capabilities: pool.appendFoldedList(match.capabilities),
                    riskTags: pool.appendFoldedList(match.riskTags),
                    requires: pool.appendFoldedList(match.requires),
                    packIDs: pool.appendFoldedList(match.packIDs),
                    actorIDs: pool.appendFoldedList(match.actorIDs),
                    actorTypes: pool.appendFoldedList(match.actorTypes),
                    secretsPresent: match.secretsPresent.map { $0 ? 1 : 0 } ?? -1,
                    hasLabels: !match.labels.isEmpty,
                    hasMCP: !match.mcp.isEmpty
                )
            )
        }
        var entries: [(key: [UInt8], value: Int32)] = []
        var compiledDeclarations: [Declaration] = []
        let secrets = Array("secrets".utf8)
        for (topic, declaration) in declarations.sorted(by: { $0.key < $1.key }) {
            let riskTags = pool.appendFoldedList(declaration.riskTags, emptyIsAbsent: false)
            let requires = pool.appendFoldedList(declaration.requires, emptyIsAbsent: false)
            let declaresSecrets = pool.spans[riskTags.range].contains { span in
                Array(pool.bytes[Int(span.start)..<Int(span.start + span.count)]) == secrets
            }
            entries.append((Array(topic.trimmedGoSpace().utf8), Int32(compiledDeclarations.count)))
            compiledDeclarations.append(
                Declaration(riskTags: riskTags, requires: requires, declaresSecrets: declaresSecrets)
            )
        }
        self.defaultTenant = pool.appendFolded(defaultTenant.isGoBlank ? "default" : defaultTenant)
        self.rules = rules
        self.patterns = patterns
        self.bytes = pool.bytes
        self.spans = pool.spans
        index = TopicIndex(filters: filters, pool: pool.bytes)
        declarationTable = ByteTable(entries)
        self.declarations = compiledDeclarations
    }
}
