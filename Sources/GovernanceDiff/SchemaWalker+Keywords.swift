import StructuredData

/// The leaf keywords: `type`, `enum`/`const`, bounds, and the keywords the walk does not analyse.
extension SchemaWalker {
    /// The types a schema allows; nil when `type` is absent (every type).
    static func types(_ schema: [String: JSONValue]) -> Set<String>? {
        switch schema["type"] {
        case .string(let name): return [name]
        case .array(let names): return Set(names.compactMap(\.stringValue))
        default: return nil
        }
    }

    /// Whether every type `narrow` allows is allowed by `wide` (`number` allows `integer`).
    static func covers(_ wide: Set<String>?, _ narrow: Set<String>?) -> Bool {
        guard let wide else { return true }
        guard let narrow else { return false }
        return narrow.allSatisfy { wide.contains($0) || ($0 == "integer" && wide.contains("number")) }
    }

    static func describe(_ types: Set<String>?) -> String {
        guard let types else { return "any type" }
        return types.sorted().joined(separator: "|")
    }

    mutating func compareTypes(_ old: [String: JSONValue], _ new: [String: JSONValue], at pointer: String) {
        let oldTypes = Self.types(old)
        let newTypes = Self.types(new)
        let broken =
            switch direction {
            case .input: !Self.covers(newTypes, oldTypes)
            case .output: !Self.covers(oldTypes, newTypes)
            }
        if broken {
            report(.typeChanged, pointer, "type changed from \(Self.describe(oldTypes)) to \(Self.describe(newTypes))")
        }
    }

    /// The values a schema allows by `const` or `enum`; nil when it has neither.
    static func allowedValues(_ schema: [String: JSONValue]) -> [JSONValue]? {
        if let constant = schema["const"] { return [constant] }
        return schema["enum"]?.arrayValue
    }

    /// Input: every value callers could send (the old values) must still be allowed by the new schema. Output: every
    /// value the new schema lets through must be one consumers expect (the old values).
    mutating func compareEnums(_ old: [String: JSONValue], _ new: [String: JSONValue], at pointer: String) {
        let oldValues = Self.allowedValues(old)
        let newValues = Self.allowedValues(new)
        let (allowed, candidates, reason, verb) =
            switch direction {
            case .input: (newValues, oldValues, SchemaBreak.Reason.enumNarrowed, "no longer allowed")
            case .output: (oldValues, newValues, SchemaBreak.Reason.enumWidened, "newly possible")
            }
        guard let allowed else { return }
        guard let candidates else {
            let listed = allowed.map(JSONEncoding.compact).joined(separator: ", ")
            let message =
                direction == .input ? "values now restricted to \(listed)" : "values no longer restricted to \(listed)"
            return report(reason, pointer, message)
        }
        let outside = candidates.filter { value in !allowed.contains { $0.jsonEquals(value) } }
        if !outside.isEmpty {
            report(reason, pointer, "\(outside.map(JSONEncoding.compact).joined(separator: ", ")) \(verb)")
        }
    }

    /// Lower bounds: a new or larger value tightens. Upper bounds: a new or smaller value tightens.
    static let lowerBounds = ["minimum", "exclusiveMinimum", "minLength", "minItems", "minProperties"]
    static let upperBounds = ["maximum", "exclusiveMaximum", "maxLength", "maxItems", "maxProperties"]

    mutating func compareBounds(_ old: [String: JSONValue], _ new: [String: JSONValue], at pointer: String) {
        for (keywords, tighter) in [(Self.lowerBounds, true), (Self.upperBounds, false)] {
            for keyword in keywords {
                guard let newBound = new[keyword]?.doubleValue else { continue }
                let shown = JSONEncoding.compact(new[keyword] ?? .null)
                guard let oldBound = old[keyword]?.doubleValue else {
                    report(.boundTightened, pointer + "/" + keyword, "\(keyword) \(shown) added")
                    continue
                }
                if tighter ? newBound > oldBound : newBound < oldBound {
                    let was = JSONEncoding.compact(old[keyword] ?? .null)
                    report(.boundTightened, pointer + "/" + keyword, "\(keyword) changed from \(was) to \(shown)")
                }
            }
        }
        if new["uniqueItems"] == .bool(true), old["uniqueItems"] != .bool(true) {
            report(.boundTightened, pointer + "/uniqueItems", "uniqueItems now true")
        }
        if let newStep = new["multipleOf"]?.doubleValue {
            let oldStep = old["multipleOf"]?.doubleValue
            if oldStep.map({ ($0 == 0) || (newStep / $0).rounded() != newStep / $0 }) ?? true {
                report(.boundTightened, pointer + "/multipleOf", "multipleOf \(JSONEncoding.formatNumber(newStep))")
            }
        }
        if let pattern = new["pattern"], pattern != old["pattern"] {
            report(.patternChanged, pointer + "/pattern", "pattern now \(JSONEncoding.compact(pattern))")
        }
    }

    /// Keywords whose effect the walk does not work out; any difference is reported.
    static let unanalysed = [
        "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependencies", "patternProperties",
        "propertyNames", "contains", "additionalItems",
    ]

    mutating func compareUnanalysed(_ old: [String: JSONValue], _ new: [String: JSONValue], at pointer: String) {
        for keyword in Self.unanalysed {
            let same =
                switch (old[keyword], new[keyword]) {
                case (nil, nil): true
                case (let a?, let b?): a.jsonEquals(b)
                default: false
                }
            if !same { report(.compositionChanged, pointer + "/" + keyword, "\(keyword) changed; check it by hand") }
        }
    }
}
