/// RFC 6570 URI Templates (any level).
enum URITemplateFormat {
    private static let operators = Set("+#./;?&=,!@|".unicodeScalars)
    private static let forbiddenLiterals = Set("\"%<>\\^`{|}".unicodeScalars)

    static func isValid(_ string: String) -> Bool {
        let scalars = Array(string.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "{" {
                guard let close = scalars[index...].firstIndex(of: "}"), isExpression(scalars[(index + 1)..<close])
                else { return false }
                index = close + 1
            } else if scalar == "%" {
                guard isEscape(scalars, at: index) else { return false }
                index += 3
            } else {
                guard scalar.value > 0x20, scalar.value != 0x7F, !forbiddenLiterals.contains(scalar) else {
                    return false
                }
                index += 1
            }
        }
        return true
    }

    private static func isEscape(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        index + 2 < scalars.count && scalars[index + 1].properties.isASCIIHexDigit
            && scalars[index + 2].properties.isASCIIHexDigit
    }

    private static func isExpression(_ body: ArraySlice<Unicode.Scalar>) -> Bool {
        var body = body
        if let first = body.first, operators.contains(first) { body = body.dropFirst() }
        guard !body.isEmpty else { return false }
        return body.split(separator: ",", omittingEmptySubsequences: false).allSatisfy(isVariableSpec)
    }

    private static func isVariableSpec(_ spec: ArraySlice<Unicode.Scalar>) -> Bool {
        var name = spec
        if spec.last == "*" {
            name = spec.dropLast()
        } else if let colon = spec.firstIndex(of: ":") {
            name = spec[..<colon]
            let length = spec[(colon + 1)...]
            guard (1...4).contains(length.count), let first = length.first, ("1"..."9").contains(first),
                length.allSatisfy({ ("0"..."9").contains($0) })
            else { return false }
        }
        return isVariableName(Array(name))
    }

    /// `varchar *( ["."] varchar )`, where a varchar is a letter, digit, `_` or `%XX`.
    private static func isVariableName(_ name: [Unicode.Scalar]) -> Bool {
        guard !name.isEmpty, name.first != ".", name.last != "." else { return false }
        var index = 0
        var previousWasDot = false
        while index < name.count {
            let scalar = name[index]
            if scalar == "%" {
                guard isEscape(name, at: index) else { return false }
                index += 3
                previousWasDot = false
                continue
            }
            if scalar == "." {
                guard !previousWasDot else { return false }
                previousWasDot = true
            } else {
                guard scalar.isASCII,
                    scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "_"
                else { return false }
                previousWasDot = false
            }
            index += 1
        }
        return true
    }
}
