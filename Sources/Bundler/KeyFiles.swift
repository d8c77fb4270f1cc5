import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reading and writing key files: `NAME.key` (private, mode 0600) and `NAME.pub`.
public enum KeyFiles {
    /// Whether a key pair name is usable as a file name: letters, digits, `.`, `_` and `-`, not starting with `.`.
    /// - Parameter name: the name.
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first != "." else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || "._-".unicodeScalars
                    .contains($0)
        }
    }

    /// Writes a key pair: `<folder>/<name>.key`, created with mode 0600, and `<folder>/<name>.pub`.
    /// - Parameters:
    ///   - key: the private key.
    ///   - name: the file name without extension.
    ///   - folder: the folder (created when missing).
    ///   - force: whether existing files may be replaced.
    /// - Returns: the two paths.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/fileExists`` (without `force`; nothing written) or
    ///   ``BundlerError/Code/writeFailed``.
    public static func write(
        _ key: SigningKey,
        name: String,
        folder: String,
        force: Bool
    ) throws(BundlerError) -> (privateKey: String, publicKey: String) {
        guard isValidName(name) else {
            throw BundlerError(
                code: .writeFailed,
                location: name,
                message: "\"\(name)\" cannot name key files",
                hint: "letters, digits, '.', '_' and '-', not starting with '.'"
            )
        }
        let privatePath = folder.joiningPath(name + ".key")
        let publicPath = folder.joiningPath(name + ".pub")
        let manager = FileManager.default
        for path in [privatePath, publicPath] where exists(path) {
            guard force else {
                throw BundlerError(
                    code: .fileExists,
                    location: path,
                    message: "the file exists; keygen does not replace keys",
                    hint: "pass --force to replace the pair, or choose another --name"
                )
            }
        }
        do {
            try manager.createDirectory(atPath: folder.isEmpty ? "." : folder, withIntermediateDirectories: true)
            for path in [privatePath, publicPath] where exists(path) { try manager.removeItem(atPath: path) }
        } catch {
            throw Output.failed(folder, error.localizedDescription)
        }
        try create(privatePath, key.fileContents, mode: 0o600)
        try create(publicPath, key.publicKey.fileContents, mode: 0o644)
        return (privatePath, publicPath)
    }

    /// Reads a private key file.
    /// - Parameter path: the `NAME.key` file.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/invalidKey``.
    public static func signingKey(at path: String) throws(BundlerError) -> SigningKey {
        try SigningKey(fileContents: try read(path), file: path)
    }

    /// Reads a public key file.
    /// - Parameter path: the `NAME.pub` file.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/invalidKey``.
    public static func publicKey(at path: String) throws(BundlerError) -> PublicKey {
        try PublicKey(fileContents: try read(path), file: path)
    }

    /// Whether a private key file can be read by others than its owner (mode wider than 0600).
    /// - Parameter path: the key file.
    public static func isExposed(_ path: String) -> Bool {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int else {
            return false
        }
        return mode & 0o077 != 0
    }

    private static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    private static func read(_ path: String) throws(BundlerError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw BundlerError(code: .invalidKey, location: path, message: "cannot read the key file")
        }
        return [UInt8](data)
    }

    /// Creates a new file with the given mode (never following or replacing an existing one) and writes it.
    private static func create(_ path: String, _ bytes: [UInt8], mode: mode_t) throws(BundlerError) {
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL, mode)
        guard descriptor >= 0 else { throw Output.failed(path, String(cString: strerror(errno))) }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try handle.write(contentsOf: Data(bytes))
            try handle.close()
        } catch {
            throw Output.failed(path, error.localizedDescription)
        }
    }
}
