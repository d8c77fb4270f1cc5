/// Reads uncompressed tar streams into entries.
public enum TarReader {
    /// Parses an uncompressed tar stream: ustar, GNU long names (typeflag 'L'/'K'), and PAX extended headers ('x'
    /// path/linkpath/size, 'g' ignored). Verifies header checksums. Stops at the two zero blocks or end of data.
    ///
    /// This applies no limits and no path checks; use ``SafeExtractor`` for archives from outside.
    /// - Parameter bytes: The tar stream.
    /// - Returns: The entries in archive order; links, devices, FIFOs and directories have empty contents.
    /// - Throws: ``ArchiveError`` with code ``ArchiveError/Code/corruptTar``, or ``ArchiveError/Code/invalidPath``
    ///   for a name that is not UTF-8.
    public static func read(_ bytes: [UInt8]) throws(ArchiveError) -> [TarEntry] {
        var parser = TarParser(bytes)
        var entries: [TarEntry] = []
        while let header = try parser.next() {
            let contents = try parser.contents()
            entries.append(
                TarEntry(
                    name: header.name,
                    kind: header.kind,
                    mode: header.mode,
                    linkName: header.linkName,
                    contents: contents
                )
            )
        }
        return entries
    }
}
