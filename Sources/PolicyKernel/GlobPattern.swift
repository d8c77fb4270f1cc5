/// A topic glob compiled once: trimmed, validated, and classified so that the common shapes (a literal topic, or a
/// literal prefix followed by `*`) match with one comparison.
struct GlobPattern: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        /// Empty after trimming, or malformed: matches nothing.
        case never
        /// No wildcard: the topic must equal the pattern.
        case literal
        /// A literal prefix and trailing `*`s: the topic must start with the prefix and have no `/` after it.
        case prefix
        /// A literal prefix, one `*`, a literal suffix (`job.*.write`): the topic must start and end with them, with
        /// no `/` between.
        case infix
        /// Anything else: Go's algorithm.
        case general
    }

    /// The pattern as written.
    let original: String
    let kind: Kind
    /// The trimmed pattern bytes (for `.prefix`, just the prefix).
    let bytes: [UInt8]
    /// How many leading bytes are literal (before the first `*`, `?`, `[` or `\\`).
    let literalPrefixLength: Int
    /// For `.infix`, the literal bytes after the star.
    let suffix: [UInt8]

    init(_ pattern: String) {
        original = pattern
        let trimmed = Array(pattern.trimmedGoSpace().utf8)
        let wellFormed = trimmed.withUnsafeBufferPointer { GlobMatch.isWellFormed($0) }
        guard !trimmed.isEmpty, wellFormed else {
            kind = .never
            bytes = []
            literalPrefixLength = 0
            suffix = []
            return
        }
        let meta: Set<UInt8> = [UInt8(ascii: "*"), UInt8(ascii: "?"), UInt8(ascii: "["), UInt8(ascii: "\\")]
        let firstMeta = trimmed.firstIndex(where: meta.contains)
        literalPrefixLength = firstMeta ?? trimmed.count
        if let firstMeta {
            let tail = trimmed[firstMeta...]
            let afterStars = tail.drop { $0 == UInt8(ascii: "*") }
            if afterStars.isEmpty {
                kind = .prefix
                bytes = Array(trimmed[..<firstMeta])
                suffix = []
            } else if trimmed[firstMeta] == UInt8(ascii: "*"), !afterStars.contains(where: meta.contains),
                !afterStars.contains(UInt8(ascii: "/"))
            {
                kind = .infix
                bytes = Array(trimmed[..<firstMeta])
                suffix = Array(afterStars)
            } else {
                kind = .general
                bytes = trimmed
                suffix = []
            }
        } else {
            kind = .literal
            bytes = trimmed
            suffix = []
        }
    }

    /// Whether the (already trimmed) topic matches.
    func matches(_ topic: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { bytes in
            suffix.withUnsafeBufferPointer { suffix in
                Self.matches(kind, bytes: bytes, suffix: suffix, literalPrefixLength: literalPrefixLength, topic: topic)
            }
        }
    }

    /// The matching behind every compiled form.
    @inline(__always)
    static func matches(
        _ kind: Kind,
        bytes: UnsafeBufferPointer<UInt8>,
        suffix: UnsafeBufferPointer<UInt8>,
        literalPrefixLength: Int,
        topic: UnsafeBufferPointer<UInt8>
    ) -> Bool {
        switch kind {
        case .never:
            return false
        case .literal:
            return topic.count == bytes.count && equalBytes(bytes, topic, count: topic.count)
        case .prefix:
            guard topic.count >= bytes.count, equalBytes(bytes, topic, count: bytes.count) else { return false }
            return !containsSlash(topic, from: bytes.count, to: topic.count)
        case .infix:
            guard topic.count >= bytes.count + suffix.count, equalBytes(bytes, topic, count: bytes.count) else {
                return false
            }
            let tail = UnsafeBufferPointer(rebasing: topic[(topic.count - suffix.count)...])
            guard equalBytes(suffix, tail, count: suffix.count) else { return false }
            return !containsSlash(topic, from: bytes.count, to: topic.count - suffix.count)
        case .general:
            guard topic.count >= literalPrefixLength, equalBytes(bytes, topic, count: literalPrefixLength) else {
                return false
            }
            return GlobMatch.match(pattern: bytes, name: topic) == .match
        }
    }

    @inline(__always)
    private static func containsSlash(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Bool {
        var index = start
        while index < end {
            if bytes[index] == UInt8(ascii: "/") { return true }
            index += 1
        }
        return false
    }

    /// The literal bytes every matching topic starts with.
    var literalPrefix: [UInt8] {
        Array(bytes.prefix(literalPrefixLength))
    }
}
