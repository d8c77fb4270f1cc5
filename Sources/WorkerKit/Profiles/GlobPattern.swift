/// A pattern for allow and deny lists with the semantics of Go's `path.Match`, which the upstream pack workers use
/// (`matchAny` in `cordum-packs`): `*` matches any run of characters except `/` (including none), `?` matches one
/// character except `/`, `[abc]`, `[a-z]` and `[^a-z]` match one character of (or not of) a class, `\` escapes the
/// next character, everything else matches itself. The whole value must match.
///
/// `org/*` matches every repository of `org` but not `org/repo/sub`; `*` matches `api` but not `org/api` (write
/// `*/*`); `prod-?` matches `prod-1` but not `prod-10`. A malformed pattern (an unclosed `[`, a trailing `\`)
/// matches nothing, as in Go, where `path.Match` returns an error the workers treat as no match; ``isValid`` tells.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let tokens: [Token]?
    private let caseInsensitive: Bool

    private enum Token: Hashable {
        case literal(Character)
        case anyCharacter
        case star
        case characterClass(negated: Bool, ranges: [ClosedRange<Character>])
    }

    /// A pattern.
    /// - Parameters:
    ///   - pattern: The pattern text.
    ///   - caseInsensitive: Whether letters match regardless of case (repository names, for example; the upstream
    ///     workers lowercase both sides).
    public init(_ pattern: String, caseInsensitive: Bool = false) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
        self.tokens = Self.parse(Array(caseInsensitive ? pattern.lowercased() : pattern))
    }

    public var description: String { pattern }

    /// Whether the pattern is well formed (every `[` closed, no trailing `\`, no empty or reversed range).
    public var isValid: Bool { tokens != nil }

    /// Whether `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        guard let tokens else { return false }
        let subject = Array(caseInsensitive ? text.lowercased() : text)
        // reachable[j]: the tokens consumed so far can match subject[0..<j].
        var reachable = [Bool](repeating: false, count: subject.count + 1)
        reachable[0] = true
        for token in tokens {
            var next = [Bool](repeating: false, count: subject.count + 1)
            switch token {
            case .star:
                for j in 0...subject.count where reachable[j] || (j > 0 && next[j - 1] && subject[j - 1] != "/") {
                    next[j] = true
                }
            default:
                for j in 0..<subject.count where reachable[j] && Self.matches(token, subject[j]) {
                    next[j + 1] = true
                }
            }
            reachable = next
        }
        return reachable[subject.count]
    }

    private static func matches(_ token: Token, _ character: Character) -> Bool {
        switch token {
        case .literal(let expected): return character == expected
        case .anyCharacter: return character != "/"
        case .star: return false
        case .characterClass(let negated, let ranges):
            guard character != "/" else { return false }
            return ranges.contains { $0.contains(character) } != negated
        }
    }

    /// The tokens of `pattern`, or `nil` when it is malformed (Go's `ErrBadPattern`).
    private static func parse(_ pattern: [Character]) -> [Token]? {
        var tokens: [Token] = []
        var index = 0
        while index < pattern.count {
            let character = pattern[index]
            index += 1
            switch character {
            case "*": tokens.append(.star)
            case "?": tokens.append(.anyCharacter)
            case "\\":
                guard index < pattern.count else { return nil }
                tokens.append(.literal(pattern[index]))
                index += 1
            case "[":
                guard let (token, end) = parseClass(pattern, from: index) else { return nil }
                tokens.append(token)
                index = end
            default: tokens.append(.literal(character))
            }
        }
        return tokens
    }

    /// A class starting after its `[`; returns the token and the index after its `]`.
    private static func parseClass(_ pattern: [Character], from start: Int) -> (Token, Int)? {
        var index = start
        var negated = false
        if index < pattern.count, pattern[index] == "^" {
            negated = true
            index += 1
        }
        var ranges: [ClosedRange<Character>] = []
        while true {
            guard index < pattern.count else { return nil }
            if pattern[index] == "]", !ranges.isEmpty {
                return (.characterClass(negated: negated, ranges: ranges), index + 1)
            }
            guard let (low, afterLow) = classCharacter(pattern, at: index) else { return nil }
            index = afterLow
            var high = low
            if index < pattern.count, pattern[index] == "-" {
                guard let (upper, afterHigh) = classCharacter(pattern, at: index + 1) else { return nil }
                high = upper
                index = afterHigh
            }
            guard low <= high else { return nil }
            ranges.append(low...high)
        }
    }

    /// One (possibly escaped) character inside a class; `]`, `-` and the end of the pattern are not characters here.
    private static func classCharacter(_ pattern: [Character], at index: Int) -> (Character, Int)? {
        guard index < pattern.count else { return nil }
        switch pattern[index] {
        case "-", "]": return nil
        case "\\":
            guard index + 1 < pattern.count else { return nil }
            return (pattern[index + 1], index + 2)
        default: return (pattern[index], index + 1)
        }
    }
}
