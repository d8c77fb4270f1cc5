import StructuredData

/// The schema object being compiled and where it is.
struct KeywordContext {
    var members: [String: JSONValue]
    var location: SchemaLocation
    /// The base URI for the object's references, after its own `$id`.
    var base: String
    /// The object's draft and vocabularies.
    var dialect: Dialect
    /// Whether `format` is an assertion here rather than an annotation.
    var assertsFormats: Bool
    /// The nesting depth of the object's subschemas.
    var depth: Int

    func location(_ keyword: String) -> SchemaLocation {
        location.appending(keyword)
    }

    /// The value of `keyword` when the dialect gives it meaning (its draft has it and its vocabulary is
    /// on); nil for absent keywords and for keywords that are only annotations here.
    func member(_ keyword: String) -> JSONValue? {
        guard let value = members[keyword], dialect.has(keyword) else { return nil }
        let vocabulary: Vocabularies
        if KeywordContext.validationKeywords.contains(keyword) {
            vocabulary = .validation
        } else if KeywordContext.applicatorKeywords.contains(keyword) {
            vocabulary = .applicator
        } else if keyword == "unevaluatedProperties" || keyword == "unevaluatedItems" {
            vocabulary = .unevaluated
        } else {
            return value
        }
        guard dialect.vocabularies.contains(vocabulary) else { return nil }
        return value
    }

    private static let validationKeywords: Set<String> = [
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
        "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
        "maxProperties", "minProperties", "required", "dependentRequired",
    ]
    private static let applicatorKeywords: Set<String> = [
        "prefixItems", "items", "additionalItems", "contains", "properties", "patternProperties",
        "additionalProperties", "dependentSchemas", "dependencies", "propertyNames", "if", "then", "else", "allOf",
        "anyOf", "oneOf", "not",
    ]
}

extension SchemaCompiler {
    /// Compiles every keyword the dialect gives meaning to, in a fixed order so errors come out stably.
    mutating func compileKeywords(_ context: KeywordContext) throws(SchemaError) -> [Keyword] {
        var keywords = try referenceKeywords(context)
        try compileGenericKeywords(context, into: &keywords)
        try compileNumericKeywords(context, into: &keywords)
        try compileStringKeywords(context, into: &keywords)
        try compileArrayKeywords(context, into: &keywords)
        try compileObjectKeywords(context, into: &keywords)
        try compileApplicatorKeywords(context, into: &keywords)
        try compileDefinitions("definitions", context)
        if context.dialect.has("$defs") { try compileDefinitions("$defs", context) }
        // Last: they depend on what every other keyword evaluated.
        try compileUnevaluatedKeywords(context, into: &keywords)
        return keywords
    }

    /// Compiles the subschema at `location` inside the object described by `context`.
    mutating func subschema(at location: SchemaLocation, in context: KeywordContext) throws(SchemaError) -> Int {
        try compile(location, around: Scope(base: context.base, dialect: context.dialect), depth: context.depth)
    }

    /// Compiles the subschema under `keyword`, if present.
    mutating func subschema(_ keyword: String, in context: KeywordContext) throws(SchemaError) -> Int? {
        guard context.member(keyword) != nil else { return nil }
        return try subschema(at: context.location(keyword), in: context)
    }

    /// Compiles a non-empty array of subschemas under `keyword`, if present.
    mutating func subschemaArray(_ keyword: String, in context: KeywordContext) throws(SchemaError) -> [Int]? {
        guard let value = context.member(keyword) else { return nil }
        guard case .array(let elements) = value, !elements.isEmpty else {
            throw invalid(keyword, in: context, "must be a non-empty array of schemas", got: value)
        }
        var nodes: [Int] = []
        for offset in elements.indices {
            nodes.append(try subschema(at: context.location(keyword).appending(String(offset)), in: context))
        }
        return nodes
    }

    /// Compiles `definitions` or `$defs` so mistakes in unused definitions are reported too.
    private mutating func compileDefinitions(_ keyword: String, _ context: KeywordContext) throws(SchemaError) {
        guard let value = context.members[keyword] else { return }
        guard case .object(let members) = value else {
            throw invalid(keyword, in: context, "must be an object of schemas", got: value)
        }
        for name in members.keys.sorted() {
            _ = try subschema(at: context.location(keyword).appending(name), in: context)
        }
    }

    /// The value of `keyword` as a non-negative integer (`2.0` counts), if present.
    func nonNegativeInteger(_ keyword: String, in context: KeywordContext) throws(SchemaError) -> Int? {
        guard let value = context.member(keyword) else { return nil }
        guard let integer = value.intValue, integer >= 0 else {
            throw invalid(keyword, in: context, "must be a non-negative integer", got: value)
        }
        return integer
    }

    /// The value of `keyword` as an array of unique strings, if present.
    func stringArray(_ keyword: String, at location: SchemaLocation, _ value: JSONValue) throws(SchemaError)
        -> [String]
    {
        guard case .array(let elements) = value else {
            throw error(
                .invalidSchema,
                at: location,
                "\"\(keyword)\" must be an array of strings, got \(value.typeName)"
            )
        }
        var names: [String] = []
        for (offset, element) in elements.enumerated() {
            guard case .string(let name) = element else {
                throw error(
                    .invalidSchema,
                    at: location.appending(String(offset)),
                    "\"\(keyword)\" must contain only strings, got \(ValueDescription.describe(element))"
                )
            }
            guard !names.contains(name) else {
                throw error(
                    .invalidSchema,
                    at: location.appending(String(offset)),
                    "\"\(keyword)\" lists \(ValueDescription.quote(name)) more than once"
                )
            }
            names.append(name)
        }
        return names
    }

    /// An `invalidSchema` error for `keyword`: `"keyword" must be ..., got value`.
    func invalid(_ keyword: String, in context: KeywordContext, _ requirement: String, got value: JSONValue)
        -> SchemaError
    {
        error(
            .invalidSchema,
            at: context.location(keyword),
            "\"\(keyword)\" \(requirement), got \(ValueDescription.describe(value))"
        )
    }
}
