import StructuredData

/// Turns an OpenAPI schema object and everything it references into one JSON Schema 2020-12 document.
///
/// - OpenAPI 3.0 and Swagger 2.0 schema objects: `nullable: true` (3.0) and `x-nullable: true` (2.0) add `null`
///   to `type` (and to `enum`); boolean `exclusiveMaximum`/`exclusiveMinimum` become the numeric keywords;
///   siblings of `$ref` are dropped (they are ignored in those versions); 2.0 `type: file` accepts anything;
///   tuple `items: [...]` with `additionalItems` become `prefixItems` with `items`.
/// - Every version: a `readOnly` property must not be sent in a request and is not required there; a
///   `writeOnly` property must not be answered in a response and is not required there; a `discriminator`
///   with `oneOf`/`anyOf` validates the value against the schema its property names (explicit `mapping`, or
///   the schema's name) instead of trying every branch.
/// - Local `$ref`s are copied under `$defs` (named `d0`, `d1`, ...) so the result compiles on its own;
///   ``origins`` maps each name back to the pointer in the description.
struct SchemaTranslator {
    /// Whether the schema describes what a client sends or what a server answers.
    enum Direction: Sendable, Hashable {
        case request, response
    }

    /// Marker members the translation adds (annotations: the validator ignores them).
    static let forbiddenMarker = "x-cordum-forbidden"
    static let nullableMarker = "x-cordum-nullable-wrapper"
    static let discriminatorMarker = "x-cordum-discriminator"
    static let tupleMarker = "x-cordum-tuple"

    let root: JSONValue
    let version: APIDocument.Version
    let direction: Direction
    /// `$defs` name → pointer of the referenced schema in the description.
    private(set) var origins: [String: String] = [:]
    private var names: [String: String] = [:]
    private var defs: [String: JSONValue] = [:]
    private var pending: [String] = []

    init(root: JSONValue, version: APIDocument.Version, direction: Direction) {
        self.root = root
        self.version = version
        self.direction = direction
    }

    /// The translated schema, with `$schema` and the `$defs` it needs.
    mutating func translate(_ schema: JSONValue) -> JSONValue {
        var result = translateNode(schema)
        while let pointer = pending.popLast() {
            guard let name = names[pointer] else { continue }
            defs[name] = JSONPointer.resolve(pointer, in: root).map { translateNode($0) } ?? false
        }
        guard case .object(var object) = result else {
            return result
        }
        object["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        if !defs.isEmpty {
            var all = object["$defs"]?.objectValue ?? [:]
            all.merge(defs) { first, _ in first }
            object["$defs"] = .object(all)
        }
        result = .object(object)
        return result
    }

    private var legacy: Bool { version != .openAPI31 }

