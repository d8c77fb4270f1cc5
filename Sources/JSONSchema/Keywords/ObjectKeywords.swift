import StructuredData

// `maxProperties`, `minProperties`, `required`, `properties`, `patternProperties`, `additionalProperties`,
// `dependencies` and `propertyNames`.

extension SchemaCompiler {
    mutating func compileObjectKeywords(_ context: KeywordContext, into keywords: inout [Keyword]) throws(SchemaError) {
        if let limit = try nonNegativeInteger("maxProperties", in: context) { keywords.append(.maxProperties(limit)) }
        if let limit = try nonNegativeInteger("minProperties", in: context) { keywords.append(.minProperties(limit)) }
        if let value = context.member("required") {
            let names = try stringArray("required", at: context.location("required"), value)
            if !names.isEmpty { keywords.append(.required(names)) }
        }
        if let rules = try propertyRules(context) { keywords.append(.properties(rules)) }
        if let value = context.member("dependencies") {
            keywords.append(.dependencies("dependencies", try dependencies("dependencies", value, in: context)))
        }
        if let value = context.member("dependentRequired") {
            keywords.append(
                .dependencies("dependentRequired", try dependencies("dependentRequired", value, in: context))
            )
        }
        if let value = context.member("dependentSchemas") {
            keywords.append(.dependencies("dependentSchemas", try dependencies("dependentSchemas", value, in: context)))
        }
        if let node = try subschema("propertyNames", in: context) { keywords.append(.propertyNames(node)) }
    }

    private mutating func propertyRules(_ context: KeywordContext) throws(SchemaError) -> PropertyRules? {
        var rules = PropertyRules()
        var present = false
        if let value = context.member("properties") {
            guard case .object(let members) = value else {
                throw invalid("properties", in: context, "must be an object of schemas", got: value)
            }
            present = true
            for name in members.keys.sorted() {
                let node = try subschema(at: context.location("properties").appending(name), in: context)
                rules.named.append((name, node))
                rules.namedLookup.insert(name)
            }
        }
        if let value = context.member("patternProperties") {
            guard case .object(let members) = value else {
                throw invalid("patternProperties", in: context, "must be an object of schemas", got: value)
            }
            present = true
            for source in members.keys.sorted() {
                let location = context.location("patternProperties").appending(source)
                let compiled = try regex(source, at: location)
                rules.patterns.append((source, compiled, try subschema(at: location, in: context)))
            }
        }
        if let node = try subschema("additionalProperties", in: context) {
            present = true
            rules.additional = node
        }
        return present ? rules : nil
    }

    /// `dependencies` (arrays of names or schemas), `dependentRequired` (arrays of names) or
    /// `dependentSchemas` (schemas).
    private mutating func dependencies(_ keyword: String, _ value: JSONValue, in context: KeywordContext)
        throws(SchemaError) -> [(name: String, dependency: Dependency)]
    {
        guard case .object(let members) = value else {
            throw invalid(keyword, in: context, "must be an object", got: value)
        }
        var result: [(name: String, dependency: Dependency)] = []
        for name in members.keys.sorted() {
            let location = context.location(keyword).appending(name)
            switch members[name]! {
            case .array(let elements) where keyword != "dependentSchemas":
                let names = try stringArray(keyword, at: location, .array(elements))
                result.append((name, .properties(names)))
            case let other where keyword == "dependentRequired":
                throw error(
                    .invalidSchema,
                    at: location,
                    "\"dependentRequired\" must map names to arrays of strings, got \(other.typeName)"
                )
            default:
                result.append((name, .schema(try subschema(at: location, in: context))))
            }
        }
        return result
    }
}

extension Validator {
    mutating func checkPropertyCount(_ instance: JSONValue, limit: Int, isMaximum: Bool) -> Bool {
        guard case .object(let members) = instance else { return true }
        if isMaximum ? members.count <= limit : members.count >= limit { return true }
        let counted = ValueDescription.count(members.count, "property", plural: "properties")
        return isMaximum
            ? fail("maxProperties", "object has \(counted), more than the maximum \(limit)")
            : fail("minProperties", "object has \(counted), fewer than the minimum \(limit)")
    }

    mutating func checkRequired(_ names: [String], _ instance: JSONValue) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for name in names where members[name] == nil {
            valid = false
            fail("required", "missing required property \(ValueDescription.quote(name))")
            if !collecting { return false }
        }
        return valid
    }

    mutating func checkProperties(_ rules: PropertyRules, _ instance: JSONValue) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for (name, node) in rules.named {
            guard let value = members[name] else { continue }
            noteEvaluated(property: name)
            let passed = descend(schema: [.key("properties"), .key(name)], instance: .key(name)) {
                $0.validate(node, value)
            }
            if !passed {
                valid = false
                if !collecting { return false }
            }
        }
        guard !rules.patterns.isEmpty || rules.additional != nil else { return valid }
        if rules.additional != nil, evaluated != nil { evaluated!.allProperties = true }
        for name in members.keys.sorted() {
            let value = members[name]!
            var matched = rules.namedLookup.contains(name)
            for (source, regex, node) in rules.patterns where regex.matches(name) {
                matched = true
                noteEvaluated(property: name)
                let passed = descend(schema: [.key("patternProperties"), .key(source)], instance: .key(name)) {
                    $0.validate(node, value)
                }
                if !passed {
                    valid = false
                    if !collecting { return false }
                }
            }
            guard !matched, let additional = rules.additional else { continue }
            let passed: Bool
            if case .boolean(false) = nodes[additional] {
                passed = fail(
                    "additionalProperties",
                    "property \(ValueDescription.quote(name)) is not allowed",
                    instance: .key(name)
                )
            } else {
                passed = descend(schema: [.key("additionalProperties")], instance: .key(name)) {
                    $0.validate(additional, value)
                }
            }
            if !passed {
                valid = false
                if !collecting { return false }
            }
        }
        return valid
    }

    mutating func checkDependencies(
        _ keyword: String,
        _ dependencies: [(name: String, dependency: Dependency)],
        _ instance: JSONValue
    ) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for (name, dependency) in dependencies where members[name] != nil {
            switch dependency {
            case .properties(let required):
                for other in required where members[other] == nil {
                    valid = false
                    fail(
                        keyword,
                        "property \(ValueDescription.quote(other)) is required when "
                            + "\(ValueDescription.quote(name)) is present",
                        schema: [.key(keyword), .key(name)]
                    )
                    if !collecting { return false }
                }
            case .schema(let node):
                if !inPlace(schema: [.key(keyword), .key(name)], node, instance) {
                    valid = false
                    if !collecting { return false }
                }
            }
        }
        return valid
    }

    /// Each property name is validated as a string; a failure is reported at the property.
    mutating func checkPropertyNames(_ node: Int, _ instance: JSONValue) -> Bool {
        guard case .object(let members) = instance else { return true }
        var valid = true
        for name in members.keys.sorted() {
            let mark = errors.count
            let passed = detached {
                $0.descend(schema: [.key("propertyNames")], { $0.validate(node, .string(name)) })
            }
            if passed { continue }
            valid = false
            guard collecting else { return false }
            // Report one error at the property, giving the first reason the name failed.
            let reason = errors.count > mark ? ": " + errors[mark].message : ""
            errors.removeSubrange(mark...)
            fail(
                "propertyNames",
                "property name \(ValueDescription.quote(name)) is not allowed\(reason)",
                instance: .key(name)
            )
        }
        return valid
    }
}
