/// Which files of a pack go into its bundle.
public enum BundleFiles {
    /// The pack's files that belong in the bundle, sorted by path bytes: every file except those with a path
    /// component starting with `.` (dot-files and dot-folders, such as `.env` or `.git`) or named `__pycache__`,
    /// as Cordum's publisher skips them.
    /// - Parameter files: the pack's files, relative to its root.
    public static func select(_ files: [String]) -> [String] {
        files.filter { path in
            !path.split(separator: "/").contains { $0.hasPrefix(".") || $0 == "__pycache__" }
        }
        .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
    }
}
