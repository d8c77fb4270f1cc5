/// Writes entries as a deterministic ustar stream.
public enum TarWriter {
    /// Name of the PAX extended headers this writer emits, as Python's tarfile names them.
    static let paxHeaderName = "././@PaxHeader"

    /// Writes entries exactly in the given order as ustar (PAX 'x' header for names over 100 bytes / non-ASCII),
    /// mtime 0, uid/gid 0, empty uname/gname, file mode as given (default 0o644, dirs 0o755). Any Kind may be written
    /// (tests need hostile archives). Ends with two zero blocks. Same input → same bytes.
    ///
    /// Names and link targets are written as given; a PAX record also carries them when they are longer than 100
    /// bytes or hold anything but printable ASCII, and carries the size when it exceeds the 11 octal digits of the
    /// size field. Kinds whose headers carry no data (links, devices, FIFOs, directories) are written with size 0 and
    /// without their ``TarEntry/contents``. Modes are written as their low 21 bits.
    /// - Parameter entries: The entries, in archive order.
    /// - Returns: The tar stream.
    public static func write(_ entries: [TarEntry]) -> [UInt8] {
        var output: [UInt8] = []
        let estimate = entries.reduce(2 * TarHeader.blockSize) { $0 + 3 * TarHeader.blockSize + $1.contents.count }
        output.reserveCapacity(estimate)
        for entry in entries {
            let contents = entry.kind.isHeaderOnly ? [] : entry.contents
            let name = Array(entry.name.utf8)
            let linkName = Array(entry.linkName.utf8)
            var records: [UInt8] = []
            if needsPAX(name) {
                records += PAXRecords.record("path", name)
            }
            if needsPAX(linkName) {
                records += PAXRecords.record("linkpath", linkName)
            }
            if TarHeader.octalField(contents.count, width: TarHeader.size.count) == nil {
                records += PAXRecords.record("size", Array(String(contents.count).utf8))
            }
            if !records.isEmpty {
                let paxHeader = header(Array(paxHeaderName.utf8), typeflag: UInt8(ascii: "x"), size: records.count)
                append(paxHeader, records, to: &output)
            }
            let entryHeader = header(
                name,
                typeflag: entry.kind.typeflag,
                mode: entry.mode,
                size: contents.count,
                linkName: linkName
            )
            append(entryHeader, contents, to: &output)
        }
        output += [UInt8](repeating: 0, count: 2 * TarHeader.blockSize)
        return output
    }

    /// Whether a name needs a PAX record: too long for the 100-byte field, or not plain printable ASCII.
    private static func needsPAX(_ name: [UInt8]) -> Bool {
        name.count > TarHeader.name.count || name.contains { $0 < 0x20 || $0 > 0x7e }
    }

    /// The header block for one entry; a size too large for its field is written as 0 (PAX carries it).
    private static func header(
        _ name: [UInt8],
        typeflag: UInt8,
        mode: Int = 0o644,
        size: Int,
        linkName: [UInt8] = []
    ) -> [UInt8] {
        var block = [UInt8](repeating: 0, count: TarHeader.blockSize)
        put(fallback(name), at: TarHeader.name, in: &block)
        putOctal(mode & 0o7777777, at: TarHeader.mode, in: &block)
        for range in [TarHeader.uid, TarHeader.gid, TarHeader.mtime, TarHeader.devMajor, TarHeader.devMinor] {
            putOctal(0, at: range, in: &block)
        }
        putOctal(size, at: TarHeader.size, in: &block)
        block[TarHeader.typeflag] = typeflag
        put(fallback(linkName), at: TarHeader.linkName, in: &block)
        put(TarHeader.posixMagic, at: TarHeader.magic.lowerBound..<TarHeader.version.upperBound, in: &block)
        let sum = TarHeader.checksums(block[...]).unsigned
        putOctal(sum, at: TarHeader.checksum.lowerBound..<(TarHeader.checksum.upperBound - 1), in: &block)
        block[TarHeader.checksum.upperBound - 1] = 0x20
        return block
    }

    /// The ustar name stored next to a PAX record: the first 100 bytes, with `_` for bytes that are not printable
    /// ASCII, so tools without PAX support never see control characters or broken UTF-8.
    private static func fallback(_ name: [UInt8]) -> [UInt8] {
        guard needsPAX(name) else { return name }
        return name.prefix(TarHeader.name.count).map { $0 < 0x20 || $0 > 0x7e ? UInt8(ascii: "_") : $0 }
    }

    private static func putOctal(_ value: Int, at range: Range<Int>, in block: inout [UInt8]) {
        let digits = TarHeader.octalField(value, width: range.count) ?? TarHeader.octalField(0, width: range.count)
        put(digits ?? [], at: range, in: &block)
    }

    private static func put(_ bytes: [UInt8], at range: Range<Int>, in block: inout [UInt8]) {
        for (offset, byte) in zip(range, bytes) {
            block[offset] = byte
        }
    }

    private static func append(_ header: [UInt8], _ data: [UInt8], to output: inout [UInt8]) {
        output += header
        output += data
        let padding = (TarHeader.blockSize - data.count % TarHeader.blockSize) % TarHeader.blockSize
        output += [UInt8](repeating: 0, count: padding)
    }
}
