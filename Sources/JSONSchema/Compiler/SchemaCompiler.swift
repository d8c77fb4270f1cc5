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
    private(set) var nodes: [SchemaNode] = []
    private var memo: [SchemaLocation: Int] = [:]
    private var pendingTargets: [(location: SchemaLocation, node: Int)] = []
    private var regexes: [String: ECMARegex] = [:]

    init(root: JSONValue, baseURI: String, registry: SchemaRegistry, loader: (any SchemaLoader)?) {
        self.loader = loader
        index.addDocument(root, retrievalURI: baseURI)
        // Relative registry URIs are taken relative to the root schema's base URI.
        for entry in registry.entries {
            let uri = URIReference.resolve(entry.uri, against: baseURI)
            if index.resource(uri) == nil { index.addDocument(entry.schema, retrievalURI: uri) }
        }
    }

    /// Compiles the root document and everything it references.
    static func compile(
        _ root: JSONValue,
        baseURI: String,
        registry: SchemaRegistry,
        loader: (any SchemaLoader)?
    ) throws(SchemaError) -> CompiledProgram {
        var compiler = SchemaCompiler(root: root, baseURI: baseURI, registry: registry, loader: loader)
        let rootNode = try compiler.compile(SchemaLocation(document: 0, tokens: []), inheritedBase: baseURI, depth: 0)
        // `$ref` targets compile from a work list, so long reference chains do not deepen the recursion.
        while let (location, node) = compiler.pendingTargets.popLast() {
            try compiler.fill(node, from: location, inheritedBase: compiler.inheritedBase(of: location), depth: 0)
        }
        return CompiledProgram(nodes: compiler.nodes, root: rootNode)
    }

    /// Compiles the schema at `location`, or returns its node if it is compiled or pending already.
    /// - Parameters:
    ///   - location: where the schema is.
    ///   - inheritedBase: the base URI in effect around the schema, before its own `$id`.
    ///   - depth: how many schemas enclose this one.
    mutating func compile(_ location: SchemaLocation, inheritedBase: String, depth: Int) throws(SchemaError) -> Int {
        if let existing = memo[location] { return existing }
        let node = reserveNode(for: location)
        try fill(node, from: location, inheritedBase: inheritedBase, depth: depth)
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
    private mutating func fill(_ node: Int, from location: SchemaLocation, inheritedBase: String, depth: Int)
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
            if location.tokens.isEmpty { try checkDraft(members, at: location) }
            if let reference = members["$ref"] {
                guard case .string(let text) = reference else {
                    throw error(.invalidSchema, at: location.appending("$ref"), "\"$ref\" must be a string")
                }
                let target = try locate(URIReference.resolve(text, against: inheritedBase), at: location)
                nodes[node] = .reference(referenceTarget(target))
            } else {
                if let id = members["$id"], id.stringValue == nil {
                    throw error(.invalidSchema, at: location.appending("$id"), "\"$id\" must be a string")
                }
                let base = ResourceIndex.applyingIdentifier(of: value, to: inheritedBase)
                let context = KeywordContext(members: members, location: location, base: base, depth: depth + 1)
                nodes[node] = .keywords(try compileKeywords(context))
            }
        default:
            throw error(.invalidSchema, at: location, "a schema must be an object or a boolean, got \(value.typeName)")
        }
    }

    /// The node for a `$ref` target, queued for compilation if it is new.
    private mutating func referenceTarget(_ target: SchemaLocation) -> Int {
        if let existing = memo[target] { return existing }
        let node = reserveNode(for: target)
        pendingTargets.append((target, node))
        return node
    }

    /// The base URI in effect around `location`, before its own `$id`.
    private func inheritedBase(of location: SchemaLocation) -> String {
        guard !location.tokens.isEmpty else { return index.documents[location.document].retrievalURI }
        return index.baseURI(of: SchemaLocation(document: location.document, tokens: location.tokens.dropLast()))
    }

    /// Draft-07 is validated; drafts 4 and 6 are read as draft-07; later and earlier drafts are refused.
    private func checkDraft(_ members: [String: JSONValue], at location: SchemaLocation) throws(SchemaError) {
        guard case .string(let uri)? = members["$schema"] else { return }
        let unsupported = ["draft-03", "draft/2019-09", "draft/2020-12", "draft/next"]
        if uri.contains("json-schema.org"), let draft = unsupported.first(where: { uri.contains($0) }) {
            throw error(
                .unsupportedDraft,
                at: location.appending("$schema"),
                "\"$schema\" names JSON Schema \(draft.replacing("draft/", with: "")), but only draft-07 is supported"
            )
        }
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
        if location.document != 0 {
            text = "in \(ValueDescription.quote(index.documents[location.document].retrievalURI)), " + message
        }
        return SchemaError(code: code, schemaPath: location.pointer, message: text)
    }
}
