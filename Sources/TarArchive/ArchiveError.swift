/// An error reading, inflating or safely extracting an archive.
///
/// Match on ``code``, which is stable; ``message`` is one sentence for people and may change.
public struct ArchiveError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stable, machine-readable error code.
    ///
    /// A struct over a private enum, so codes can be added without breaking anybody's `switch`.
    public struct Code: Sendable, Hashable, CustomStringConvertible {
        private enum Base: String, Sendable, Hashable {
            case archiveTooLarge, tooManyFiles, fileTooLarge, totalTooLarge, decompressedTooLarge
            case absolutePath, pathTraversal, invalidPath
            case symbolicLink, hardLink, deviceFile, unsupportedEntryType
            case duplicateEntry, pathConflict
            case corruptGzip, corruptTar
        }

        private let base: Base

        private init(_ base: Base) {
            self.base = base
        }

        /// The compressed archive is larger than ``BundleLimits/maxArchiveBytes``.
        public static let archiveTooLarge = Code(.archiveTooLarge)
        /// The archive holds more regular files than ``BundleLimits/maxFiles``.
        public static let tooManyFiles = Code(.tooManyFiles)
        /// One file is larger than ``BundleLimits/maxFileBytes`` (or declares a negative size).
        public static let fileTooLarge = Code(.fileTooLarge)
        /// The files together, or the inflated archive, are larger than ``BundleLimits/maxTotalBytes`` allows.
        public static let totalTooLarge = Code(.totalTooLarge)
        /// A gzip stream inflates to more than the caller's `maxOutputBytes`.
        public static let decompressedTooLarge = Code(.decompressedTooLarge)
        /// An entry name is an absolute path.
        public static let absolutePath = Code(.absolutePath)
        /// An entry name has a `..` component.
        public static let pathTraversal = Code(.pathTraversal)
        /// An entry name is empty, names the root, has whitespace around it, or holds NUL, control characters,
        /// backslashes or bytes that are not UTF-8.
        public static let invalidPath = Code(.invalidPath)
        /// An entry is a symbolic link.
        public static let symbolicLink = Code(.symbolicLink)
        /// An entry is a hard link.
        public static let hardLink = Code(.hardLink)
        /// An entry is a character or block device.
        public static let deviceFile = Code(.deviceFile)
        /// An entry is a FIFO or has a type flag that is neither a regular file nor a directory.
        public static let unsupportedEntryType = Code(.unsupportedEntryType)
        /// Two entries have the same normalized path.
        public static let duplicateEntry = Code(.duplicateEntry)
        /// A path is used both as a file and as the parent directory of another entry.
        public static let pathConflict = Code(.pathConflict)
        /// The bytes are not a valid gzip stream.
        public static let corruptGzip = Code(.corruptGzip)
        /// The bytes are not a valid tar stream.
        public static let corruptTar = Code(.corruptTar)

        /// The code's stable name, for example `pathTraversal`.
        public var description: String {
            base.rawValue
        }
    }

    /// What went wrong.
    public var code: Code
    /// The name of the offending archive entry, as stored in the archive, if there is one.
    public var entry: String?
    /// One sentence that names the entry and says what is valid.
    public var message: String

    /// Creates an error.
    /// - Parameters:
    ///   - code: The stable error code.
    ///   - entry: The offending entry name, if any.
    ///   - message: One sentence for people.
    public init(code: Code, entry: String? = nil, message: String) {
        self.code = code
        self.entry = entry
        self.message = message
    }

    /// The message.
    public var description: String {
        message
    }
}
