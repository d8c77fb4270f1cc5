import StructuredData

// `allOf`, `anyOf`, `oneOf`, `not` and `if`/`then`/`else`.

extension SchemaCompiler {
    mutating func compileApplicatorKeywords(_ context: KeywordContext, into keywords: inout [Keyword])
        throws(SchemaError)
    {
        if let nodes = try subschemaArray("allOf", in: context) { keywords.append(.allOf(nodes)) }
        if let nodes = try subschemaArray("anyOf", in: context) { keywords.append(.anyOf(nodes)) }
        if let nodes = try subschemaArray("oneOf", in: context) { keywords.append(.oneOf(nodes)) }
        if let node = try subschema("not", in: context) { keywords.append(.not(node)) }
        // `then` and `else` mean nothing without `if`, but are still checked as schemas.
        let condition = try subschema("if", in: context)
        let then = try subschema("then", in: context)
        let otherwise = try subschema("else", in: context)
        if let condition {
            keywords.append(.conditional(condition: condition, then: then, else: otherwise))
        }
    }
}

extension Validator {
    mutating func checkAllOf(_ nodes: [Int], _ instance: JSONValue) -> Bool {
        var valid = true
        for (offset, node) in nodes.enumerated()
        where !inPlace(schema: [.key("allOf"), .index(offset)], node, instance) {
            valid = false
            if !collecting { return false }
        }
        return valid
    }

    mutating func checkAnyOf(_ nodes: [Int], _ instance: JSONValue) -> Bool {
        // With annotations wanted, every passing branch counts, so all branches run.
        var matched = false
        for (offset, node) in nodes.enumerated()
        where inPlace(schema: [.key("anyOf"), .index(offset)], node, instance, recording: false, mustPass: false) {
            matched = true
            if evaluated == nil { return true }
        }
        if matched { return true }
        return fail(
            "anyOf",
            "\(Self.subject(instance)) does not match any of the \(nodes.count) schemas in \"anyOf\""
        )
    }

    mutating func checkOneOf(_ nodes: [Int], _ instance: JSONValue) -> Bool {
        var matches: [Int] = []
        for (offset, node) in nodes.enumerated()
        where inPlace(schema: [.key("oneOf"), .index(offset)], node, instance, recording: false, mustPass: false) {
            matches.append(offset)
            if matches.count > 1 && !collecting { return false }
        }
        if matches.count == 1 { return true }
        if matches.isEmpty {
            return fail(
                "oneOf",
                "\(Self.subject(instance)) does not match any of the \(nodes.count) schemas in \"oneOf\""
            )
        }
        let list = matches.map(String.init).joined(separator: ", ")
        return fail(
            "oneOf",
            "\(Self.subject(instance)) matches \(matches.count) schemas in \"oneOf\" (\(list)), "
                + "but must match exactly one"
        )
    }

    mutating func checkNot(_ node: Int, _ instance: JSONValue) -> Bool {
        let matches = detached { $0.descend(schema: [.key("not")], { $0.passes(node, instance) }) }
        if !matches { return true }
        return fail("not", "\(Self.subject(instance)) must not match the \"not\" schema")
    }

    mutating func checkConditional(_ condition: Int, then: Int?, else otherwise: Int?, _ instance: JSONValue) -> Bool {
        // Alone, `if` only matters for the annotations it contributes.
        if then == nil && otherwise == nil && evaluated == nil { return true }
        let holds = inPlace(schema: [.key("if")], condition, instance, recording: false, mustPass: false)
        if holds, let then {
            return inPlace(schema: [.key("then")], then, instance)
        }
        if !holds, let otherwise {
            return inPlace(schema: [.key("else")], otherwise, instance)
        }
        return true
    }

    /// How messages refer to an instance: scalars by value, containers by kind.
    static func subject(_ instance: JSONValue) -> String {
        switch instance {
        case .object: return "object"
        case .array: return "array"
        default: return ValueDescription.describe(instance)
        }
    }
}
