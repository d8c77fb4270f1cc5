import StructuredData

// `multipleOf`, `maximum`, `exclusiveMaximum`, `minimum` and `exclusiveMinimum`.

extension SchemaCompiler {
    mutating func compileNumericKeywords(_ context: KeywordContext, into keywords: inout [Keyword]) throws(SchemaError)
    {
        if let value = context.member("multipleOf") {
            guard let divisor = value.doubleValue, divisor > 0, divisor.isFinite else {
                throw invalid("multipleOf", in: context, "must be a number greater than 0", got: value)
            }
            keywords.append(.multipleOf(value))
        }
        if context.dialect.draft == .draft4 {
            try compileDraft4Bounds(context, into: &keywords)
            return
        }
        let bounds: [(String, isMaximum: Bool, isExclusive: Bool)] = [
            ("maximum", true, false), ("exclusiveMaximum", true, true), ("minimum", false, false),
            ("exclusiveMinimum", false, true),
        ]
        for (keyword, isMaximum, isExclusive) in bounds {
            guard let value = context.member(keyword) else { continue }
            guard value.doubleValue != nil else {
                throw invalid(keyword, in: context, "must be a number", got: value)
            }
            keywords.append(
                .bound(NumericBound(keyword: keyword, limit: value, isMaximum: isMaximum, isExclusive: isExclusive))
            )
        }
    }

    /// Draft-04: `exclusiveMaximum`/`exclusiveMinimum` are booleans that make `maximum`/`minimum` exclusive.
    private func compileDraft4Bounds(_ context: KeywordContext, into keywords: inout [Keyword]) throws(SchemaError) {
        for (keyword, modifier, isMaximum) in [
            ("maximum", "exclusiveMaximum", true), ("minimum", "exclusiveMinimum", false),
        ] {
            var isExclusive = false
            if let flag = context.member(modifier) {
                guard case .bool(let exclusive) = flag else {
                    throw invalid(modifier, in: context, "must be a boolean in draft-04", got: flag)
                }
                isExclusive = exclusive
            }
            guard let value = context.member(keyword) else { continue }
            guard value.doubleValue != nil else {
                throw invalid(keyword, in: context, "must be a number", got: value)
            }
            keywords.append(
                .bound(NumericBound(keyword: keyword, limit: value, isMaximum: isMaximum, isExclusive: isExclusive))
            )
        }
    }
}

extension Validator {
    mutating func checkMultipleOf(_ divisor: JSONValue, _ instance: JSONValue) -> Bool {
        guard instance.doubleValue != nil else { return true }
        if NumberArithmetic.isMultiple(instance, of: divisor) { return true }
        return fail(
            "multipleOf",
            "\(ValueDescription.describe(instance)) is not a multiple of \(ValueDescription.describe(divisor))"
        )
    }

    mutating func checkBound(_ bound: NumericBound, _ instance: JSONValue) -> Bool {
        guard instance.doubleValue != nil else { return true }
        let order = NumberArithmetic.compare(instance, bound.limit)
        let valid: Bool
        switch (bound.isMaximum, bound.isExclusive) {
        case (true, false): valid = order <= 0
        case (true, true): valid = order < 0
        case (false, false): valid = order >= 0
        case (false, true): valid = order > 0
        }
        if valid { return true }
        let value = ValueDescription.describe(instance)
        let limit = ValueDescription.describe(bound.limit)
        let relation: String
        switch (bound.isMaximum, bound.isExclusive) {
        case (true, false): relation = "greater than the maximum \(limit)"
        case (true, true): relation = "not less than the exclusive maximum \(limit)"
        case (false, false): relation = "less than the minimum \(limit)"
        case (false, true): relation = "not greater than the exclusive minimum \(limit)"
        }
        return fail(bound.keyword, "\(value) is \(relation)")
    }
}
