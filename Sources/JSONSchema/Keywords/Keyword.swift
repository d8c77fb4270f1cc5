import StructuredData

/// One compiled keyword check. Subschemas are node indices into ``CompiledProgram/nodes``.
enum Keyword: Sendable {
    case ref(Int)
    /// `$dynamicRef`: the statically resolved node, and the `$dynamicAnchor` name to look up in the
    /// dynamic scope when the reference is dynamic.
    case dynamicRef(Int, anchor: String?)
    /// `$recursiveRef`: the statically resolved node, and whether it declares `"$recursiveAnchor": true`.
    case recursiveRef(Int, dynamic: Bool)
    case type(JSONTypeSet)
    case enumeration([JSONValue])
    case constant(JSONValue)
    case multipleOf(JSONValue)
    case bound(NumericBound)
    case maxLength(Int)
    case minLength(Int)
    case pattern(ECMARegex)
    case format(Format)
    case items(Int)
    case tupleItems(TupleItems)
    case maxItems(Int)
    case minItems(Int)
    case uniqueItems
    case contains(ContainsRule)
    case maxProperties(Int)
    case minProperties(Int)
    case required([String])
    case properties(PropertyRules)
    /// `dependencies`, `dependentRequired` or `dependentSchemas` (the keyword's name comes first).
    case dependencies(String, [(name: String, dependency: Dependency)])
    case propertyNames(Int)
    case conditional(condition: Int, then: Int?, else: Int?)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case unevaluatedProperties(Int)
    case unevaluatedItems(Int)
}

/// `items` as an array with `additionalItems` (before 2020-12), or `prefixItems` with `items` (2020-12).
struct TupleItems: Sendable {
    var nodes: [Int]
    /// `items` or `prefixItems`.
    var keyword: String
    /// The schema for the items after the tuple, if any.
    var rest: Int?
    /// `additionalItems` or `items`.
    var restKeyword: String
}

/// `contains` with its bounds: `minContains` (default 1) and `maxContains` (2019-09 and later).
struct ContainsRule: Sendable {
    var node: Int
    var minimum: Int
    var maximum: Int?
    /// Whether `minContains` was given (its failures are reported under that keyword).
    var hasMinimumKeyword: Bool
    /// Whether matching items count as evaluated for `unevaluatedItems` (2020-12).
    var annotates: Bool
}

/// The JSON types a `type` keyword accepts.
struct JSONTypeSet: OptionSet, Sendable {
    let rawValue: UInt8

    static let null = JSONTypeSet(rawValue: 1 << 0)
    static let boolean = JSONTypeSet(rawValue: 1 << 1)
    static let object = JSONTypeSet(rawValue: 1 << 2)
    static let array = JSONTypeSet(rawValue: 1 << 3)
    static let number = JSONTypeSet(rawValue: 1 << 4)
    static let string = JSONTypeSet(rawValue: 1 << 5)
    static let integer = JSONTypeSet(rawValue: 1 << 6)

    /// The draft-07 type names in the order messages list them.
    static let names: [(String, JSONTypeSet)] = [
        ("null", .null), ("boolean", .boolean), ("object", .object), ("array", .array), ("number", .number),
        ("string", .string), ("integer", .integer),
    ]

    init(rawValue: UInt8) { self.rawValue = rawValue }

    init?(name: String) {
        guard let match = Self.names.first(where: { $0.0 == name }) else { return nil }
        self = match.1
    }

    /// The names of the types in this set, such as `string or null`.
    var description: String {
        let list = Self.names.filter { contains($0.1) }.map(\.0)
        if list.count <= 1 { return list.first ?? "nothing" }
        return list.dropLast().joined(separator: ", ") + " or " + list.last!
    }
}

/// `maximum`, `exclusiveMaximum`, `minimum` or `exclusiveMinimum`.
struct NumericBound: Sendable {
    var keyword: String
    var limit: JSONValue
    var isMaximum: Bool
    var isExclusive: Bool
}

/// `properties`, `patternProperties` and `additionalProperties` of one schema, applied together because
/// `additionalProperties` depends on the other two.
struct PropertyRules: Sendable {
    /// Named properties, sorted by name so errors come out in a stable order.
    var named: [(name: String, node: Int)] = []
    var namedLookup: Set<String> = []
    var patterns: [(source: String, regex: ECMARegex, node: Int)] = []
    var additional: Int?
}

/// One member of `dependencies`.
enum Dependency: Sendable {
    case properties([String])
    case schema(Int)
}
