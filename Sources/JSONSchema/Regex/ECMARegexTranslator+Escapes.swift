// Escapes: `\d`, `\u{...}`, `\cX`, back references and the like.

extension ECMARegexTranslator {
    /// Translates the escape after `\` outside a class; returns whether the result can be quantified.
    mutating func translateAtomEscape() throws(SyntaxError) -> Bool {
        guard position < scalars.count else { throw SyntaxError(message: "pattern ends with \"\\\"") }
        let scalar = scalars[position]
        position += 1
        switch scalar {
        case "d": output += "[0-9]"
        case "D": output += "[^0-9]"
        case "w": output += "[" + Self.wordClass + "]"
        case "W": output += "[^" + Self.wordClass + "]"
        case "s": output += "[" + Self.spaceClass + "]"
        case "S": output += "[^" + Self.spaceClass + "]"
        case "b":
            output +=
                "(?:(?<=[\(Self.wordClass)])(?![\(Self.wordClass)])|(?<![\(Self.wordClass)])(?=[\(Self.wordClass)]))"
            return false
        case "B":
            output +=
                "(?:(?<=[\(Self.wordClass)])(?=[\(Self.wordClass)])|(?<![\(Self.wordClass)])(?![\(Self.wordClass)]))"
            return false
        case "1"..."9":
            var number = Int(scalar.value - 48)
            while position < scalars.count, ("0"..."9").contains(scalars[position]) {
                number = number * 10 + Int(scalars[position].value - 48)
                position += 1
            }
            backReferences.append(number)
            output += "\\\(number)"
        case "k":
            guard position < scalars.count, scalars[position] == "<" else {
                guard !strict else { throw SyntaxError(message: "\\k must be followed by <name>") }
                output += "k"
                return true
            }
            position += 1
            let name = try readGroupName()
            namedReferences.append(name)
            output += "\\k<" + name + ">"
        case "p", "P":
            output += "\\" + String(scalar) + (try readPropertyName())
        default:
            guard let value = try characterEscape(scalar, inClass: false) else {
                throw SyntaxError(message: "invalid escape \"\\\(scalar)\"")
            }
            output += Self.literal(value)
        }
        return true
    }

    /// Reads `{Name}` or `{Name=Value}` after `\p`.
    mutating func readPropertyName() throws(SyntaxError) -> String {
        guard position < scalars.count, scalars[position] == "{" else {
            throw SyntaxError(message: "\\p must be followed by {property}")
        }
        var text = "{"
        position += 1
        while position < scalars.count, scalars[position] != "}" {
            let scalar = scalars[position]
            guard scalar.isASCII,
                scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
                    || scalar == "="
            else { throw SyntaxError(message: "invalid Unicode property name") }
            text.unicodeScalars.append(scalar)
            position += 1
        }
        guard position < scalars.count, text.count > 1 else { throw SyntaxError(message: "invalid \\p{...} escape") }
        position += 1
        return text + "}"
    }

    /// The code point of a character escape (after `\`), or nil if `scalar` does not start one.
    mutating func characterEscape(_ scalar: Unicode.Scalar, inClass: Bool) throws(SyntaxError) -> UInt32? {
        switch scalar {
        case "t": return 0x09
        case "n": return 0x0A
        case "v": return 0x0B
        case "f": return 0x0C
        case "r": return 0x0D
        case "0":
            if position < scalars.count, ("0"..."9").contains(scalars[position]) {
                guard !strict else { throw SyntaxError(message: "octal escapes are not allowed") }
            }
            return 0
        case "c":
            if position < scalars.count, scalars[position].isASCII, scalars[position].properties.isAlphabetic {
                position += 1
                return scalars[position - 1].value % 32
            }
            guard !strict else { throw SyntaxError(message: "\\c must be followed by a letter") }
            position -= 1
            return UInt32(UInt8(ascii: "\\"))
        case "x":
            if let value = readHex(count: 2) { return value }
            guard !strict else { throw SyntaxError(message: "\\x must be followed by two hex digits") }
            return UInt32(UInt8(ascii: "x"))
        case "u":
            return try readUnicodeEscape()
        case "-" where inClass:
            return UInt32(UInt8(ascii: "-"))
        default:
            if Self.syntaxCharacters.contains(scalar) { return scalar.value }
            guard !strict else { return nil }
            return scalar.value
        }
    }

    mutating func readUnicodeEscape() throws(SyntaxError) -> UInt32 {
        if position < scalars.count, scalars[position] == "{" {
            var index = position + 1
            var value: UInt32 = 0
            var digits = 0
            while index < scalars.count, let digit = Self.hexDigit(scalars[index]) {
                value = value &* 16 &+ digit
                digits += 1
                index += 1
                guard value <= 0x10FFFF else { throw SyntaxError(message: "\\u{...} is beyond U+10FFFF") }
            }
            if digits > 0, index < scalars.count, scalars[index] == "}" {
                position = index + 1
                return value
            }
            guard !strict else { throw SyntaxError(message: "invalid \\u{...} escape") }
            return UInt32(UInt8(ascii: "u"))
        }
        guard let high = readHex(count: 4) else {
            guard !strict else { throw SyntaxError(message: "\\u must be followed by four hex digits") }
            return UInt32(UInt8(ascii: "u"))
        }
        if (0xD800...0xDBFF).contains(high), position + 1 < scalars.count, scalars[position] == "\\",
            scalars[position + 1] == "u"
        {
            let saved = position
            position += 2
            if let low = readHex(count: 4), (0xDC00...0xDFFF).contains(low) {
                return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            position = saved
        }
        return high
    }

    mutating func readHex(count: Int) -> UInt32? {
        guard position + count <= scalars.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<count {
            guard let digit = Self.hexDigit(scalars[position + offset]) else { return nil }
            value = value * 16 + digit
        }
        position += count
        return value
    }

    static func hexDigit(_ scalar: Unicode.Scalar) -> UInt32? {
        switch scalar {
        case "0"..."9": return scalar.value - 48
        case "a"..."f": return scalar.value - 87
        case "A"..."F": return scalar.value - 55
        default: return nil
        }
    }

    /// A code point written so ICU reads it literally in or out of a class. Lone surrogates cannot be
    /// matched in Swift strings, so they become a class that matches nothing.
    static func literal(_ value: UInt32) -> String {
        if (0xD800...0xDFFF).contains(value) { return "[^\\x{0}-\\x{10FFFF}]" }
        return "\\x{" + String(value, radix: 16) + "}"
    }
}
