import StructuredData

// `prefixItems`, `items`, `additionalItems`, `maxItems`, `minItems`, `uniqueItems`, `contains`,
// `minContains` and `maxContains`.

extension SchemaCompiler {
    mutating func compileArrayKeywords(_ context: KeywordContext, into keywords: inout [Keyword]) throws(SchemaError) {
        if context.dialect.draft >= .draft202012 {
            try compileItems2020(context, into: &keywords)
        } else {
            try compileItemsBefore2020(context, into: &keywords)
        }
        if let limit = try nonNegativeInteger("maxItems", in: context) { keywords.append(.maxItems(limit)) }
        if let limit = try nonNegativeInteger("minItems", in: context) { keywords.append(.minItems(limit)) }
        if let value = context.member("uniqueItems") {
            guard case .bool(let unique) = value else {
                throw invalid("uniqueItems", in: context, "must be a boolean", got: value)
            }
            if unique { keywords.append(.uniqueItems) }
        }
        if let node = try subschema("contains", in: context) {
            let minimum = try nonNegativeInteger("minContains", in: context)
            let maximum = try nonNegativeInteger("maxContains", in: context)
            keywords.append(
                .contains(
                    ContainsRule(
                        node: node,
                        minimum: minimum ?? 1,
                        maximum: maximum,
                        hasMinimumKeyword: minimum != nil,
                        annotates: context.dialect.draft >= .draft202012
                    )
                )
            )
        }
    }

    /// `items` (one schema, or an array of them followed by `additionalItems`), before 2020-12.
    private mutating func compileItemsBefore2020(_ context: KeywordContext, into keywords: inout [Keyword])
        throws(SchemaError)
    {
        let additional = try subschema("additionalItems", in: context)
        switch context.member("items") {
        case .array(let elements)?:
            var nodes: [Int] = []
            for offset in elements.indices {
                nodes.append(try subschema(at: context.location("items").appending(String(offset)), in: context))
            }
            keywords.append(
                .tupleItems(
                    TupleItems(nodes: nodes, keyword: "items", rest: additional, restKeyword: "additionalItems")
                )
            )
        case .some:
            // The schema form applies to every item; `additionalItems` then has no effect.
            keywords.append(.items(try subschema(at: context.location("items"), in: context)))
        case nil:
            break
        }
    }

    /// `prefixItems` and `items` (the schema for the items after the prefix), in 2020-12.
    private mutating func compileItems2020(_ context: KeywordContext, into keywords: inout [Keyword])
        throws(SchemaError)
    {
        if let value = context.member("items"), case .array = value {
            throw invalid(
                "items",
                in: context,
                "must be a schema in 2020-12 (use \"prefixItems\" for tuples)",
                got: value
            )
        }
        let rest = try subschema("items", in: context)
        if let prefix = try subschemaArray("prefixItems", in: context) {
            keywords.append(
                .tupleItems(TupleItems(nodes: prefix, keyword: "prefixItems", rest: rest, restKeyword: "items"))
            )
        } else if let rest {
            keywords.append(.items(rest))
        }
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
        if evaluated != nil { evaluated!.allItems = true }
        return valid
    }

    mutating func checkTupleItems(_ tuple: TupleItems, _ instance: JSONValue) -> Bool {
        guard case .array(let elements) = instance else { return true }
        var valid = true
        for (offset, element) in elements.enumerated() {
            let passed: Bool
            if offset < tuple.nodes.count {
                let node = tuple.nodes[offset]
                passed = descend(schema: [.key(tuple.keyword), .index(offset)], instance: .index(offset)) {
                    $0.validate(node, element)
                }
            } else if let rest = tuple.rest {
                if case .boolean(false) = self.nodes[rest] {
                    let count = tuple.nodes.count
                    fail(
                        tuple.restKeyword,
                        "array has \(ValueDescription.count(elements.count, "item")), but at most \(count) "
                            + "\(count == 1 ? "is" : "are") allowed"
                    )
                    return false
                }
                passed = descend(schema: [.key(tuple.restKeyword)], instance: .index(offset)) {
                    $0.validate(rest, element)
                }
            } else {
                break
            }
            if !passed {
                valid = false
                if !collecting { return false }
            }
        }
        if evaluated != nil {
            evaluated!.itemPrefix = max(evaluated!.itemPrefix, min(elements.count, tuple.nodes.count))
            if tuple.rest != nil { evaluated!.allItems = true }
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

    mutating func checkContains(_ rule: ContainsRule, _ instance: JSONValue) -> Bool {
        guard case .array(let elements) = instance else { return true }
        let annotating = rule.annotates && evaluated != nil
        // Without bounds or annotations to honour, the first match settles it.
        let stopAtFirst = !annotating && rule.maximum == nil && rule.minimum <= 1
        var matches = 0
        for (offset, element) in elements.enumerated()
        where descend(schema: [.key("contains")], instance: .index(offset), { $0.passes(rule.node, element) }) {
            matches += 1
            if annotating { evaluated!.items.insert(offset) }
            if stopAtFirst { break }
        }
        if matches < rule.minimum {
            if rule.hasMinimumKeyword {
                return fail(
                    "minContains",
                    "array has \(ValueDescription.count(matches, "item")) matching the \"contains\" schema, "
                        + "fewer than the minimum \(rule.minimum)"
                )
            }
            return fail(
                "contains",
                elements.isEmpty
                    ? "array is empty, but must contain an item that matches the \"contains\" schema"
                    : "no item of the array matches the \"contains\" schema"
            )
        }
        if let maximum = rule.maximum, matches > maximum {
            return fail(
                "maxContains",
                "array has \(ValueDescription.count(matches, "item")) matching the \"contains\" schema, "
                    + "more than the maximum \(maximum)"
            )
        }
        return true
    }
}
