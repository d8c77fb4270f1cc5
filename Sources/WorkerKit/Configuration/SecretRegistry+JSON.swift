public import StructuredData

extension SecretRegistry {
    /// `value` with every registered secret masked in its strings and object keys.
    public func scrub(_ value: JSONValue) -> JSONValue {
        guard count > 0 else { return value }
        switch value {
        case .string(let text): return .string(scrub(text))
        case .array(let items): return .array(items.map(scrub))
        case .object(let members):
            var result: [String: JSONValue] = [:]
            for (key, member) in members { result[scrub(key)] = scrub(member) }
            return .object(result)
        case .null, .bool, .integer, .number: return value
        }
    }
}
