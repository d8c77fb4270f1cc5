import StructuredData

// `items`, `additionalItems`, `maxItems`, `minItems`, `uniqueItems` and `contains`.

extension SchemaCompiler {
    mutating func compileArrayKeywords(_ context: KeywordContext, into keywords: inout [Keyword]) throws(SchemaError) {
        let additional = try subschema("additionalItems", in: context)
        switch context.members["items"] {
        case .array(let elements)?:
            var nodes: [Int] = []
            for offset in elements.indices {
                nodes.append(try subschema(at: context.location("items").appending(String(offset)), in: context))
            }
            keywords.append(.tupleItems(nodes, additional: additional))
        case .some:
            // The schema form applies to every item; `additionalItems` then has no effect.
            keywords.append(.items(try subschema(at: context.location("items"), in: context)))
        case nil:
            break
        }
        if let limit = try nonNegativeInteger("maxItems", in: context) { keywords.append(.maxItems(limit)) }
        if let limit = try nonNegativeInteger("minItems", in: context) { keywords.append(.minItems(limit)) }
        if let value = context.members["uniqueItems"] {
            guard case .bool(let unique) = value else {
                throw invalid("uniqueItems", in: context, "must be a boolean", got: value)
            }
            if unique { keywords.append(.uniqueItems) }
        }
        if let node = try subschema("contains", in: context) { keywords.append(.contains(node)) }
    }
}

extension Validator {
    mutating func checkItems(_ node: Int, _ instance: JSONValue) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var valid = true
        for (offset, element) in elements.enumerated() {
            if !descend(schema: [.key("items")], instance: .index(offset), { $0.validate(node, element) }) {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    mutating func checkTupleItems(_ nodes: [Int], additional: Int?, _ instance: JSONValue) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var valid = true
        for (offset, element) in elements.enumerated() {
            let passed: Bool
            if offset < nodes.count {
                let node = nodes[offset]
                passed = descend(schema: [.key("items"), .index(offset)], instance: .index(offset)) {
                    $0.validate(node, element)
                }
            } else if let additional {
                if case .boolean(false) = self.nodes[additional] {
                    fail(
                        "additionalItems",
                        "array has \(ValueDescription.count(elements.count, "item")), but at most \(nodes.count) "
                            + "\(nodes.count == 1 ? "is" : "are") allowed"
                    )
                    return false
                }
                passed = descend(schema: [.key("additionalItems")], instance: .index(offset)) {
                    $0.validate(additional, element)
                }
            } else {
                break
            }
            if !passed {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    mutating func checkItemCount(_ instance: JSONValue, limit: Int, isMaximum: Bool) -> Bool {
        guard case .array(let elements) = instance else { return true }
        if isMaximum ? elements.count <= limit : elements.count >= limit { return true }
        let counted = ValueDescription.count(elements.count, "item")
        return isMaximum
            ? fail("maxItems", "array has \(counted), more than the maximum \(limit)")
            : fail("minItems", "array has \(counted), fewer than the minimum \(limit)")
    }

    mutating func checkUniqueItems(_ instance: JSONValue) -> Bool {
        guard case .array(let elements) = instance, elements.count > 1 else { return true }
        var seen: [ValueEquality.Key: Int] = [:]
        for (offset, element) in elements.enumerated() {
            let key = ValueEquality.key(element)
            if let first = seen[key] {
                return fail("uniqueItems", "array items \(first) and \(offset) are equal, but items must be unique")
            }
            seen[key] = offset
        }
        return true
    }

    mutating func checkContains(_ node: Int, _ instance: JSONValue) -> Bool {
        guard case .array(let elements) = instance else { return true }
        for (offset, element) in elements.enumerated()
        where descend(schema: [.key("contains")], instance: .index(offset), { $0.passes(node, element) }) {
            return true
        }
        return fail(
            "contains",
            elements.isEmpty
                ? "array is empty, but must contain an item that matches the \"contains\" schema"
                : "no item of the array matches the \"contains\" schema"
        )
    }
}
