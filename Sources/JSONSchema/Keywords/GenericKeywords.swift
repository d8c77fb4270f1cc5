import StructuredData

// `type`, `enum` and `const`: the keywords that apply to every kind of value.

extension SchemaCompiler {
    mutating func compileGenericKeywords(_ context: KeywordContext, into keywords: inout [Keyword]) throws(SchemaError)
    {
        if let value = context.member("type") {
            keywords.append(.type(try typeSet(value, in: context)))
        }
        if let value = context.member("enum") {
            guard case .array(let values) = value else {
                throw invalid("enum", in: context, "must be an array", got: value)
            }
            keywords.append(.enumeration(values))
        }
        if let value = context.member("const") {
            keywords.append(.constant(value))
        }
    }

    private func typeSet(_ value: JSONValue, in context: KeywordContext) throws(SchemaError) -> JSONTypeSet {
        let names: [JSONValue]
        switch value {
        case .string: names = [value]
        case .array(let elements) where !elements.isEmpty: names = elements
        default: throw invalid("type", in: context, "must be a type name or a non-empty array of them", got: value)
        }
        var types: JSONTypeSet = []
        for name in names {
            guard case .string(let text) = name, let type = JSONTypeSet(name: text) else {
                throw invalid(
                    "type",
                    in: context,
                    "must name null, boolean, object, array, number, string or integer",
                    got: name
                )
            }
            types.insert(type)
        }
        return types
    }
}

extension Validator {
    mutating func checkType(_ types: JSONTypeSet, _ instance: JSONValue) -> Bool {
        let matches: Bool
        switch instance {
        case .null: matches = types.contains(.null)
        case .bool: matches = types.contains(.boolean)
        case .object: matches = types.contains(.object)
        case .array: matches = types.contains(.array)
        case .string: matches = types.contains(.string)
        case .integer: matches = types.contains(.integer) || types.contains(.number)
        case .number(let number):
            matches = types.contains(.number) || (types.contains(.integer) && number.rounded() == number)
        }
        if matches { return true }
        return fail("type", "expected \(types.description), got \(Self.typeName(of: instance))")
    }

    /// The JSON type of `value` as draft-07 names it; `1.0` is an integer.
    static func typeName(of value: JSONValue) -> String {
        if case .number(let number) = value, number.rounded() == number { return "integer" }
        return value.typeName
    }

    mutating func checkEnum(_ values: [JSONValue], _ instance: JSONValue) -> Bool {
        if values.contains(where: { ValueEquality.equal($0, instance) }) { return true }
        return fail("enum", "\(ValueDescription.describe(instance)) is not one of \(Self.list(values))")
    }

    mutating func checkConst(_ value: JSONValue, _ instance: JSONValue) -> Bool {
        if ValueEquality.equal(value, instance) { return true }
        return fail(
            "const",
            "\(ValueDescription.describe(instance)) is not the required value \(ValueDescription.describe(value))"
        )
    }

    /// `"a", "b" or "c"`, shortened after ten values.
    private static func list(_ values: [JSONValue]) -> String {
        var shown = values.prefix(10).map(ValueDescription.describe)
        if values.count > 10 { shown.append("\(values.count - 10) more") }
        if shown.count <= 1 { return shown.first ?? "nothing" }
        return shown.dropLast().joined(separator: ", ") + " or " + shown.last!
    }
}
