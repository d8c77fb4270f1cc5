/// A shell-style pattern for allow and deny lists: `*` matches any run of characters (including none, and
/// including `/`), `?` matches exactly one character, everything else matches itself.
///
/// `org/*` matches every repository of `org`; `prod-?` matches `prod-1` but not `prod-10`; `*` matches all.
public struct GlobPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let pattern: String
    private let characters: [Character]
    private let caseInsensitive: Bool

    /// A pattern.
    /// - Parameters:
    ///   - pattern: The pattern text.
    ///   - caseInsensitive: Whether letters match regardless of case (repository names, for example).
    public init(_ pattern: String, caseInsensitive: Bool = false) {
        self.pattern = pattern
        self.caseInsensitive = caseInsensitive
        self.characters = Array(caseInsensitive ? pattern.lowercased() : pattern)
    }

    public var description: String { pattern }

    /// Whether `text` matches the whole pattern.
    public func matches(_ text: String) -> Bool {
        let subject = Array(caseInsensitive ? text.lowercased() : text)
        // Iterative matching with one backtrack point for the last `*`: linear in practice, no recursion.
        var p = 0
        var s = 0
        var star: Int?
        var starMatch = 0
        while s < subject.count {
            if p < characters.count, characters[p] == "?" || characters[p] == subject[s] {
                p += 1
                s += 1
            } else if p < characters.count, characters[p] == "*" {
                star = p
                starMatch = s
                p += 1
            } else if let lastStar = star {
                p = lastStar + 1
                starMatch += 1
                s = starMatch
            } else {
                return false
            }
        }
        while p < characters.count, characters[p] == "*" { p += 1 }
        return p == characters.count
    }
}
