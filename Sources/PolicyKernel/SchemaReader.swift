import StructuredData

/// Reads a parsed document against the policy schema's rules, turning every violation into a ``PolicyError`` that
/// names the file position and the field path.
struct SchemaReader {
    let document: Document

    func failure(
        _ code: PolicyError.Code,
        at pointer: String,
        _ message: String,
        hint: String? = nil
    ) -> PolicyError {
        PolicyError(
            code: code,
            location: document.location(of: pointer),
            field: JSONPointer.fieldPath(pointer),
            message: message,
            hint: hint
        )
    }

    /// The members of an object whose keys must all be in `allowed` (a strict schema object).
    func strictObject(
        _ value: JSONValue,
        at pointer: String,
        what: String,
        allowed: [String]
    ) throws(PolicyError) -> [String: JSONValue] {
        let members = try object(value, at: pointer, what: what)
        for key in members.keys.sorted() where !allowed.contains(key) {
            throw failure(
                .unknownField,
                at: JSONPointer.appending(pointer, key),
                "unknown key \(goQuote(key)) in \(what)",
                hint: "valid keys: " + allowed.joined(separator: ", ")
            )
        }
        return members
    }

    func object(_ value: JSONValue, at pointer: String, what: String) throws(PolicyError) -> [String: JSONValue] {
        guard case .object(let members) = value else {
            throw typeFailure(value, at: pointer, expected: "a mapping (\(what))")
        }
        return members
    }

    func array(_ value: JSONValue, at pointer: String) throws(PolicyError) -> [JSONValue] {
        guard case .array(let elements) = value else { throw typeFailure(value, at: pointer, expected: "a list") }
        return elements
    }

    func string(_ value: JSONValue, at pointer: String) throws(PolicyError) -> String {
        guard case .string(let text) = value else {
            throw typeFailure(value, at: pointer, expected: "a string", hint: quoteHint(value))
        }
        return text
    }

    func bool(_ value: JSONValue, at pointer: String) throws(PolicyError) -> Bool {
        guard case .bool(let flag) = value else {
            throw typeFailure(value, at: pointer, expected: "true or false")
        }
        return flag
    }

    /// A list of strings.
    func strings(_ value: JSONValue, at pointer: String) throws(PolicyError) -> [String] {
        let elements = try array(value, at: pointer)
        var result: [String] = []
        result.reserveCapacity(elements.count)
        for (index, element) in elements.enumerated() {
            result.append(try string(element, at: JSONPointer.appending(pointer, index)))
        }
        return result
    }

    /// A mapping of strings to strings.
    func stringMap(_ value: JSONValue, at pointer: String, what: String) throws(PolicyError) -> [String: String] {
        var result: [String: String] = [:]
        for (key, element) in try object(value, at: pointer, what: what).sorted(by: { $0.key < $1.key }) {
            result[key] = try string(element, at: JSONPointer.appending(pointer, key))
        }
        return result
    }

    /// A whole number from 0 to `maximum`.
    func count(_ value: JSONValue, at pointer: String, maximum: Int) throws(PolicyError) -> Int {
        let number: Int
        switch value {
        case .integer(let whole): number = whole
        case .number(let real) where real.rounded() == real && abs(real) < 9.2e18: number = Int(real)
        default: throw typeFailure(value, at: pointer, expected: "a whole number")
        }
        guard number >= 0 else {
            throw failure(.outOfRange, at: pointer, "\(number) is negative", hint: "use 0 or more")
        }
        guard number <= maximum else {
            throw failure(.outOfRange, at: pointer, "\(number) is too large", hint: "use at most \(maximum)")
        }
        return number
    }

    private func typeFailure(
        _ value: JSONValue,
        at pointer: String,
        expected: String,
        hint: String? = nil
    ) -> PolicyError {
        failure(.invalidField, at: pointer, "expected \(expected), found \(describe(value))", hint: hint)
    }

    private func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "nothing (null)"
        case .bool(let flag): "the boolean \(flag)"
        case .integer(let number): "the number \(number)"
        case .number(let number): "the number \(JSONEncoding.formatNumber(number))"
        case .string(let text): "the string \(goQuote(text))"
        case .array: "a list"
        case .object: "a mapping"
        }
    }

    private func quoteHint(_ value: JSONValue) -> String? {
        switch value {
        case .bool, .integer, .number: "quote the value to make it a string"
        default: nil
        }
    }
}
