/// The fields of one 512-byte header block, checked and parsed but not yet combined with extended headers.
struct RawTarHeader {
    /// The ustar name, joined to the prefix field for POSIX ustar headers.
    var name: [UInt8]
    var mode: Int
    var size: Int
    var typeflag: UInt8
    var linkName: [UInt8]

    /// The name for messages, with bytes that are not UTF-8 replaced.
    var displayName: String {
        String(decoding: name, as: UTF8.self)
    }

    /// Parses a header block, verifying its checksum and numeric fields.
    init(_ block: ArraySlice<UInt8>) throws(ArchiveError) {
        let field = { (range: Range<Int>) in
            block[(block.startIndex + range.lowerBound)..<(block.startIndex + range.upperBound)]
        }
        var name = Array(TarHeader.string(field(TarHeader.name)))
        let magic = field(TarHeader.magic.lowerBound..<TarHeader.version.upperBound)
        if magic.elementsEqual(TarHeader.posixMagic) {
            let prefix = TarHeader.string(field(TarHeader.prefix))
            if !prefix.isEmpty {
                name = Array(prefix) + [UInt8(ascii: "/")] + name
            }
        }
        self.name = name
        typeflag = block[block.startIndex + TarHeader.typeflag]
        linkName = Array(TarHeader.string(field(TarHeader.linkName)))
        let display = String(decoding: name, as: UTF8.self)

        guard case .value(let stored) = TarHeader.octal(field(TarHeader.checksum)) else {
            throw Self.badField("checksum", display)
        }
        let sums = TarHeader.checksums(block)
        guard stored == sums.unsigned || stored == sums.signed else {
            throw .corruptTar(
                entry: display,
                "header of entry \(quoted(display)) has checksum \(stored) but its bytes sum to \(sums.unsigned); "
                    + "the tar stream is corrupt"
            )
        }
        mode = try Self.number(field(TarHeader.mode), "mode", display)
        size = try Self.number(field(TarHeader.size), "size", display)
        for (range, label) in [(TarHeader.uid, "uid"), (TarHeader.gid, "gid"), (TarHeader.mtime, "mtime")] {
            _ = try Self.number(field(range), label, display)
        }
    }

    private static func number(
        _ field: ArraySlice<UInt8>,
        _ label: String,
        _ entry: String
    ) throws(ArchiveError) -> Int {
        guard case .value(let value) = TarHeader.number(field) else {
            throw badField(label, entry)
        }
        return value
    }

    private static func badField(_ label: String, _ entry: String) -> ArchiveError {
        .corruptTar(
            entry: entry,
            "header of entry \(quoted(entry)) has an invalid \(label) field; numeric fields must be octal or base-256"
        )
    }
}
