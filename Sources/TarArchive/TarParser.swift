/// The header of one tar entry after extended headers (PAX `x`, GNU `L`/`K`) have been applied.
struct TarEntryHeader {
    var name: String
    var kind: TarEntry.Kind
    var mode: Int
    var linkName: String
    /// The declared size; may be negative or larger than the data actually left.
    var size: Int
}

/// Walks a tar stream header by header, so callers can check each header before its data is read.
///
/// Reads like Go's archive/tar, which Cordum's installer uses: GNU long names win over PAX paths, PAX paths over
/// the ustar name and prefix; headers of links, devices, FIFOs and directories carry no data whatever their size.
struct TarParser {
    /// Largest accepted data of a PAX or GNU long-name header (Go's limit too).
    static let maxExtendedHeaderBytes = 1 << 20

    private let bytes: [UInt8]
    private var offset = 0
    /// The current entry's data, not yet read or skipped.
    private var pending: (header: TarEntryHeader, dataSize: Int)?
    private var finished = false

    init(_ bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Returns the next entry's header, skipping the previous entry's data if it was not read, or `nil` at the end.
    mutating func next() throws(ArchiveError) -> TarEntryHeader? {
        if pending != nil {
            _ = try data(copy: false)
        }
        guard !finished else { return nil }
        var extended = ExtendedHeaders()
        while true {
            guard offset < bytes.count else {
                try extended.expectNone()
                finished = true
                return nil
            }
            let block = try self.block(at: offset, entry: extended.anyName)
            if TarHeader.isZero(block) {
                try endOfArchive(after: offset + TarHeader.blockSize)
                try extended.expectNone()
                finished = true
                return nil
            }
            let raw = try RawTarHeader(block)
            offset += TarHeader.blockSize
            switch raw.typeflag {
            case UInt8(ascii: "x"):
                extended.pax.merge(try PAXRecords.parse(extendedData(raw), entry: raw.displayName)) { $1 }
            case UInt8(ascii: "g"):
                _ = try PAXRecords.parse(extendedData(raw), entry: raw.displayName)
            case UInt8(ascii: "L"):
                extended.longName = Array(TarHeader.string(try extendedData(raw)))
            case UInt8(ascii: "K"):
                extended.longLink = Array(TarHeader.string(try extendedData(raw)))
            default:
                let header = try extended.apply(to: raw)
                pending = (header, header.kind.isHeaderOnly ? 0 : header.size)
                return header
            }
        }
    }

    /// Reads the data of the entry last returned by ``next()``.
    mutating func contents() throws(ArchiveError) -> [UInt8] {
        try data(copy: true)
    }

    private mutating func data(copy: Bool) throws(ArchiveError) -> [UInt8] {
        guard let (header, size) = pending else { return [] }
        pending = nil
        guard size >= 0 else {
            throw .corruptTar(entry: header.name, "entry \(quoted(header.name)) declares a negative size")
        }
        let start = offset
        try skip(size, entry: header.name)
        return copy ? Array(bytes[start..<(start + size)]) : []
    }

    /// Advances past `size` bytes of data and the padding to the next block.
    private mutating func skip(_ size: Int, entry: String) throws(ArchiveError) {
        let available = bytes.count - offset
        let padding = (TarHeader.blockSize - size % TarHeader.blockSize) % TarHeader.blockSize
        guard size <= available, padding <= available - size else {
            throw .corruptTar(
                entry: entry,
                "entry \(quoted(entry)) declares \(size) bytes but the archive ends first; the tar stream is truncated"
            )
        }
        offset += size + padding
    }

    private mutating func extendedData(_ raw: RawTarHeader) throws(ArchiveError) -> ArraySlice<UInt8> {
        guard (0...Self.maxExtendedHeaderBytes).contains(raw.size) else {
            throw .corruptTar(
                entry: raw.displayName,
                "extended header \(quoted(raw.displayName)) declares \(raw.size) bytes; at most "
                    + "\(Self.maxExtendedHeaderBytes) are allowed"
            )
        }
        let start = offset
        try skip(raw.size, entry: raw.displayName)
        return bytes[start..<(start + raw.size)]
    }

    private func block(at position: Int, entry: String?) throws(ArchiveError) -> ArraySlice<UInt8> {
        guard bytes.count - position >= TarHeader.blockSize else {
            throw .corruptTar(
                entry: entry,
                "the tar stream ends inside a header block; it is truncated or is not a tar archive"
            )
        }
        return bytes[position..<(position + TarHeader.blockSize)]
    }

    /// Checks what follows the first zero block: a second zero block, or nothing (both end the archive).
    private func endOfArchive(after position: Int) throws(ArchiveError) {
        let rest = bytes[min(position, bytes.count)...]
        guard !TarHeader.isZero(rest.prefix(TarHeader.blockSize)) else { return }
        throw .corruptTar("a lone zero block is followed by more data; the tar stream is corrupt")
    }
}
