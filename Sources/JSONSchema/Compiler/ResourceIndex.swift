import StructuredData

/// A place in one of the schema documents the compiler knows.
struct SchemaLocation: Hashable {
    /// Index into ``ResourceIndex/documents``.
    var document: Int
    /// Unescaped JSON Pointer tokens from the document root.
    var tokens: [String]

    var pointer: String {
        tokens.isEmpty ? "" : "/" + tokens.map(JSONPointer.escape).joined(separator: "/")
    }

    func appending(_ token: String) -> SchemaLocation {
        SchemaLocation(document: document, tokens: tokens + [token])
    }
}

/// The base URI and dialect in effect at a schema object.
struct Scope: Hashable {
    /// The absolute URI (without fragment) of the schema resource, against which references resolve.
    var base: String
    var dialect: Dialect
}

/// Every schema document in play (the root, the registry, retrieved remotes, meta-schemas) and the URIs
/// that name its resources: retrieval URIs, `$id`s (`id` in draft-04), plain-name fragments (`$id: "#foo"`
/// before 2019-09, `$anchor` after) and `$dynamicAnchor`s.
struct ResourceIndex {
    struct Document {
        var value: JSONValue
        var retrievalURI: String
        /// The dialect of the document when its root does not declare `$schema`.
        var dialect: Dialect
    }

    private(set) var documents: [Document] = []
    /// Absolute URIs without fragment → the schema they name.
    private(set) var resources: [String: SchemaLocation] = [:]
    /// `absolute-uri#name` → the schema with that location-independent identifier.
    private(set) var anchors: [String: SchemaLocation] = [:]
    /// Resource URI → its `$dynamicAnchor` names → the schemas that declare them.
    private(set) var dynamicAnchors: [String: [String: SchemaLocation]] = [:]
    /// Meta-schema URIs (without fragment) other than the built-in drafts → the dialect they describe.
    var dialects: [String: Dialect] = [:]

    /// Adds a document retrieved from `uri` and indexes the identifiers inside it.
    @discardableResult
    mutating func addDocument(_ value: JSONValue, retrievalURI uri: String, dialect: Dialect) -> Int {
        let document = documents.count
        documents.append(Document(value: value, retrievalURI: uri, dialect: dialect))
        let root = SchemaLocation(document: document, tokens: [])
        if resources[uri] == nil { resources[uri] = root }
        indexIdentifiers(value, at: root, around: Scope(base: uri, dialect: dialect))
        return document
    }

    /// The value at `location`, if it exists.
    func value(at location: SchemaLocation) -> JSONValue? {
        var current = documents[location.document].value
        for token in location.tokens {
            guard let next = Self.child(of: current, token) else { return nil }
            current = next
        }
        return current
    }

    private static func child(of value: JSONValue, _ token: String) -> JSONValue? {
        switch value {
        case .object(let members):
            return members[token]
        case .array(let elements):
            guard let index = Int(token), index >= 0, index < elements.count, token == String(index) else {
                return nil
            }
            return elements[index]
        default:
            return nil
        }
    }

    /// The dialect a `$schema` value names, if known.
    func dialect(named uri: String) -> Dialect? {
        if let draft = JSONSchema.Draft(metaSchemaURI: uri) { return Dialect(draft) }
        return dialects[URIReference.splitFragment(uri).resource]
    }

    /// The scope inside the schema object `value`, entered from `outer`: `$schema` switches the dialect at
    /// a document root or an embedded resource; the id keyword changes the base URI, except beside a `$ref`
    /// before 2019-09.
    func entering(_ value: JSONValue, from outer: Scope, isDocumentRoot: Bool) -> Scope {
        guard case .object(let members) = value else { return outer }
        var dialect = outer.dialect
        if case .string(let meta)? = members["$schema"], let declared = self.dialect(named: meta),
            isDocumentRoot || members[declared.idKeyword] != nil
        {
            dialect = declared
        }
        var base = outer.base
        if !(dialect.refIgnoresSiblings && members["$ref"] != nil), case .string(let id)? = members[dialect.idKeyword] {
            base = URIReference.splitFragment(URIReference.resolve(id, against: base)).resource
        }
        return Scope(base: base, dialect: dialect)
    }

