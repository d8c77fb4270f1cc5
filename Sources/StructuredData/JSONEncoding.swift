/// Encodes ``JSONValue`` as text.
public enum JSONEncoding {
    /// Go `encoding/json`-compatible canonical JSON: keys sorted by bytes, no whitespace, `<`, `>`, `&`,
    /// U+2028 and U+2029 escaped, and numbers formatted as Go formats `float64`. Digests computed over this
    /// text equal Cordum's.
    public static func canonical(_ value: JSONValue) -> String {
        var output = ""
        write(value, into: &output, indent: nil, level: 0, htmlSafe: true)
        return output
    }

    /// Human-readable JSON: sorted keys, two-space indentation, no HTML escaping.
    public static func pretty(_ value: JSONValue) -> String {
        var output = ""
        write(value, into: &output, indent: "  ", level: 0, htmlSafe: false)
        return output
    }

    /// Compact JSON with sorted keys and no HTML escaping.
    public static func compact(_ value: JSONValue) -> String {
        var output = ""
        write(value, into: &output, indent: nil, level: 0, htmlSafe: false)
        return output
    }

    private static func write(
        _ value: JSONValue,
        into output: inout String,
        indent: String?,
        level: Int,
        htmlSafe: Bool
    ) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .integer(let integer): output += String(integer)
        case .number(let number): output += formatNumber(number)
        case .string(let string): writeString(string, into: &output, htmlSafe: htmlSafe)
        case .array(let elements):
            guard !elements.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (offset, element) in elements.enumerated() {
                if offset > 0 { output += "," }
                newline(&output, indent: indent, level: level + 1)
                write(element, into: &output, indent: indent, level: level + 1, htmlSafe: htmlSafe)
            }
            newline(&output, indent: indent, level: level)
            output += "]"
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            let keys = members.keys.sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for (offset, key) in keys.enumerated() {
                if offset > 0 { output += "," }
                newline(&output, indent: indent, level: level + 1)
                writeString(key, into: &output, htmlSafe: htmlSafe)
                output += indent == nil ? ":" : ": "
                write(members[key]!, into: &output, indent: indent, level: level + 1, htmlSafe: htmlSafe)
            }
            newline(&output, indent: indent, level: level)
            output += "}"
        }
    }

    private static func newline(_ output: inout String, indent: String?, level: Int) {
        guard let indent else { return }
        output += "\n"
        for _ in 0..<level { output += indent }
    }

    private static let hexDigits = Array("0123456789abcdef")

    private static func writeString(_ string: String, into output: inout String, htmlSafe: Bool) {
        output += "\""
        for scalar in string.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case "\u{08}": output += "\\b"
            case "\u{0C}": output += "\\f"
            case "<", ">", "&":
                if htmlSafe {
                    appendUnicodeEscape(scalar.value, into: &output)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            case "\u{2028}", "\u{2029}":
                appendUnicodeEscape(scalar.value, into: &output)
            default:
                if scalar.value < 0x20 {
                    appendUnicodeEscape(scalar.value, into: &output)
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
        output += "\""
    }

    private static func appendUnicodeEscape(_ value: UInt32, into output: inout String) {
        output += "\\u"
        for shift in stride(from: 12, through: 0, by: -4) {
            output.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
        }
    }

    /// Formats a double the way Go's `encoding/json` does: the shortest round-trip digits, in plain
    /// notation unless the magnitude is below 1e-6 or at least 1e21, where it uses `1e-07` → `1e-7` style.
    public static func formatNumber(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == 0 { return number.sign == .minus ? "-0" : "0" }
        let (digits, exponent) = shortestDigits(abs(number))
        let sign = number < 0 ? "-" : ""
        let magnitude = abs(number)
        if magnitude < 1e-6 || magnitude >= 1e21 {
            var mantissa = String(digits.first!)
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let e = exponent - 1
            return sign + mantissa + "e" + (e < 0 ? "-" : "+") + String(abs(e))
        }
        // Plain notation: value = 0.digits × 10^exponent.
        if exponent <= 0 {
            return sign + "0." + String(repeating: "0", count: -exponent) + digits
        }
        if exponent >= digits.count {
            return sign + digits + String(repeating: "0", count: exponent - digits.count)
        }
        let split = digits.index(digits.startIndex, offsetBy: exponent)
        return sign + digits[..<split] + "." + digits[split...]
    }

    /// The shortest round-trip decimal digits of a positive finite double, and the exponent `e` such that
    /// the value is `0.DIGITS × 10^e`.
    private static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = value.description  // Swift prints the shortest round-trip form.
        var mantissa = Substring(text)
        var exponent = 0
        if let eIndex = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<eIndex]
            exponent = Int(text[text.index(after: eIndex)...])!
        }
        var integerPart = Substring(mantissa)
        var fractionPart = Substring("")
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fractionPart = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(integerPart) + fractionPart
        var pointPosition = integerPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, pointPosition)
    }
}
