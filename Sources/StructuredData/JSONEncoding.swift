/// Encodes ``JSONValue`` as text.
public enum JSONEncoding {
    /// Go `encoding/json`-compatible canonical JSON: keys sorted by bytes, no whitespace, `<`, `>`, `&`,
    /// U+2028 and U+2029 escaped, and numbers formatted as Go formats `float64`. Digests computed over this
    /// text equal Cordum's.
    public static func canonical(_ value: JSONValue) -> String {
        var writer = Writer(indent: nil, htmlSafe: true)
        writer.write(value, level: 0)
        return writer.text
    }

    /// Human-readable JSON: sorted keys, two-space indentation, no HTML escaping.
    public static func pretty(_ value: JSONValue) -> String {
        var writer = Writer(indent: Array("  ".utf8), htmlSafe: false)
        writer.write(value, level: 0)
        return writer.text
    }

    /// Compact JSON with sorted keys and no HTML escaping.
    public static func compact(_ value: JSONValue) -> String {
        var writer = Writer(indent: nil, htmlSafe: false)
        writer.write(value, level: 0)
        return writer.text
    }

    /// Writes JSON text as UTF-8 bytes (strings are copied in runs between the bytes that need escaping).
    private struct Writer {
        let indent: [UInt8]?
        let htmlSafe: Bool
        var bytes: [UInt8] = []

        init(indent: [UInt8]?, htmlSafe: Bool) {
            self.indent = indent
            self.htmlSafe = htmlSafe
            bytes.reserveCapacity(256)
        }

        var text: String { String(decoding: bytes, as: UTF8.self) }

        mutating func write(_ value: JSONValue, level: Int) {
            switch value {
            case .null: bytes += "null".utf8
            case .bool(let flag): bytes += (flag ? "true" : "false").utf8
            case .integer(let integer): bytes += String(integer).utf8
            case .number(let number): bytes += formatNumber(number).utf8
            case .string(let string): writeString(string)
            case .array(let elements):
                guard !elements.isEmpty else {
                    bytes += "[]".utf8
                    return
                }
                bytes.append(UInt8(ascii: "["))
                for (offset, element) in elements.enumerated() {
                    if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                    newline(level: level + 1)
                    write(element, level: level + 1)
                }
                newline(level: level)
                bytes.append(UInt8(ascii: "]"))
            case .object(let members):
                guard !members.isEmpty else {
                    bytes += "{}".utf8
                    return
                }
                bytes.append(UInt8(ascii: "{"))
                // Keys sorted by their UTF-8 bytes, as Go sorts map keys.
                let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                for (offset, member) in sorted.enumerated() {
                    if offset > 0 { bytes.append(UInt8(ascii: ",")) }
                    newline(level: level + 1)
                    writeString(member.key)
                    bytes.append(UInt8(ascii: ":"))
                    if indent != nil { bytes.append(UInt8(ascii: " ")) }
                    write(member.value, level: level + 1)
                }
                newline(level: level)
                bytes.append(UInt8(ascii: "}"))
            }
        }

        private mutating func newline(level: Int) {
            guard let indent else { return }
            bytes.append(UInt8(ascii: "\n"))
            for _ in 0..<level { bytes += indent }
        }

        private mutating func writeString(_ string: String) {
            bytes.append(UInt8(ascii: "\""))
            var string = string
            string.withUTF8 { utf8 in
                var runStart = 0
                var index = 0
                while index < utf8.count {
                    let byte = utf8[index]
                    let escape: [UInt8]?
                    var width = 1
                    switch byte {
                    case UInt8(ascii: "\""): escape = Self.quoteEscape
                    case UInt8(ascii: "\\"): escape = Self.backslashEscape
                    case UInt8(ascii: "\n"): escape = Self.newlineEscape
                    case UInt8(ascii: "\r"): escape = Self.returnEscape
                    case UInt8(ascii: "\t"): escape = Self.tabEscape
                    case 0x08: escape = Self.backspaceEscape
                    case 0x0C: escape = Self.formFeedEscape
                    case UInt8(ascii: "<"), UInt8(ascii: ">"), UInt8(ascii: "&"):
                        escape = htmlSafe ? Self.unicodeEscape(UInt32(byte)) : nil
                    case 0xE2
                    where index + 2 < utf8.count && utf8[index + 1] == 0x80
                        && (utf8[index + 2] == 0xA8 || utf8[index + 2] == 0xA9):
                        // U+2028 and U+2029, which JavaScript does not accept raw in strings.
                        escape = Self.unicodeEscape(utf8[index + 2] == 0xA8 ? 0x2028 : 0x2029)
                        width = 3
                    case ..<0x20: escape = Self.unicodeEscape(UInt32(byte))
                    default: escape = nil
                    }
                    if let escape {
                        bytes += utf8[runStart..<index]
                        bytes += escape
                        index += width
                        runStart = index
                    } else {
                        index += 1
                    }
                }
                bytes += utf8[runStart..<utf8.count]
            }
            bytes.append(UInt8(ascii: "\""))
        }

        private static let hexDigits = Array("0123456789abcdef".utf8)
        private static let quoteEscape = Array(#"\""#.utf8)
        private static let backslashEscape = Array(#"\\"#.utf8)
        private static let newlineEscape = Array(#"\n"#.utf8)
        private static let returnEscape = Array(#"\r"#.utf8)
        private static let tabEscape = Array(#"\t"#.utf8)
        private static let backspaceEscape = Array(#"\b"#.utf8)
        private static let formFeedEscape = Array(#"\f"#.utf8)

        private static func unicodeEscape(_ value: UInt32) -> [UInt8] {
            var escape: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "u")]
            for shift in stride(from: 12, through: 0, by: -4) {
                escape.append(hexDigits[Int((value >> UInt32(shift)) & 0xF)])
            }
            return escape
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
