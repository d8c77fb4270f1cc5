/// Go's `path.Match` over UTF-8 bytes, byte for byte: `*` matches any run of non-`/` bytes, `?` one non-`/`
/// rune, `[...]` a rune class with ranges and `^` negation, `\` escapes; a malformed pattern is an error.
enum GlobMatch {
    /// The outcome of matching a whole name.
    enum Outcome: Equatable {
        case match
        case noMatch
        case malformed
    }

    private enum ChunkOutcome {
        case matched(rest: Int)
        case failed
        case malformed
    }

    private struct Chunk {
        var star: Bool
        var start: Int
        var end: Int
    }

    private static let slash = UInt8(ascii: "/")

    /// Matches `name` against `pattern` as Go's `path.Match` does.
    static func match(pattern: UnsafeBufferPointer<UInt8>, name: UnsafeBufferPointer<UInt8>) -> Outcome {
        var patternIndex = 0
        var nameIndex = 0
        nextChunk: while patternIndex < pattern.count {
            let chunk = scanChunk(pattern, from: patternIndex)
            patternIndex = chunk.end
            let atEnd = patternIndex == pattern.count
            if chunk.star && chunk.start == chunk.end {
                for index in nameIndex..<name.count where name[index] == slash { return .noMatch }
                return .match
            }
            switch matchChunk(pattern, chunk, name, from: nameIndex) {
            case .matched(let rest) where rest == name.count || !atEnd:
                nameIndex = rest
                continue nextChunk
            case .malformed:
                return .malformed
            default:
                break
            }
            if chunk.star {
                var index = nameIndex
                while index < name.count, name[index] != slash {
                    switch matchChunk(pattern, chunk, name, from: index + 1) {
                    case .matched(let rest):
                        if atEnd && rest < name.count {
                            index += 1
                            continue
                        }
                        nameIndex = rest
                        continue nextChunk
                    case .malformed:
                        return .malformed
                    case .failed:
                        index += 1
                    }
                }
            }
            // Before reporting no match, the rest of the pattern must still be well formed.
            while patternIndex < pattern.count {
                let rest = scanChunk(pattern, from: patternIndex)
                patternIndex = rest.end
                if case .malformed = matchChunk(pattern, rest, name, from: name.count) { return .malformed }
            }
            return .noMatch
        }
        return nameIndex == name.count ? .match : .noMatch
    }

    /// Whether `pattern` is well formed.
    static func isWellFormed(_ pattern: UnsafeBufferPointer<UInt8>) -> Bool {
        match(pattern: pattern, name: UnsafeBufferPointer(start: nil, count: 0)) != .malformed
    }

    private static func scanChunk(_ pattern: UnsafeBufferPointer<UInt8>, from start: Int) -> Chunk {
        var index = start
        var star = false
        while index < pattern.count, pattern[index] == UInt8(ascii: "*") {
            index += 1
            star = true
        }
        let chunkStart = index
        var inRange = false
        scan: while index < pattern.count {
            switch pattern[index] {
            case UInt8(ascii: "\\"):
                if index + 1 < pattern.count { index += 1 }
            case UInt8(ascii: "["):
                inRange = true
            case UInt8(ascii: "]"):
                inRange = false
            case UInt8(ascii: "*"):
                if !inRange { break scan }
            default:
                break
            }
            index += 1
        }
        return Chunk(star: star, start: chunkStart, end: index)
    }

    private static func matchChunk(
        _ pattern: UnsafeBufferPointer<UInt8>,
        _ chunk: Chunk,
        _ name: UnsafeBufferPointer<UInt8>,
        from nameStart: Int
    ) -> ChunkOutcome {
        var p = chunk.start
        let end = chunk.end
        var s = nameStart
        var failed = false
        while p < end {
            if !failed && s == name.count { failed = true }
            switch pattern[p] {
            case UInt8(ascii: "["):
                var rune: UInt32 = 0
                if !failed {
                    let decoded = decodeRune(name, at: s)
                    rune = decoded.rune
                    s += decoded.length
                }
                p += 1
                var negated = false
                if p < end, pattern[p] == UInt8(ascii: "^") {
                    negated = true
                    p += 1
                }
                var matched = false
                var ranges = 0
                while true {
                    if p < end, pattern[p] == UInt8(ascii: "]"), ranges > 0 {
                        p += 1
                        break
                    }
                    guard let low = classRune(pattern, &p, end: end) else { return .malformed }
                    var high = low
                    if pattern[p] == UInt8(ascii: "-") {
                        p += 1
                        guard let upper = classRune(pattern, &p, end: end) else { return .malformed }
                        high = upper
                    }
                    if low <= rune && rune <= high { matched = true }
                    ranges += 1
                }
                if matched == negated { failed = true }
            case UInt8(ascii: "?"):
                if !failed {
                    if name[s] == slash { failed = true }
                    s += decodeRune(name, at: s).length
                }
                p += 1
            case UInt8(ascii: "\\"):
                p += 1
                if p == end { return .malformed }
                fallthrough
            default:
                if !failed {
                    if pattern[p] != name[s] { failed = true }
                    s += 1
                }
                p += 1
            }
        }
        return failed ? .failed : .matched(rest: s)
    }

    /// Go's `getEsc`: one possibly escaped rune of a class; `nil` when the class is malformed there.
    private static func classRune(_ pattern: UnsafeBufferPointer<UInt8>, _ p: inout Int, end: Int) -> UInt32? {
        guard p < end, pattern[p] != UInt8(ascii: "-"), pattern[p] != UInt8(ascii: "]") else { return nil }
        if pattern[p] == UInt8(ascii: "\\") {
            p += 1
            guard p < end else { return nil }
        }
        let decoded = decodeRune(UnsafeBufferPointer(rebasing: pattern[..<end]), at: p)
        if decoded.rune == 0xFFFD && decoded.length == 1 { return nil }
        p += decoded.length
        return p < end ? decoded.rune : nil
    }
}
