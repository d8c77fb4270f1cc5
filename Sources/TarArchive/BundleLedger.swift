/// Keeps count while a bundle is extracted: the paths seen so far, the number of files and their total size.
struct BundleLedger {
    private enum Seen {
        case file, directory
    }

    let limits: BundleLimits
    private var seen: [String: Seen] = [:]
    /// Directories that exist only because a deeper entry lies inside them.
    private var implicitDirectories: Set<String> = []
    private(set) var fileCount = 0
    private(set) var totalBytes = 0

    init(limits: BundleLimits) {
        self.limits = limits
    }

    /// Records an entry at normalized `path`, refusing duplicates, conflicts and anything over the limits.
    mutating func admit(_ header: TarEntryHeader, at path: String) throws(ArchiveError) {
        let isFile = header.kind == .file
        if seen[path] != nil {
            throw ArchiveError(
                code: .duplicateEntry,
                entry: header.name,
                message: "entry \(quoted(header.name)) repeats the path \(quoted(path)); each path may appear once"
            )
        }
        if isFile && implicitDirectories.contains(path) {
            throw conflict(header.name, path)
        }
        for parent in EntryPath.parents(of: path) {
            if seen[parent] == .file {
                throw conflict(header.name, parent)
            }
            implicitDirectories.insert(parent)
        }
        seen[path] = isFile ? .file : .directory
        guard isFile else { return }
        try count(header)
    }

    private mutating func count(_ header: TarEntryHeader) throws(ArchiveError) {
        fileCount += 1
        if fileCount > limits.maxFiles {
            throw ArchiveError(code: .tooManyFiles, message: "pack archive exceeds max files (\(limits.maxFiles))")
        }
        if header.size < 0 || header.size > limits.maxFileBytes {
            throw ArchiveError(code: .fileTooLarge, entry: header.name, message: "pack file too large: \(header.name)")
        }
        let sum = totalBytes.addingReportingOverflow(header.size)
        if sum.overflow || sum.partialValue > limits.maxTotalBytes {
            throw ArchiveError.totalTooLarge(limits)
        }
        totalBytes = sum.partialValue
    }

    private func conflict(_ name: String, _ path: String) -> ArchiveError {
        ArchiveError(
            code: .pathConflict,
            entry: name,
            message: "entry \(quoted(name)) needs \(quoted(path)) to be both a file and a directory; "
                + "a path may be only one of them"
        )
    }
}

extension ArchiveError {
    static func totalTooLarge(_ limits: BundleLimits) -> ArchiveError {
        ArchiveError(code: .totalTooLarge, message: "pack archive exceeds max size (\(limits.maxTotalBytes) bytes)")
    }
}
