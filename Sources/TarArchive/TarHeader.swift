/// The layout of a 512-byte ustar header block, and how its fields are read and written.
enum TarHeader {
    static let blockSize = 512

    static let name = 0..<100
    static let mode = 100..<108
    static let uid = 108..<116
    static let gid = 116..<124
    static let size = 124..<136
    static let mtime = 136..<148
    static let checksum = 148..<156
    static let typeflag = 156
    static let linkName = 157..<257
    static let magic = 257..<263
    static let version = 263..<265
    static let devMajor = 329..<337
    static let devMinor = 337..<345
    static let prefix = 345..<500

    /// `ustar\0` followed by version `00`: POSIX ustar, whose prefix field extends the name.
    static let posixMagic: [UInt8] = Array("ustar\u{0}00".utf8)

    /// The result of reading a numeric field.
    enum Number: Equatable {
        case value(Int)
        case invalid
    }

    /// Reads an octal field (padded with spaces or NULs) or a GNU base-256 field (first byte has its high bit set).
    static func number(_ field: ArraySlice<UInt8>) -> Number {
        guard let first = field.first, first & 0x80 != 0 else {
            return octal(field)
        }
        let invert: UInt8 = first & 0x40 != 0 ? 0xff : 0
        var magnitude: UInt64 = 0
        for (index, raw) in field.enumerated() {
            var byte = raw ^ invert
            if index == 0 {
                byte &= 0x7f
            }
            guard magnitude >> 56 == 0 else { return .invalid }
            magnitude = magnitude << 8 | UInt64(byte)
        }
        guard magnitude >> 63 == 0 else { return .invalid }
        return .value(invert == 0 ? Int(magnitude) : ~Int(magnitude))
    }

    /// Reads an octal field: spaces and NULs around the digits are ignored, and a NUL ends the digits.
    static func octal(_ field: ArraySlice<UInt8>) -> Number {
        let isPadding = { (byte: UInt8) in byte == 0x20 || byte == 0x00 }
        var digits = field.drop(while: isPadding)
        if let nul = digits.firstIndex(of: 0) {
            digits = digits[..<nul]
        }
        while let last = digits.last, isPadding(last) {
            digits = digits.dropLast()
        }
        var value = 0
        for digit in digits {
            guard (0x30...0x37).contains(digit), value <= (Int.max - 7) / 8 else { return .invalid }
            value = value * 8 + Int(digit - 0x30)
        }
        return .value(value)
    }

    /// Writes `value` as `width - 1` zero-padded octal digits and a NUL, or `nil` if it does not fit.
    static func octalField(_ value: Int, width: Int) -> [UInt8]? {
        guard value >= 0 else { return nil }
        let digits = Array(String(value, radix: 8).utf8)
        guard digits.count < width else { return nil }
        return Array(repeating: 0x30, count: width - 1 - digits.count) + digits + [0]
    }

    /// The bytes of a NUL-terminated string field, up to the first NUL.
    static func string(_ field: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        field.firstIndex(of: 0).map { field[..<$0] } ?? field
    }

    /// The header checksums: the sum of all bytes with the checksum field read as spaces, unsigned and signed
    /// (some historic writers summed signed bytes).
    static func checksums(_ block: ArraySlice<UInt8>) -> (unsigned: Int, signed: Int) {
        var unsigned = 0
        var signed = 0
        for (offset, byte) in zip(0..., block) {
            let value = checksum.contains(offset) ? 0x20 : byte
            unsigned += Int(value)
            signed += Int(Int8(bitPattern: value))
        }
        return (unsigned, signed)
    }

    /// Whether every byte of the block is zero (the end-of-archive marker).
    static func isZero(_ block: ArraySlice<UInt8>) -> Bool {
        block.allSatisfy { $0 == 0 }
    }
}

extension TarEntry.Kind {
    /// Creates the kind for a type flag; `name` decides old-style (NUL) entries, which are directories if they end
    /// in `/`.
    init(typeflag: UInt8, name: ArraySlice<UInt8>) {
        switch typeflag {
        case UInt8(ascii: "0"): self = .file
        case 0: self = name.last == UInt8(ascii: "/") ? .directory : .file
        case UInt8(ascii: "1"): self = .hardLink
        case UInt8(ascii: "2"): self = .symbolicLink
        case UInt8(ascii: "3"): self = .characterDevice
        case UInt8(ascii: "4"): self = .blockDevice
        case UInt8(ascii: "5"): self = .directory
        case UInt8(ascii: "6"): self = .fifo
        default: self = .other(typeflag)
        }
    }

    /// The type flag written for this kind.
    var typeflag: UInt8 {
        switch self {
        case .file: UInt8(ascii: "0")
        case .hardLink: UInt8(ascii: "1")
        case .symbolicLink: UInt8(ascii: "2")
        case .characterDevice: UInt8(ascii: "3")
        case .blockDevice: UInt8(ascii: "4")
        case .directory: UInt8(ascii: "5")
        case .fifo: UInt8(ascii: "6")
        case .other(let flag): flag
        }
    }

    /// Whether headers of this kind are followed by no data whatever their size field says, as Go's archive/tar
    /// reads them (Cordum's installer is written in Go, so both read the same entries from the same bytes).
    var isHeaderOnly: Bool {
        switch self {
        case .hardLink, .symbolicLink, .characterDevice, .blockDevice, .directory, .fifo: true
        case .file, .other: false
        }
    }
}
