/// Go's `strings.TrimSpace`: removes leading and trailing Unicode white space (`unicode.IsSpace`).
extension String {
    /// The text without surrounding white space, as Go's `strings.TrimSpace` trims it.
    func trimmingGoSpace() -> String {
        let trimmed = trimmedGoSpace()
        return trimmed.count == count ? self : String(trimmed)
    }

    /// A slice of the text without surrounding white space (no copy).
    func trimmedGoSpace() -> Substring {
        let range = withUTF8Bytes(self) { bytes in GoSpace.trimmedRange(bytes) }
        let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
        let end = utf8.index(utf8.startIndex, offsetBy: range.upperBound)
        return self[start..<end]
    }

    /// Whether the text is empty after trimming white space.
    var isGoBlank: Bool {
        withUTF8Bytes(self) { bytes in GoSpace.trimmedRange(bytes).isEmpty }
    }
}

/// White space as Go's `unicode.IsSpace` defines it, over UTF-8 bytes.
enum GoSpace {
    /// The range of `bytes` left after removing leading and trailing white space.
    @inline(__always)
    static func trimmedRange(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        var start = 0
        var end = bytes.count
        while start < end {
            let length = leadingSpaceLength(bytes, at: start, end: end)
            if length == 0 { break }
            start += length
        }
        while end > start {
            let length = trailingSpaceLength(bytes, start: start, end: end)
            if length == 0 { break }
            end -= length
        }
        return start..<end
    }

    /// Trims `bytes` and returns the remaining slice.
    @inline(__always)
    static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let range = trimmedRange(bytes)
        return UnsafeBufferPointer(rebasing: bytes[range])
    }

    @inline(__always)
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }

    /// Whether a non-ASCII scalar is white space (U+0085, U+00A0 and the `White_Space` separators).
    static func isUnicodeSpace(_ rune: UInt32) -> Bool {
        switch rune {
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    @inline(__always)
    private static func leadingSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Int {
        let byte = bytes[index]
        if byte < 0x80 { return isASCIISpace(byte) ? 1 : 0 }
        let (rune, length) = decodeRune(UnsafeBufferPointer(rebasing: bytes[..<end]), at: index)
        return length > 1 && isUnicodeSpace(rune) ? length : 0
    }

    @inline(__always)
    private static func trailingSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int {
        let byte = bytes[end - 1]
        if byte < 0x80 { return isASCIISpace(byte) ? 1 : 0 }
        // Every non-ASCII space is 2 or 3 bytes long.
        for length in 2...3 where end - length >= start {
            let (rune, decoded) = decodeRune(UnsafeBufferPointer(rebasing: bytes[..<end]), at: end - length)
            if decoded == length { return isUnicodeSpace(rune) ? length : 0 }
        }
        return 0
    }
}
