import StructuredData

// `unevaluatedProperties` and `unevaluatedItems` (2019-09 and later): they apply to the members that no
// other keyword of the schema, or of its passing in-place subschemas (`allOf`, `$ref`, `then`, ...),
// evaluated.

extension SchemaCompiler {
    mutating func compileUnevaluatedKeywords(_ context: KeywordContext, into keywords: inout [Keyword])
        throws(SchemaError)
    {
        if let node = try subschema("unevaluatedItems", in: context) { keywords.append(.unevaluatedItems(node)) }
        if let node = try subschema("unevaluatedProperties", in: context) {
            keywords.append(.unevaluatedProperties(node))
        }
    }
}

extension Validator {
    mutating func checkUnevaluatedProperties(_ node: Int, _ instance: JSONValue) -> Bool {
        guard case .object(let members) = instance, let seen = evaluated, !seen.allProperties else { return true }
        var valid = true
        for name in members.keys.sorted() where !seen.properties.contains(name) {
            let passed: Bool
            if case .boolean(false) = nodes[node] {
                passed = fail(
                    "unevaluatedProperties",
                    "property \(ValueDescription.quote(name)) is not allowed: no keyword of the schema accepts it",
                    instance: .key(name)
                )
            } else {
                let value = members[name]!
                passed = descend(schema: [.key("unevaluatedProperties")], instance: .key(name)) {
                    $0.validate(node, value)
                }
            }
            if !passed {
                valid = false
                if !collecting { return false }
            }
        }
        evaluated!.allProperties = true
        return valid
    }

    mutating func checkUnevaluatedItems(_ node: Int, _ instance: JSONValue) -> Bool {
        guard case .array(let elements) = instance, let seen = evaluated, !seen.allItems else { return true }
        var valid = true
        for (offset, element) in elements.enumerated()
        where offset >= seen.itemPrefix && !seen.items.contains(offset) {
            let passed: Bool
            if case .boolean(false) = nodes[node] {
                passed = fail(
                    "unevaluatedItems",
                    "item \(offset) is not allowed: no keyword of the schema accepts it",
                    instance: .index(offset)
                )
            } else {
                passed = descend(schema: [.key("unevaluatedItems")], instance: .index(offset)) {
                    $0.validate(node, element)
                }
            }
            if !passed {
                valid = false
                if !collecting { return false }
            }
        }
        evaluated!.allItems = true
        return valid
    }
}
