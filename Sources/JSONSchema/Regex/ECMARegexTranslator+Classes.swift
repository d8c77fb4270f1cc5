// Character classes: `[...]`, `[^...]`, ranges and class escapes.

extension ECMARegexTranslator {
    enum ClassItem {
        case character(UInt32)
        case set(String)
    }

    mutating func translateClass() throws(SyntaxError) {
        var negated = false
        if position < scalars.count, scalars[position] == "^" {
            negated = true
            position += 1
        }
        var items: [ClassItem] = []
        var closed = false
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            if scalar == "]" {
                closed = true
                break
            }
            let item = try classAtom(scalar)
            // A range `a-b`, unless the `-` is the last thing in the class.
            if position + 1 < scalars.count, scalars[position] == "-", scalars[position + 1] != "]" {
                position += 1
                let endScalar = scalars[position]
                position += 1
                let end = try classAtom(endScalar)
                if case .character(let low) = item, case .character(let high) = end {
                    guard low <= high else { throw SyntaxError(message: "range out of order in character class") }
                    items.append(.set(Self.literal(low) + "-" + Self.literal(high)))
                } else {
                    guard !strict else { throw SyntaxError(message: "a class escape cannot be a range bound") }
                    items.append(item)
                    items.append(.character(UInt32(UInt8(ascii: "-"))))
                    items.append(end)
                }
            } else {
                items.append(item)
            }
        }
        guard closed else { throw SyntaxError(message: "missing \"]\"") }
        if items.isEmpty {
            output += negated ? "[\\x{0}-\\x{10FFFF}]" : "[^\\x{0}-\\x{10FFFF}]"
            return
        }
        output += negated ? "[^" : "["
        for item in items {
            switch item {
            case .character(let value): output += Self.literal(value)
            case .set(let text): output += text
            }
        }
        output += "]"
    }

    mutating func classAtom(_ scalar: Unicode.Scalar) throws(SyntaxError) -> ClassItem {
        guard scalar == "\\" else { return .character(scalar.value) }
        guard position < scalars.count else { throw SyntaxError(message: "pattern ends with \"\\\"") }
        let escaped = scalars[position]
        position += 1
        switch escaped {
        case "d": return .set("0-9")
        case "D": return .set("[^0-9]")
        case "w": return .set(Self.wordClass)
        case "W": return .set("[^" + Self.wordClass + "]")
        case "s": return .set(Self.spaceClass)
        case "S": return .set("[^" + Self.spaceClass + "]")
        case "b": return .character(0x08)
        case "p", "P": return .set("\\" + String(escaped) + (try readPropertyName()))
        default:
            guard let value = try characterEscape(escaped, inClass: true) else {
                throw SyntaxError(message: "invalid escape \"\\\(escaped)\" in character class")
            }
            return .character(value)
        }
    }
}
