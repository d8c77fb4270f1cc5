/// One entry of a tar archive: a name, a type, a mode and, for files, the contents.
public struct TarEntry: Sendable, Hashable {
    /// The type of an entry, from the header's type flag.
    public enum Kind: Sendable, Hashable {
        /// A regular file (type flag `0`, or NUL for old archives).
        case file
        /// A directory (type flag `5`).
        case directory
        /// A symbolic link to ``TarEntry/linkName`` (type flag `2`).
        case symbolicLink
        /// A hard link to the earlier entry ``TarEntry/linkName`` (type flag `1`).
        case hardLink
        /// A character device (type flag `3`).
        case characterDevice
        /// A block device (type flag `4`).
        case blockDevice
        /// A named pipe (type flag `6`).
        case fifo
        /// Any other type flag, such as `7` (contiguous file), `S` (GNU sparse) or `V` (volume label).
        case other(UInt8)
    }

    /// The entry's path as stored in the archive, for example `pack.yaml` or `schemas/`.
    public var name: String
    /// The entry's type.
    public var kind: Kind
    /// The permission bits (and any set-id bits), for example `0o644`.
    public var mode: Int
    /// The link target of a symbolic or hard link; empty otherwise.
    public var linkName: String
    /// The entry's data; empty for directories, links, devices and FIFOs.
    public var contents: [UInt8]

    /// Creates an entry of any kind.
    /// - Parameters:
    ///   - name: The path stored in the archive.
    ///   - kind: The entry's type.
    ///   - mode: The permission bits.
    ///   - linkName: The link target for links.
    ///   - contents: The data; ignored by ``TarWriter`` for kinds whose headers carry no data.
    public init(name: String, kind: Kind, mode: Int = 0o644, linkName: String = "", contents: [UInt8] = []) {
        self.name = name
        self.kind = kind
        self.mode = mode
        self.linkName = linkName
        self.contents = contents
    }

    /// Creates a regular file entry.
    /// - Parameters:
    ///   - name: The file's path, for example `schemas/a.json`.
    ///   - contents: The file's bytes.
    ///   - mode: The permission bits; `0o644` unless given.
    public init(file name: String, contents: [UInt8], mode: Int = 0o644) {
        self.init(name: name, kind: .file, mode: mode, contents: contents)
    }

    /// Creates a directory entry.
    /// - Parameters:
    ///   - name: The directory's path, conventionally ending in `/`.
    ///   - mode: The permission bits; `0o755` unless given.
    public init(directory name: String, mode: Int = 0o755) {
        self.init(name: name, kind: .directory, mode: mode)
    }
}
