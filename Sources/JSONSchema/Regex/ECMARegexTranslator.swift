/// Rewrites an ECMA-262 regular expression (with the `u` flag's code-point semantics) into ICU syntax
/// for `NSRegularExpression`, checking ECMA-262 syntax on the way.
///
/// The rewrite makes ICU behave as ECMA-262 does where the two differ: `\d`, `\w` and `\b` are ASCII-only,
/// `\s` is ECMA's whitespace set, `.` excludes only line terminators, `$` matches only at the very end,
/// `[]` and `[^]` are legal, and inline flags and comments such as `(?i)` and `(?#...)` are rejected.
///
/// In strict mode the `u` flag's rules apply in full (no identity escapes of letters, no lone braces);
/// otherwise those are read as literals, as browsers do without the flag.
struct ECMARegexTranslator {
    struct SyntaxError: Error {
        var message: String
    }

    let scalars: [Unicode.Scalar]
    let strict: Bool
    var position = 0
    var output = ""
    var groupCount = 0
    var groupNames: Set<String> = []
    var backReferences: [Int] = []
    var namedReferences: [String] = []
    /// Whether the pattern uses lookbehind, which ICU supports only with bounded length.
    var usesLookbehind = false

    static let wordClass = "A-Za-z0-9_"
    static let spaceClass =
        "\\t\\n\\x{0B}\\f\\r\\x{20}\\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}"
        + "\\x{3000}\\x{FEFF}"
    static let syntaxCharacters: Set<Unicode.Scalar> = [
        "^", "$", "\\", ".", "*", "+", "?", "(", ")", "[", "]", "{", "}", "|", "/",
    ]

    private init(_ pattern: String, strict: Bool) {
        self.scalars = Array(pattern.unicodeScalars)
        self.strict = strict
    }

    /// Translates `pattern`, or throws a ``SyntaxError`` naming the problem.
    static func translate(_ pattern: String, strict: Bool) throws(SyntaxError) -> (icu: String, usesLookbehind: Bool) {
        var translator = ECMARegexTranslator(pattern, strict: strict)
        try translator.run()
        return (translator.output, translator.usesLookbehind)
    }

    // MARK: - Disjunctions, alternatives, terms

    private enum GroupKind {
        case capturing, nonCapturing, lookahead, lookbehind
    }

    private mutating func run() throws(SyntaxError) {
        var groups: [GroupKind] = []
        var canQuantify = false
        while position < scalars.count {
            let scalar = scalars[position]
            position += 1
            switch scalar {
            case "(":
                let kind = try openGroup()
                groups.append(kind)
                canQuantify = false
            case ")":
                guard let kind = groups.popLast() else { throw SyntaxError(message: "unmatched \")\"") }
                output += ")"
                canQuantify = kind == .capturing || kind == .nonCapturing || (!strict && kind == .lookahead)
            case "|":
                output += "|"
                canQuantify = false
            case "*", "+", "?":
                guard canQuantify else { throw SyntaxError(message: "nothing to repeat before \"\(scalar)\"") }
                output.unicodeScalars.append(scalar)
                takeLazySuffix()
                canQuantify = false
            case "{":
                if let quantifier = try readBraceQuantifier() {
                    guard canQuantify else { throw SyntaxError(message: "nothing to repeat before \"{\"") }
                    output += quantifier
                    takeLazySuffix()
                    canQuantify = false
                } else {
                    guard !strict else { throw SyntaxError(message: "lone \"{\" must be escaped") }
                    output += "\\{"
                    canQuantify = true
                }
            case "}", "]":
                guard !strict else { throw SyntaxError(message: "lone \"\(scalar)\" must be escaped") }
                output += "\\" + String(scalar)
                canQuantify = true
            case "^":
                output += "^"
                canQuantify = false
            case "$":
                output += "\\z"
                canQuantify = false
            case ".":
                output += "[^\\n\\r\\x{2028}\\x{2029}]"
                canQuantify = true
            case "[":
                try translateClass()
                canQuantify = true
            case "\\":
                canQuantify = try translateAtomEscape()
            default:
                output.unicodeScalars.append(scalar)
                canQuantify = true
            }
        }
        guard groups.isEmpty else { throw SyntaxError(message: "missing \")\"") }
        if let bad = backReferences.first(where: { $0 > groupCount }) {
            throw SyntaxError(message: "back reference \\\(bad) has no matching group")
        }
        if let bad = namedReferences.first(where: { !groupNames.contains($0) }) {
            throw SyntaxError(message: "back reference \\k<\(bad)> has no matching group")
        }
    }

