import Crypto
public import PackFormat
public import TarArchive

/// A pack bundle: the deterministic `.tgz` bytes and their digest.
public struct Bundle: Sendable, Hashable {
    /// The gzip-compressed tar bytes.
    public var bytes: [UInt8]
    /// The entry names, in archive order.
    public var entries: [String]

    /// The lowercase hex sha256 of ``bytes``.
    public var sha256: String { Digest.sha256(bytes) }
    /// The length of ``bytes``.
    public var size: Int { bytes.count }
}

/// Turns a pack into a byte-reproducible bundle.
///
/// Entries are the pack's files chosen by ``BundleFiles/select(_:)`` (no dot-files, no `__pycache__`), named by
/// their path relative to the folder holding `pack.yaml`, sorted by bytes, written as regular files with mode 0644,
/// mtime 0, uid and gid 0 and no owner names, with no directory entries and no `./` entry, then gzipped with header
/// mtime 0, no file name and a fixed OS byte. The same files give the same bytes on every machine with the same
/// zlib.
public enum BundleWriter {
    /// The deterministic archive of some files.
    /// - Parameter files: file contents by path relative to the bundle root; written in byte order of path.
    /// - Returns: the `.tgz` bytes.
    public static func archive(_ files: [String: [UInt8]]) -> [UInt8] {
        let names = files.keys.sorted(by: ByteOrder.precedes)
        let entries = names.map { TarEntry(file: $0, contents: files[$0]!, mode: 0o644) }
        return Gzip.compress(TarWriter.write(entries))
    }

    /// Bundles a pack loaded from a folder or a `.tgz`.
    /// - Parameters:
    ///   - pack: the pack; its files are read from ``Pack/location``.
    ///   - limits: the bundle limits to stay within (Cordum's by default).
    /// - Returns: the bundle.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/unsafeFile`` (a link leaving the pack, or a special
    ///   file), ``BundlerError/Code/bundleTooLarge``, or ``BundlerError/Code/packNotLoaded`` when a file cannot be
    ///   read.
    public static func bundle(_ pack: Pack, limits: BundleLimits = .cordum) throws(BundlerError) -> Bundle {
        let selected = BundleFiles.select(pack.files)
        let label = "pack \(pack.id) \(pack.version)"
        guard selected.count <= limits.maxFiles else {
            throw BundlerError(
                code: .bundleTooLarge,
                location: pack.location,
                packID: pack.id,
                message: "\(label) has \(selected.count) files; a bundle holds at most \(limits.maxFiles)",
                hint: "Cordum refuses the archive; move generated or vendored files out of the pack folder"
            )
        }
        let source = try PackSource.open(pack)
        var files: [String: [UInt8]] = [:]
        var total = 0
        for path in selected {
            let contents = try source.read(path, limits: limits)
            total += contents.count
            guard total <= limits.maxTotalBytes else {
                throw BundlerError(
                    code: .bundleTooLarge,
                    location: pack.location,
                    packID: pack.id,
                    message: "\(label) holds more than \(limits.maxTotalBytes) bytes",
                    hint: "Cordum refuses archives over 256 MiB uncompressed"
                )
            }
            files[path] = contents
        }
        let bytes = archive(files)
        guard bytes.count <= limits.maxArchiveBytes else {
            throw BundlerError(
                code: .bundleTooLarge,
                location: pack.location,
                packID: pack.id,
                message: "\(label) compresses to \(bytes.count) bytes, over \(limits.maxArchiveBytes)",
                hint: "Cordum's marketplace refuses downloads over 64 MiB"
            )
        }
        return Bundle(bytes: bytes, entries: selected)
    }
}

/// Hex digests.
enum Digest {
    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// The lowercase hex sha256 of some bytes.
    static func sha256(_ bytes: [UInt8]) -> String {
        hex(Array(SHA256.hash(data: bytes)))
    }

    /// Lowercase hex.
    static func hex(_ bytes: [UInt8]) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            text.append(hexDigits[Int(byte >> 4)])
            text.append(hexDigits[Int(byte & 0xF)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
