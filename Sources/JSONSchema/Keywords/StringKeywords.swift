import StructuredData

// `maxLength`, `minLength`, `pattern` and `format`.

extension SchemaCompiler {
    mutating func compileStringKeywords(_ context: KeywordContext, into keywords: inout [Keyword]) throws(SchemaError) {
        if let limit = try nonNegativeInteger("maxLength", in: context) { keywords.append(.maxLength(limit)) }
        if let limit = try nonNegativeInteger("minLength", in: context) { keywords.append(.minLength(limit)) }
        if let value = context.member("pattern") {
            guard case .string(let source) = value else {
                throw invalid("pattern", in: context, "must be a string", got: value)
            }
            keywords.append(.pattern(try regex(source, at: context.location("pattern"))))
        }
        if let value = context.member("format") {
            guard case .string(let name) = value else {
                throw invalid("format", in: context, "must be a string", got: value)
            }
            // Unknown formats, and every format where the dialect makes `format` an annotation, never fail.
            if context.assertsFormats, let format = Format(rawValue: name) { keywords.append(.format(format)) }
        }
    }
}

extension Validator {
    /// Lengths count Unicode code points, as JSON Schema requires (not UTF-16 units or grapheme clusters).
    mutating func checkLength(_ instance: JSONValue, limit: Int, isMaximum: Bool) -> Bool {
        guard case .string(let string) = instance else { return true }
        let length = string.unicodeScalars.count
        if isMaximum ? length <= limit : length >= limit { return true }
        let counted = ValueDescription.count(length, "character")
        return isMaximum
            ? fail("maxLength", "string has \(counted), more than the maximum \(limit)")
            : fail("minLength", "string has \(counted), fewer than the minimum \(limit)")
    }

    mutating func checkPattern(_ regex: ECMARegex, _ instance: JSONValue) -> Bool {
        guard case .string(let string) = instance else { return true }
        if regex.matches(string) { return true }
        return fail(
            "pattern",
            "\(ValueDescription.describe(instance)) does not match the pattern \(ValueDescription.quote(regex.source))"
        )
    }

    mutating func checkFormat(_ format: Format, _ instance: JSONValue) -> Bool {
        guard case .string(let string) = instance else { return true }
        if format.isValid(string) { return true }
        return fail("format", "\(ValueDescription.describe(instance)) is not a valid \(format.rawValue)")
    }
}
