/// Writing YAML text: scalars quoted only when they must be, flow lists.
enum YAMLText {
    /// `value` as a YAML scalar: plain when it reads back as the same string, else double-quoted.
    static func scalar(_ value: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "~", "y", "n"]
        let safe = value.unicodeScalars.allSatisfy { scalar in
            (scalar.value < 128 && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)))
                || "._/-:".unicodeScalars.contains(scalar)
        }
        let first = value.unicodeScalars.first
        let plain =
            safe && !value.isEmpty && !reserved.contains(value.lowercased()) && first != "-" && first != ":"
            && !value.hasSuffix(":") && !value.contains(": ") && Double(value) == nil && Int(value) == nil
        if plain { return value }
        var quoted = "\""
        for character in value.unicodeScalars {
            switch character {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            default: quoted.unicodeScalars.append(character)
            }
        }
        return quoted + "\""
    }

    /// `[a, b]`.
    static func flow(_ values: [String]) -> String {
        "[" + values.map(scalar).joined(separator: ", ") + "]"
    }
}