    /// The scope in effect at `location`: inside it when `includingSelf`, else around it.
    func scope(of location: SchemaLocation, includingSelf: Bool) -> Scope {
        let document = documents[location.document]
        var scope = Scope(base: document.retrievalURI, dialect: document.dialect)
        var current = document.value
        if location.tokens.isEmpty && !includingSelf { return scope }
        scope = entering(current, from: scope, isDocumentRoot: true)
        for (offset, token) in location.tokens.enumerated() {
            guard let next = Self.child(of: current, token) else { return scope }
            current = next
            if offset == location.tokens.count - 1 && !includingSelf { return scope }
            scope = entering(current, from: scope, isDocumentRoot: false)
        }
        return scope
    }

    /// The schema named by the absolute URI `resource` (no fragment), if indexed.
    func resource(_ resource: String) -> SchemaLocation? {
        resources[resource]
    }

    /// The schema with plain-name fragment `name` inside resource `resource`, if indexed.
    func anchor(_ name: String, in resource: String) -> SchemaLocation? {
        anchors[resource + "#" + name]
    }

    private mutating func indexIdentifiers(_ value: JSONValue, at location: SchemaLocation, around outer: Scope) {
        guard case .object(let members) = value else { return }
        let scope = entering(value, from: outer, isDocumentRoot: location.tokens.isEmpty)
        let dialect = scope.dialect
        if dialect.refIgnoresSiblings && members["$ref"] != nil { return }
        if case .string(let id)? = members[dialect.idKeyword] {
            let (resource, fragment) = URIReference.splitFragment(URIReference.resolve(id, against: outer.base))
            if !id.hasPrefix("#"), resources[resource] == nil { resources[resource] = location }
            if dialect.draft < .draft201909, let fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
                addAnchor(fragment, in: resource, at: location)
            }
        }
        if dialect.has("$anchor"), case .string(let name)? = members["$anchor"] {
            addAnchor(name, in: scope.base, at: location)
        }
        if dialect.has("$dynamicAnchor"), case .string(let name)? = members["$dynamicAnchor"] {
            addAnchor(name, in: scope.base, at: location)
            if dynamicAnchors[scope.base, default: [:]][name] == nil {
                dynamicAnchors[scope.base, default: [:]][name] = location
            }
        }
        let keywords = KeywordTable.table(for: dialect.draft)
        for key in members.keys.sorted() {
            let member = members[key]!
            if keywords.single.contains(key) {
                indexIdentifiers(member, at: location.appending(key), around: scope)
            }
            if keywords.array.contains(key), case .array(let elements) = member {
                for (offset, element) in elements.enumerated() {
                    indexIdentifiers(element, at: location.appending(key).appending(String(offset)), around: scope)
                }
            }
            if keywords.map.contains(key), case .object(let map) = member {
                for name in map.keys.sorted() {
                    indexIdentifiers(map[name]!, at: location.appending(key).appending(name), around: scope)
                }
            }
        }
    }

    private mutating func addAnchor(_ name: String, in resource: String, at location: SchemaLocation) {
        let key = resource + "#" + name
        if anchors[key] == nil { anchors[key] = location }
    }
}

/// The subschema keywords of each draft, computed once.
struct KeywordTable {
    var single: Set<String>
    var array: Set<String>
    var map: Set<String>

    private static let tables: [JSONSchema.Draft: KeywordTable] = Dictionary(
        uniqueKeysWithValues: JSONSchema.Draft.allCases.map { draft in
            let dialect = Dialect(draft)
            return (
                draft,
                KeywordTable(
                    single: Set(dialect.singleSubschemaKeywords()),
                    array: Set(dialect.arraySubschemaKeywords()),
                    map: Set(dialect.mapSubschemaKeywords())
                )
            )
        }
    )

    static func table(for draft: JSONSchema.Draft) -> KeywordTable {
        tables[draft]!
    }
}
