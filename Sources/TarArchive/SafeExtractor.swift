/// Extracts pack bundles into memory, refusing anything unsafe or over the limits.
public enum SafeExtractor {
    /// Reads a .tgz bundle and returns its regular files by normalized relative path ("pack.yaml", "schemas/a.json").
    ///
    /// Enforces the limits (archive size before inflating; file count counts regular files only; per-file size and
    /// total from headers AND actual data) and path safety: refuses, naming the entry, absolute paths, any ".."
    /// component, empty/"."/"./" names, NUL bytes, control characters or backslashes in names, names with whitespace
    /// around them, symlinks, hard links, character/block devices, FIFOs, unknown types, duplicate entries (same
    /// normalized path twice, including a file and a directory with the same path), and a file used as another
    /// entry's parent directory. Directory entries are allowed (not counted) and "a/./b" normalizes to "a/b".
    ///
    /// Each header is checked before its data is read, so a header that declares a huge size fails on the limit,
    /// not on memory. The inflated tar stream may hold at most the total limit plus room for headers.
    /// - Parameters:
    ///   - archive: The gzip-compressed tar bundle.
    ///   - limits: The limits to enforce; Cordum's unless given.
    /// - Returns: The contents of every regular file, by normalized path.
    /// - Throws: ``ArchiveError``; the first problem found, in archive order.
    public static func extract(
        _ archive: [UInt8],
        limits: BundleLimits = .cordum
    ) throws(ArchiveError) -> [String: [UInt8]] {
        guard archive.count <= limits.maxArchiveBytes else {
            throw ArchiveError(
                code: .archiveTooLarge,
                message: "pack archive exceeds max compressed size (\(limits.maxArchiveBytes) bytes)"
            )
        }
        let tar: [UInt8]
        do {
            tar = try Gzip.decompress(archive, maxOutputBytes: limits.maxTarBytes)
        } catch {
            throw error.code == .decompressedTooLarge ? .totalTooLarge(limits) : error
        }
        var parser = TarParser(tar)
        var ledger = BundleLedger(limits: limits)
        var files: [String: [UInt8]] = [:]
        while let header = try parser.next() {
            let path = try EntryPath.normalize(header.name)
            try refuseUnsupported(header)
            try ledger.admit(header, at: path)
            guard header.kind == .file else { continue }
            let contents = try parser.contents()
            guard contents.count == header.size, contents.count <= limits.maxFileBytes else {
                throw ArchiveError(
                    code: .fileTooLarge,
                    entry: header.name,
                    message: "pack file too large: \(header.name)"
                )
            }
            files[path] = contents
        }
        return files
    }

    private static func refuseUnsupported(_ header: TarEntryHeader) throws(ArchiveError) {
        switch header.kind {
        case .file, .directory:
            return
        case .symbolicLink:
            throw .refusedType(.symbolicLink, header.name, "a symbolic link to \(quoted(header.linkName))")
        case .hardLink:
            throw .refusedType(.hardLink, header.name, "a hard link to \(quoted(header.linkName))")
        case .characterDevice:
            throw .refusedType(.deviceFile, header.name, "a character device")
        case .blockDevice:
            throw .refusedType(.deviceFile, header.name, "a block device")
        case .fifo:
            throw .refusedType(.unsupportedEntryType, header.name, "a FIFO")
        case .other(let flag):
            let shown = (0x21...0x7e).contains(flag) ? "'\(Character(Unicode.Scalar(flag)))'" : "byte \(flag)"
            throw .refusedType(.unsupportedEntryType, header.name, "of unsupported tar type \(shown)")
        }
    }
}
