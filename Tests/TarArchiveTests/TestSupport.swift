import TarArchive
import Testing

/// Expects `body` to throw an ``ArchiveError`` with `code` (and, if given, naming `entry`).
func expectArchiveError<T>(
    _ code: ArchiveError.Code,
    entry: String? = nil,
    sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws(ArchiveError) -> T
) {
    do {
        _ = try body()
        Issue.record("expected error \(code) but nothing was thrown", sourceLocation: sourceLocation)
    } catch {
        #expect(error.code == code, "\(error.message)", sourceLocation: sourceLocation)
        if let entry {
            #expect(error.entry == entry, "\(error.message)", sourceLocation: sourceLocation)
        }
    }
}

/// Writes, compresses and safely extracts `entries`.
func extract(_ entries: [TarEntry], limits: BundleLimits = .cordum) throws(ArchiveError) -> [String: [UInt8]] {
    try SafeExtractor.extract(Gzip.compress(TarWriter.write(entries)), limits: limits)
}

/// One PAX record, `"<length> <key>=<value>\n"`, with the self-inclusive length computed.
func paxRecord(_ key: String, _ value: String) -> [UInt8] {
    let body = " \(key)=\(value)\n"
    var length = body.utf8.count + 1
    while String(length).utf8.count + body.utf8.count != length {
        length = String(length).utf8.count + body.utf8.count
    }
    return .utf8("\(length)\(body)")
}

/// Raw ustar header surgery, for archives no well-behaved writer produces.
enum HeaderPatch {
    static let sizeField = 124..<136
    static let checksumField = 148..<156
    static let typeflag = 156

    /// Overwrites `range` of the header block at `offset` with `bytes` (NUL-padded) and fixes the checksum.
    static func set(_ bytes: [UInt8], in range: Range<Int>, of tar: inout [UInt8], header offset: Int = 0) {
        precondition(bytes.count <= range.count)
        for (index, position) in range.enumerated() {
            tar[offset + position] = index < bytes.count ? bytes[index] : 0
        }
        fixChecksum(&tar, header: offset)
    }

    /// Recomputes the checksum of the header block at `offset`.
    static func fixChecksum(_ tar: inout [UInt8], header offset: Int) {
        for position in checksumField {
            tar[offset + position] = 0x20
        }
        let sum = tar[offset..<(offset + 512)].reduce(0) { $0 + Int($1) }
        let digits = Array(String(sum, radix: 8).utf8)
        let field = [UInt8](repeating: 0x30, count: 6 - digits.count) + digits + [0, 0x20]
        tar.replaceSubrange((offset + checksumField.lowerBound)..<(offset + checksumField.upperBound), with: field)
    }

    /// A 12-byte GNU base-256 size field holding `value` (negative values in two's complement).
    static func base256(_ value: Int64) -> [UInt8] {
        var bytes = [UInt8](repeating: value < 0 ? 0xff : 0, count: 12)
        var remaining = UInt64(bitPattern: value)
        for index in stride(from: 11, through: 4, by: -1) {
            bytes[index] = UInt8(truncatingIfNeeded: remaining)
            remaining >>= 8
        }
        bytes[0] |= 0x80
        return bytes
    }
}

/// A small deterministic random generator (SplitMix64) for mutation tests.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

extension Array where Element == UInt8 {
    /// The UTF-8 bytes of `text`.
    static func utf8(_ text: String) -> [UInt8] {
        Array(text.utf8)
    }
}
