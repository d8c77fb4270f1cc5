import StructuredData

/// Turns schema documents into a ``CompiledProgram``.
///
/// Each schema location compiles once: its node index is memoized before anything inside it compiles,
/// so recursive `$ref`s become back edges instead of endless recursion. Referenced documents are
/// loaded here, at compile time, never during validation.
struct SchemaCompiler {
    /// How deeply schemas may nest before compilation stops.
    static let maxDepth = 256

    var index = ResourceIndex()
    let loader: (any SchemaLoader)?
    /// The dialect of documents that do not declare `$schema`.
    let defaultDialect: Dialect
    /// Whether `format` asserts: nil follows the dialect (drafts 4 to 7 and 2020-12's format-assertion
    /// vocabulary assert, 2019-09 and 2020-12 annotate).
    let assertFormats: Bool?
    /// The registry's schemas with absolute URIs.
    var registryEntries: [(uri: String, schema: JSONValue)] = []
    /// The document of the schema being compiled (errors elsewhere name their document).
    private(set) var rootDocument = 0
    private(set) var nodes: [SchemaNode] = []
    private var memo: [SchemaLocation: Int] = [:]
    private var pendingTargets: [(location: SchemaLocation, node: Int)] = []
    private var regexes: [String: ECMARegex] = [:]
    /// Schema resource URIs → index into `resources`.
    private var resourceIDs: [String: Int] = [:]
    private(set) var resources: [ResourceAnchors] = []
    /// Dynamic anchors whose node is not known yet: (resource, name, node).
    private var pendingAnchors: [(resource: Int, name: String?, node: Int)] = []

    init(loader: (any SchemaLoader)?, defaultDialect: Dialect, assertFormats: Bool?) {
        self.loader = loader
        self.defaultDialect = defaultDialect
        self.assertFormats = assertFormats
    }

    /// Compiles the root document and everything it references.
    static func compile(
        _ root: JSONValue,
        baseURI: String,
        registry: SchemaRegistry,
        loader: (any SchemaLoader)?,
        defaultDraft: JSONSchema.Draft,
        assertFormats: Bool?
    ) throws(SchemaError) -> CompiledProgram {
        var compiler = SchemaCompiler(
            loader: loader,
            defaultDialect: Dialect(defaultDraft),
            assertFormats: assertFormats
        )
        // Relative registry URIs are taken relative to the root schema's base URI.
        compiler.registryEntries = registry.entries.map { (URIReference.resolve($0.uri, against: baseURI), $0.schema) }
        // A custom meta-schema named by the root's `$schema` is indexed before the root itself.
        compiler.rootDocument = try compiler.addDocument(root, retrievalURI: baseURI)
        for (uri, schema) in compiler.registryEntries where compiler.index.resource(uri) == nil {
            try compiler.addDocument(schema, retrievalURI: uri)
        }
        let rootLocation = SchemaLocation(document: compiler.rootDocument, tokens: [])
        let rootNode = try compiler.compile(
            rootLocation,
            around: compiler.index.scope(of: rootLocation, includingSelf: false),
            depth: 0
        )
        // `$ref` targets compile from a work list, so long reference chains do not deepen the recursion.
        while let (location, node) = compiler.pendingTargets.popLast() {
            try compiler.fill(
                node,
                from: location,
                around: compiler.index.scope(of: location, includingSelf: false),
                depth: 0
            )
        }
        var resources = compiler.resources
        for (resource, name, node) in compiler.pendingAnchors {
            if let name {
                resources[resource].dynamicAnchors[name] = node
            } else {
                resources[resource].recursiveAnchor = node
            }
        }
        let draft = compiler.index.scope(of: rootLocation, includingSelf: true).dialect.draft
        return CompiledProgram(nodes: compiler.nodes, resources: resources, root: rootNode, draft: draft)
    }

    /// Adds a document after learning the dialects its `$schema`s name.
    @discardableResult
    mutating func addDocument(_ value: JSONValue, retrievalURI uri: String) throws(SchemaError) -> Int {
        try resolveDialects(in: value, at: SchemaLocation(document: index.documents.count, tokens: []), uri: uri)
        return index.addDocument(value, retrievalURI: uri, dialect: defaultDialect)
    }

