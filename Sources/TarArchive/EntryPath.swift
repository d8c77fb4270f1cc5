/// Lexical checks and normalization of archive entry names.
enum EntryPath {
    /// The normalized relative path of `name`: `.` and empty components dropped, for example `./a//b/` → `a/b`.
    ///
    /// Stricter than Cordum's `safeJoin`, which only refuses paths that escape the root: any `..` component is
    /// refused here, and so are names with whitespace around them (which `safeJoin` would trim away).
    /// - Throws: ``ArchiveError`` with code ``ArchiveError/Code/absolutePath``, ``ArchiveError/Code/pathTraversal``
    ///   or ``ArchiveError/Code/invalidPath``.
    static func normalize(_ name: String) throws(ArchiveError) -> String {
        if name.unicodeScalars.contains("\u{0}") {
            throw .invalidPath(name, "contains a NUL byte")
        }
        if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7f }) {
            throw .invalidPath(name, "contains a control character")
        }
        if name.contains("\\") {
            throw .invalidPath(name, "contains a backslash")
        }
        if name.first?.isWhitespace == true || name.last?.isWhitespace == true {
            throw .invalidPath(name, "has whitespace at its start or end")
        }
        if name.hasPrefix("/") {
            throw ArchiveError(
                code: .absolutePath,
                entry: name,
                message: "entry \(quoted(name)) is an absolute path; entries must be relative paths inside the pack"
            )
        }
        let components = name.split(separator: "/", omittingEmptySubsequences: true).filter { $0 != "." }
        if components.contains("..") {
            throw ArchiveError(
                code: .pathTraversal,
                entry: name,
                message: "entry \(quoted(name)) has a \"..\" component that can escape the bundle root; "
                    + "entries must be relative paths inside the pack"
            )
        }
        guard !components.isEmpty else {
            throw .invalidPath(name, "names the bundle root, not a file or directory in it")
        }
        return components.joined(separator: "/")
    }

    /// The paths of every directory above `path`, outermost first: `a/b/c` → `a`, `a/b`.
    static func parents(of path: String) -> [String] {
        let components = path.split(separator: "/")
        return (1..<max(1, components.count)).map { components[0..<$0].joined(separator: "/") }
    }
}
