extension TarParser {
    /// What PAX `x` and GNU `L`/`K` headers said about the entry that follows them.
    struct ExtendedHeaders {
        var pax: [String: [UInt8]] = [:]
        var longName: [UInt8]?
        var longLink: [UInt8]?

        /// The name the next entry will get, for messages about a broken header.
        var anyName: String? {
            (longName ?? pax["path"]).map { String(decoding: $0, as: UTF8.self) }
        }

        /// Throws if extended headers are left with no entry to apply to.
        func expectNone() throws(ArchiveError) {
            guard pax.isEmpty, longName == nil, longLink == nil else {
                throw .corruptTar(entry: anyName, "the tar stream ends after an extended header with no entry for it")
            }
        }

        /// The entry header for `raw` with the extended values applied.
        func apply(to raw: RawTarHeader) throws(ArchiveError) -> TarEntryHeader {
            let nameBytes = longName ?? pax["path"] ?? raw.name
            let name = try Self.decode(nameBytes, entry: nameBytes, field: "name")
            let linkBytes = longLink ?? pax["linkpath"] ?? raw.linkName
            let linkName = try Self.decode(linkBytes, entry: nameBytes, field: "link target")
            var size = raw.size
            if let value = pax["size"] {
                guard let paxSize = PAXRecords.decimal(value) else {
                    throw .corruptTar(entry: name, "PAX size of entry \(quoted(name)) is not a non-negative integer")
                }
                size = paxSize
            }
            let kind = TarEntry.Kind(typeflag: raw.typeflag, name: nameBytes[...])
            return TarEntryHeader(name: name, kind: kind, mode: raw.mode, linkName: linkName, size: size)
        }

        private static func decode(_ bytes: [UInt8], entry: [UInt8], field: String) throws(ArchiveError) -> String {
            guard let text = String(validating: bytes, as: UTF8.self) else {
                throw .invalidPath(String(decoding: entry, as: UTF8.self), "has a \(field) that is not valid UTF-8")
            }
            return text
        }
    }
}