    /// Compiles the schema at `location`, or returns its node if it is compiled or pending already.
    /// - Parameters:
    ///   - location: where the schema is.
    ///   - outer: the scope around the schema, before its own `$id` and `$schema`.
    ///   - depth: how many schemas enclose this one.
    mutating func compile(_ location: SchemaLocation, around outer: Scope, depth: Int) throws(SchemaError) -> Int {
        if let existing = memo[location] { return existing }
        let node = reserveNode(for: location)
        try fill(node, from: location, around: outer, depth: depth)
        return node
    }

    /// Adds a placeholder node for `location` and memoizes it before anything inside compiles, so
    /// recursive references find it.
    private mutating func reserveNode(for location: SchemaLocation) -> Int {
        let node = nodes.count
        nodes.append(.boolean(true))
        memo[location] = node
        return node
    }

    /// Compiles the schema at `location` into the reserved `node`.
    private mutating func fill(_ node: Int, from location: SchemaLocation, around outer: Scope, depth: Int)
        throws(SchemaError)
    {
        guard depth < Self.maxDepth else {
            throw error(.tooDeep, at: location, "schemas nest more than \(Self.maxDepth) levels deep")
        }
        guard let value = index.value(at: location) else {
            throw error(.unresolvableRef, at: location, "no schema exists at this location")
        }
        switch value {
        case .bool(let accepts):
            nodes[node] = .boolean(accepts)
        case .object(let members):
            let scope = index.entering(value, from: outer, isDocumentRoot: location.tokens.isEmpty)
            let dialect = scope.dialect
            let context = KeywordContext(
                members: members,
                location: location,
                base: scope.base,
                dialect: dialect,
                assertsFormats: assertFormats
                    ?? (dialect.draft < .draft201909
                        || dialect.vocabularies.contains(.formatAssertion)),
                depth: depth + 1
            )
            let keywords: [Keyword]
            if dialect.refIgnoresSiblings, members["$ref"] != nil {
                keywords = try referenceKeywords(context)
            } else {
                if let id = members[dialect.idKeyword], id.stringValue == nil {
                    throw error(
                        .invalidSchema,
                        at: location.appending(dialect.idKeyword),
                        "\"\(dialect.idKeyword)\" must be a string"
                    )
                }
                keywords = try compileKeywords(context)
            }
            let collects = keywords.contains {
                switch $0 {
                case .unevaluatedProperties, .unevaluatedItems: return true
                default: return false
                }
            }
            nodes[node] = .schema(
                SchemaBody(keywords: keywords, resource: resourceID(scope), collectsAnnotations: collects)
            )
        default:
            throw error(.invalidSchema, at: location, "a schema must be an object or a boolean, got \(value.typeName)")
        }
    }

    /// The node for a reference target, queued for compilation if it is new.
    mutating func referenceTarget(_ target: SchemaLocation) -> Int {
        if let existing = memo[target] { return existing }
        let node = reserveNode(for: target)
        pendingTargets.append((target, node))
        return node
    }

    /// The dynamic-scope entry for the resource `scope.base`, registering the anchors `$dynamicRef` and
    /// `$recursiveRef` may jump to from anywhere inside it.
    private mutating func resourceID(_ scope: Scope) -> Int {
        if let known = resourceIDs[scope.base] { return known }
        let id = resources.count
        resources.append(ResourceAnchors())
        resourceIDs[scope.base] = id
        for (name, location) in index.dynamicAnchors[scope.base] ?? [:] {
            pendingAnchors.append((id, name, referenceTarget(location)))
        }
        if scope.dialect.has("$recursiveAnchor"), let root = index.resource(scope.base),
            case .bool(true)? = index.value(at: root)?["$recursiveAnchor"]
        {
            pendingAnchors.append((id, nil, referenceTarget(root)))
        }
        return id
    }

    /// A compiled regular expression for `source`, shared between keywords that use the same pattern.
    mutating func regex(_ source: String, at location: SchemaLocation) throws(SchemaError) -> ECMARegex {
        if let cached = regexes[source] { return cached }
        do {
            let compiled = try ECMARegex(source)
            regexes[source] = compiled
            return compiled
        } catch {
            throw self.error(
                .invalidPattern,
                at: location,
                "\(ValueDescription.quote(source)) is not a valid regular expression: \(error.message)"
            )
        }
    }

    /// A ``SchemaError`` at `location`; the message names the document when it is not the root schema.
    func error(_ code: SchemaError.Code, at location: SchemaLocation, _ message: String) -> SchemaError {
        var text = message
        if location.document != rootDocument {
            text = "in \(ValueDescription.quote(index.documents[location.document].retrievalURI)), " + message
        }
        return SchemaError(code: code, schemaPath: location.pointer, message: text)
    }
}