    private mutating func takeLazySuffix() {
        if position < scalars.count, scalars[position] == "?" {
            output += "?"
            position += 1
        }
    }

    private mutating func openGroup() throws(SyntaxError) -> GroupKind {
        guard position < scalars.count, scalars[position] == "?" else {
            groupCount += 1
            output += "("
            return .capturing
        }
        let next = position + 1 < scalars.count ? scalars[position + 1] : nil
        switch next {
        case ":":
            position += 2
            output += "(?:"
            return .nonCapturing
        case "=", "!":
            position += 2
            output += "(?" + String(next!)
            return .lookahead
        case "<":
            let third = position + 2 < scalars.count ? scalars[position + 2] : nil
            if third == "=" || third == "!" {
                position += 3
                usesLookbehind = true
                output += "(?<" + String(third!)
                return .lookbehind
            }
            position += 2
            let name = try readGroupName()
            guard !groupNames.contains(name) else { throw SyntaxError(message: "duplicate group name \"\(name)\"") }
            groupNames.insert(name)
            groupCount += 1
            output += "(?<" + name + ">"
            return .capturing
        default:
            throw SyntaxError(message: "\"(?\" must start a group such as \"(?:\", \"(?=\" or \"(?<name>\"")
        }
    }

    /// Reads `name>` after `(?<` or `\k<`.
    mutating func readGroupName() throws(SyntaxError) -> String {
        var name = ""
        while position < scalars.count, scalars[position] != ">" {
            let scalar = scalars[position]
            let isStart = scalar.properties.isIDStart || scalar == "$" || scalar == "_"
            let isContinue =
                scalar.properties.isIDContinue || scalar == "$" || scalar == "\u{200C}"
                || scalar == "\u{200D}"
            guard name.isEmpty ? isStart : isContinue else {
                throw SyntaxError(message: "invalid character in group name")
            }
            name.unicodeScalars.append(scalar)
            position += 1
        }
        guard position < scalars.count, !name.isEmpty else { throw SyntaxError(message: "invalid group name") }
        position += 1
        return name
    }

    /// Reads `{n}`, `{n,}` or `{n,m}` after `{`; returns nil (consuming nothing) if it is not one.
    private mutating func readBraceQuantifier() throws(SyntaxError) -> String? {
        var index = position
        func digits() -> String {
            var text = ""
            while index < scalars.count, ("0"..."9").contains(scalars[index]) {
                text.unicodeScalars.append(scalars[index])
                index += 1
            }
            return text
        }
        let low = digits()
        guard !low.isEmpty, index < scalars.count else { return nil }
        var high: String? = low
        if scalars[index] == "," {
            index += 1
            let upper = digits()
            high = upper.isEmpty ? nil : upper
        }
        guard index < scalars.count, scalars[index] == "}" else { return nil }
        position = index + 1
        if let high, let lowValue = Int(low), let highValue = Int(high), lowValue > highValue {
            throw SyntaxError(message: "numbers out of order in {\(low),\(high)} quantifier")
        }
        let lowText = Int(low).map(String.init) ?? low
        if let high {
            return high == low ? "{\(lowText)}" : "{\(lowText),\(Int(high).map(String.init) ?? high)}"
        }
        return "{\(lowText),}"
    }
}
