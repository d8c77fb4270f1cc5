/// Runs `body` over the UTF-8 bytes of `text` without copying native strings.
@inline(__always)
func withUTF8Bytes<Result>(
    _ text: String,
    _ body: (UnsafeBufferPointer<UInt8>) -> Result
) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = text
    return copy.withUTF8(body)
}

/// Runs `body` over the UTF-8 bytes of `text` without copying native strings.
@inline(__always)
func withUTF8Bytes<Result>(
    _ text: Substring,
    _ body: (UnsafeBufferPointer<UInt8>) -> Result
) -> Result {
    if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
    var copy = text
    return copy.withUTF8(body)
}

/// Go's `utf8.DecodeRune`: the scalar at `index` and its length; an invalid or truncated sequence decodes as
/// U+FFFD with length 1 (overlong forms and surrogates are invalid).
@inline(__always)
func decodeRune(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> (rune: UInt32, length: Int) {
    let first = bytes[index]
    if first < 0x80 { return (UInt32(first), 1) }
    let error: (UInt32, Int) = (0xFFFD, 1)
    let remaining = bytes.count - index
    @inline(__always) func continuation(_ offset: Int) -> UInt32? {
        guard offset < remaining else { return nil }
        let byte = bytes[index + offset]
        return byte & 0xC0 == 0x80 ? UInt32(byte & 0x3F) : nil
    }
    switch first {
    case 0xC2...0xDF:
        guard let b1 = continuation(1) else { return error }
        return (UInt32(first & 0x1F) << 6 | b1, 2)
    case 0xE0...0xEF:
        guard let b1 = continuation(1), let b2 = continuation(2) else { return error }
        let rune = UInt32(first & 0x0F) << 12 | b1 << 6 | b2
        guard rune >= 0x800, !(0xD800...0xDFFF).contains(rune) else { return error }
        return (rune, 3)
    case 0xF0...0xF4:
        guard let b1 = continuation(1), let b2 = continuation(2), let b3 = continuation(3) else { return error }
        let rune = UInt32(first & 0x07) << 18 | b1 << 12 | b2 << 6 | b3
        guard rune >= 0x10000, rune <= 0x10FFFF else { return error }
        return (rune, 4)
    default:
        return error
    }
}

/// Whether the first `count` bytes of `a` and `b` are equal.
@inline(__always)
func equalBytes(_ a: UnsafeBufferPointer<UInt8>, _ b: UnsafeBufferPointer<UInt8>, count: Int) -> Bool {
    guard count > 0 else { return true }
    var index = 0
    while index < count {
        if a[index] != b[index] { return false }
        index += 1
    }
    return true
}
