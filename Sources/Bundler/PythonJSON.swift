/// JSON with keys in the order given, written byte for byte as Python's `json.dumps(value, indent=2)` writes it
/// (`ensure_ascii` on): Cordum's catalog builder's output format.
enum PythonJSON {
    case string(String)
    case integer(Int)
    case array([PythonJSON])
    case object([(key: String, value: PythonJSON)])

    /// The text: two-space indentation, one item per line ending in `,`, `": "` after keys, `[]`/`{}` for empty
    /// containers, and no trailing newline.
    var text: String {
        var output = ""
        write(into: &output, level: 0)
        return output
    }

    private func write(into output: inout String, level: Int) {
        switch self {
        case .string(let string): Self.writeString(string, into: &output)
        case .integer(let integer): output += String(integer)
        case .array(let elements):
            guard !elements.isEmpty else {
                output += "[]"
                return
            }
            output += "["
            for (offset, element) in elements.enumerated() {
                output += offset > 0 ? ",\n" : "\n"
                Self.indent(&output, level + 1)
                element.write(into: &output, level: level + 1)
            }
            output += "\n"
            Self.indent(&output, level)
            output += "]"
        case .object(let members):
            guard !members.isEmpty else {
                output += "{}"
                return
            }
            output += "{"
            for (offset, member) in members.enumerated() {
                output += offset > 0 ? ",\n" : "\n"
                Self.indent(&output, level + 1)
                Self.writeString(member.key, into: &output)
                output += ": "
                member.value.write(into: &output, level: level + 1)
            }
            output += "\n"
            Self.indent(&output, level)
            output += "}"
        }
    }

    private static func indent(_ output: inout String, _ level: Int) {
        output += String(repeating: "  ", count: level)
    }

    private static let hexDigits = Array("0123456789abcdef")

    /// Python's `ensure_ascii` escaping: `"` and `\` escaped, `\n \r \t \b \f` by name, every other scalar outside
    /// space…`~` as `\uxxxx` (lowercase hex; UTF-16 surrogate pairs above U+FFFF).
    private static func writeString(_ string: String, into output: inout String) {
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
            case " "..."~": output.unicodeScalars.append(scalar)
            default:
                for unit in String(scalar).utf16 {
                    output += "\\u"
                    for shift in [12, 8, 4, 0] {
                        output.append(hexDigits[Int((unit >> UInt16(shift)) & 0xF)])
                    }
                }
            }
        }
        output += "\""
    }
}
