import StructuredData

/// JSON Schema equality for `enum`, `const` and `uniqueItems`: numbers by value (`1` equals `1.0`) and
/// strings by code points (unlike Swift's `==`, which treats `"é"` and `"e\u{301}"` as equal).
enum ValueEquality {
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a.unicodeScalars.elementsEqual(b.unicodeScalars)
        case (.integer, .integer), (.integer, .number), (.number, .integer), (.number, .number):
            return NumberArithmetic.compare(lhs, rhs) == 0
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let index = b.index(forKey: key), b.keys[index].unicodeScalars.elementsEqual(key.unicodeScalars),
                    equal(value, b.values[index])
                else { return false }
            }
            return true
        default:
            return false
        }
    }

    /// A hashable form of a value whose equality is ``equal(_:_:)``.
    indirect enum Key: Hashable {
        case null
        case bool(Bool)
        case integer(Int)
        case number(Double)
        case string([UInt8])
        case array([Key])
        case object([[UInt8]: Key])
    }

    static func key(_ value: JSONValue) -> Key {
        switch value {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .integer(let integer): return .integer(integer)
        case .number(let number):
            if number.rounded() == number, abs(number) < 9.2e18 { return .integer(Int(number)) }
            return .number(number)
        case .string(let string): return .string(Array(string.utf8))
        case .array(let elements): return .array(elements.map(key))
        case .object(let members):
            var result: [[UInt8]: Key] = [:]
            for (name, member) in members { result[Array(name.utf8)] = key(member) }
            return .object(result)
        }
    }
}
