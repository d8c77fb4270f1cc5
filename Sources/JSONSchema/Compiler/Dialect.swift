import StructuredData

/// The keyword groups a dialect gives meaning to, after its meta-schema's `$vocabulary`.
struct Vocabularies: OptionSet, Hashable, Sendable {
    let rawValue: UInt8

    /// `properties`, `items`, `allOf`, `if`, ... (the subschema keywords).
    static let applicator = Vocabularies(rawValue: 1 << 0)
    /// `type`, `enum`, `maximum`, `required`, ... (the assertions).
    static let validation = Vocabularies(rawValue: 1 << 1)
    /// `unevaluatedProperties` and `unevaluatedItems` (part of the applicator vocabulary in 2019-09).
    static let unevaluated = Vocabularies(rawValue: 1 << 2)
    /// `format` as an assertion (2020-12's format-assertion vocabulary).
    static let formatAssertion = Vocabularies(rawValue: 1 << 3)

    static let all: Vocabularies = [.applicator, .validation, .unevaluated]

    /// The vocabulary a `$vocabulary` URI names, or nil for one that only carries annotations (core,
    /// meta-data, content, format annotation) or that this validator does not know.
    static func named(_ uri: String) -> (known: Bool, vocabularies: Vocabularies) {
        for prefix in ["https://json-schema.org/draft/2019-09/vocab/", "https://json-schema.org/draft/2020-12/vocab/"] {
            guard uri.hasPrefix(prefix) else { continue }
            switch uri.dropFirst(prefix.count) {
            case "applicator":
                return (true, prefix.contains("2019-09") ? [.applicator, .unevaluated] : .applicator)
            case "validation": return (true, .validation)
            case "unevaluated": return (true, .unevaluated)
            case "format-assertion": return (true, .formatAssertion)
            case "core", "meta-data", "content", "format", "format-annotation": return (true, [])
            default: return (false, [])
            }
        }
        return (false, [])
    }
}

/// How a schema resource is read: its draft and the vocabularies its meta-schema turns on.
struct Dialect: Hashable, Sendable {
    var draft: JSONSchema.Draft
    var vocabularies: Vocabularies

    /// A draft with every vocabulary its standard meta-schema has.
    init(_ draft: JSONSchema.Draft, vocabularies: Vocabularies = .all) {
        self.draft = draft
        self.vocabularies = vocabularies
    }

    /// `id` in draft-04, `$id` later.
    var idKeyword: String { draft == .draft4 ? "id" : "$id" }

    /// Before 2019-09, `$ref` replaces its whole schema object: siblings (including `$id`) are ignored.
    var refIgnoresSiblings: Bool { draft < .draft201909 }

    /// Whether the dialect has `keyword` as one of its keywords at all.
    func has(_ keyword: String) -> Bool {
        switch keyword {
        case "const", "contains", "propertyNames": return draft >= .draft6
        case "if", "then", "else": return draft >= .draft7
        case "$defs", "$anchor", "dependentRequired", "dependentSchemas", "minContains", "maxContains",
            "unevaluatedProperties", "unevaluatedItems":
            return draft >= .draft201909
        // `dependencies` was split into `dependentRequired` and `dependentSchemas` in 2019-09; later
        // drafts still honour it, as their meta-schemas keep it for compatibility.
        case "additionalItems": return draft < .draft202012
        case "$recursiveRef", "$recursiveAnchor": return draft == .draft201909
        case "$dynamicRef", "$dynamicAnchor", "prefixItems": return draft == .draft202012
        default: return true
        }
    }

    /// Keywords whose value is one subschema.
    func singleSubschemaKeywords() -> [String] {
        [
            "additionalItems", "additionalProperties", "contains", "propertyNames", "if", "then", "else", "not",
            "items", "unevaluatedItems", "unevaluatedProperties",
        ].filter(has)
    }

    /// Keywords whose value is an array of subschemas.
    func arraySubschemaKeywords() -> [String] {
        ["items", "allOf", "anyOf", "oneOf", "prefixItems"].filter(has)
    }

    /// Keywords whose value is an object whose members are subschemas.
    func mapSubschemaKeywords() -> [String] {
        ["properties", "patternProperties", "definitions", "dependencies", "$defs", "dependentSchemas"].filter(has)
    }
}