    private mutating func translateNode(_ value: JSONValue) -> JSONValue {
        guard case .object(var object) = value else { return value }
        if let ref = object["$ref"]?.stringValue {
            let rewritten: JSONValue = .string(reference(ref))
            if legacy { return .object(["$ref": rewritten]) }
            object["$ref"] = rewritten
        }
        for key in ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"] {
            if let members = object[key]?.objectValue {
                object[key] = .object(members.mapValues { translateNode($0) })
            }
        }
        for key in [
            "additionalProperties", "items", "not", "contains", "propertyNames", "if", "then", "else",
            "unevaluatedProperties", "unevaluatedItems", "additionalItems",
        ] {
            if let member = object[key] {
                object[key] = member.arrayValue.map { .array($0.map { translateNode($0) }) } ?? translateNode(member)
            }
        }
        for key in ["allOf", "anyOf", "oneOf", "prefixItems"] {
            if let members = object[key]?.arrayValue {
                object[key] = .array(members.map { translateNode($0) })
            }
        }
        if legacy { translateLegacyKeywords(&object) }
        forbidOneDirection(&object)
        if let discriminator = object["discriminator"], object["oneOf"] != nil || object["anyOf"] != nil {
            applyDiscriminator(discriminator, to: &object)
        }
        if legacy, object["nullable"]?.boolValue == true || object["x-nullable"]?.boolValue == true {
            return nullable(object)
        }
        return .object(object)
    }

    private func translateLegacyKeywords(_ object: inout [String: JSONValue]) {
        for (exclusive, bound) in [("exclusiveMaximum", "maximum"), ("exclusiveMinimum", "minimum")] {
            guard let flag = object[exclusive]?.boolValue else { continue }
            object[exclusive] = flag ? object[bound] : nil
            if flag { object[bound] = nil }
        }
        if object["type"]?.stringValue == "file" { object["type"] = nil }
        if let tuple = object["items"], tuple.arrayValue != nil {
            object["prefixItems"] = tuple
            object["items"] = object["additionalItems"]
            object["additionalItems"] = nil
            object[Self.tupleMarker] = true
        }
    }

    /// `readOnly` properties in requests and `writeOnly` ones in responses: never required, never present.
    private func forbidOneDirection(_ object: inout [String: JSONValue]) {
        guard var properties = object["properties"]?.objectValue else { return }
        let keyword = direction == .request ? "readOnly" : "writeOnly"
        var forbidden: Set<String> = []
        for (name, property) in properties where isMarked(property, keyword) {
            forbidden.insert(name)
            properties[name] = .object([Self.forbiddenMarker: .string(keyword), "not": [:]])
        }
        guard !forbidden.isEmpty else { return }
        object["properties"] = .object(properties)
        if let required = object["required"]?.arrayValue {
            object["required"] = .array(required.filter { !forbidden.contains($0.stringValue ?? "") })
        }
    }

    /// Whether a (translated) property schema, or the schema its `$ref` names, has `keyword: true`.
    private func isMarked(_ property: JSONValue, _ keyword: String) -> Bool {
        if property[keyword]?.boolValue == true { return true }
        guard let ref = property["$ref"]?.stringValue, let name = ref.split(separator: "/").last,
            let pointer = origins[String(name)], let target = JSONPointer.resolve(pointer, in: root)
        else { return false }
        return target[keyword]?.boolValue == true
    }

    /// Replaces `oneOf`/`anyOf` by one `if`/`then` per discriminator value, and requires a known value.
    private mutating func applyDiscriminator(_ discriminator: JSONValue, to object: inout [String: JSONValue]) {
        guard let property = discriminator["propertyName"]?.stringValue else { return }
        var mapping: [(String, String)] = []
        for (value, target) in discriminator["mapping"]?.objectValue ?? [:] {
            if let target = target.stringValue {
                mapping.append((value, target.hasPrefix("#") ? target : "#/components/schemas/\(target)"))
            }
        }
        if mapping.isEmpty {
            let branches = (object["oneOf"] ?? object["anyOf"])?.arrayValue ?? []
            for branch in branches {
                guard let ref = branch["$ref"]?.stringValue, let name = origins[refName(ref)] else { continue }
                let schemaName = name.split(separator: "/").last.map(String.init) ?? name
                mapping.append((JSONPointer.unescape(schemaName), "#" + name))
            }
        }
        guard !mapping.isEmpty else { return }
        mapping.sort { $0.0 < $1.0 }
        object["oneOf"] = nil
        object["anyOf"] = nil
        var clauses: [JSONValue] = []
        for (value, target) in mapping {
            clauses.append([
                "if": ["properties": .object([property: ["const": .string(value)]]), "required": [.string(property)]],
                "then": ["$ref": .string(reference(target))],
            ])
        }
        clauses.append([
            "required": [.string(property)],
            "properties": .object([property: ["enum": .array(mapping.map { .string($0.0) })]]),
        ])
        var all = object["allOf"]?.arrayValue ?? []
        all.append(contentsOf: clauses)
        object["allOf"] = .array(all)
        object[Self.discriminatorMarker] = .string(property)
    }

    private func nullable(_ object: [String: JSONValue]) -> JSONValue {
        var object = object
        if let type = object["type"]?.stringValue {
            object["type"] = [.string(type), "null"]
            if let values = object["enum"]?.arrayValue, !values.contains(.null) {
                object["enum"] = .array(values + [.null])
            }
            return .object(object)
        }
        if object["type"] == nil, object["enum"] == nil, object.keys.allSatisfy({ !Self.constraining.contains($0) }) {
            return .object(object)
        }
        return [Self.nullableMarker: true, "anyOf": [.object(object), ["type": "null"]]]
    }

    /// Keywords that can refuse `null` (a nullable schema without them accepts `null` already).
    private static let constraining: Set<String> = ["$ref", "allOf", "anyOf", "oneOf", "not", "const"]

    /// A local reference rewritten to `#/$defs/dN` (queued for translation); other references unchanged.
    private mutating func reference(_ ref: String) -> String {
        guard let pointer = APIDocument.pointer(ofRef: ref) else { return ref }
        if let name = names[pointer] { return "#/$defs/\(name)" }
        let name = "d\(names.count)"
        names[pointer] = name
        origins[name] = pointer
        pending.append(pointer)
        return "#/$defs/\(name)"
    }

    private func refName(_ ref: String) -> String {
        ref.split(separator: "/").last.map(String.init) ?? ref
    }
}
