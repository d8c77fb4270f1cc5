import StructuredData

/// How messages show instance and schema values: JSON text, quoted strings, shortened when long.
enum ValueDescription {
    private static let limit = 60

    /// `"abc"`, `12`, `true`, `{"a":1}`; long values end in `…`.
    static func describe(_ value: JSONValue) -> String {
        let text: String
        switch value {
        case .integer(let integer): return String(integer)
        case .number(let number): return JSONEncoding.formatNumber(number)
        case .bool(let flag): return flag ? "true" : "false"
        case .null: return "null"
        case .string, .array, .object: text = JSONEncoding.compact(value)
        }
        guard text.unicodeScalars.count > limit else { return text }
        var shortened = String(String.UnicodeScalarView(text.unicodeScalars.prefix(limit - 1)))
        shortened += "…"
        if case .string = value { shortened += "\"" }
        return shortened
    }

    /// A quoted name, such as a property name: `"name"`.
    static func quote(_ name: String) -> String {
        describe(.string(name))
    }

    /// `1 item` or `3 items`.
    static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) \(count == 1 ? noun : plural ?? noun + "s")"
    }
}
