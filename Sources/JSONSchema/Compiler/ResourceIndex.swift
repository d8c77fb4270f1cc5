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

/// Every schema document in play (the root, the registry, retrieved remotes) and the URIs that name
/// its resources: retrieval URIs, `$id`s and plain-name fragments (`#foo`).
struct ResourceIndex {
    struct Document {
        var value: JSONValue
        var retrievalURI: String
    }

    private(set) var documents: [Document] = []
    /// Absolute URIs without fragment → the schema they name.
    private(set) var resources: [String: SchemaLocation] = [:]
    /// `absolute-uri#name` → the schema with that location-independent identifier.
    private(set) var anchors: [String: SchemaLocation] = [:]

    /// Keywords whose value is one subschema.
    static let singleSubschemaKeywords: Set<String> = [
        "additionalItems", "additionalProperties", "contains", "propertyNames", "if", "then", "else", "not",
        "items",
    ]
    /// Keywords whose value is an array of subschemas.
    static let arraySubschemaKeywords: Set<String> = ["items", "allOf", "anyOf", "oneOf"]
    /// Keywords whose value is an object whose members are subschemas.
    static let mapSubschemaKeywords: Set<String> = ["properties", "patternProperties", "definitions", "dependencies"]

    /// Adds a document retrieved from `uri` and indexes the identifiers inside it.
    @discardableResult
    mutating func addDocument(_ value: JSONValue, retrievalURI uri: String) -> Int {
        let document = documents.count
        documents.append(Document(value: value, retrievalURI: uri))
        let root = SchemaLocation(document: document, tokens: [])
        if resources[uri] == nil { resources[uri] = root }
        indexIdentifiers(value, at: root, base: uri)
        return document
    }

    /// The value at `location`, if it exists.
    func value(at location: SchemaLocation) -> JSONValue? {
        var current = documents[location.document].value
        for token in location.tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(token), index >= 0, index < elements.count, token == String(index) else {
                    return nil
                }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// The base URI in effect at `location`, including the location's own `$id`.
    func baseURI(of location: SchemaLocation) -> String {
        let document = documents[location.document]
        var base = document.retrievalURI
        var current = document.value
        base = Self.applyingIdentifier(of: current, to: base)
        for token in location.tokens {
            switch current {
            case .object(let members):
                guard let next = members[token] else { return base }
                current = next
            case .array(let elements):
                guard let index = Int(token), index >= 0, index < elements.count else { return base }
                current = elements[index]
            default:
                return base
            }
            base = Self.applyingIdentifier(of: current, to: base)
        }
        return base
    }

    /// The base URI for a schema object's members: its `$id` resolved against `base`, without fragment.
    /// An `$id` beside `$ref` is ignored, as draft-07 ignores every sibling of `$ref`.
    static func applyingIdentifier(of value: JSONValue, to base: String) -> String {
        guard case .object(let members) = value, case .string(let id)? = members["$id"], members["$ref"] == nil
        else { return base }
        return URIReference.splitFragment(URIReference.resolve(id, against: base)).resource
    }

    /// The schema named by the absolute URI `resource` (no fragment), if indexed.
    func resource(_ resource: String) -> SchemaLocation? {
        resources[resource]
    }

    /// The schema with plain-name fragment `name` inside resource `resource`, if indexed.
    func anchor(_ name: String, in resource: String) -> SchemaLocation? {
        anchors[resource + "#" + name]
    }

    private mutating func indexIdentifiers(_ value: JSONValue, at location: SchemaLocation, base: String) {
        guard case .object(let members) = value else { return }
        if members["$ref"] != nil { return }
        var base = base
        if case .string(let id)? = members["$id"] {
            let resolved = URIReference.resolve(id, against: base)
            let (resource, fragment) = URIReference.splitFragment(resolved)
            base = resource
            if !id.hasPrefix("#"), resources[resource] == nil { resources[resource] = location }
            if let fragment, !fragment.isEmpty, !fragment.hasPrefix("/") {
                let key = resource + "#" + fragment
                if anchors[key] == nil { anchors[key] = location }
            }
        }
        for key in members.keys.sorted() {
            let member = members[key]!
            if Self.singleSubschemaKeywords.contains(key) {
                indexIdentifiers(member, at: location.appending(key), base: base)
            }
            if Self.arraySubschemaKeywords.contains(key), case .array(let elements) = member {
                for (offset, element) in elements.enumerated() {
                    indexIdentifiers(element, at: location.appending(key).appending(String(offset)), base: base)
                }
            }
            if Self.mapSubschemaKeywords.contains(key), case .object(let map) = member {
                for name in map.keys.sorted() {
                    indexIdentifiers(map[name]!, at: location.appending(key).appending(name), base: base)
                }
            }
        }
    }
}
