import Foundation

/// Writes a scaffold to disk.
extension Scaffold {
    /// Why writing failed.
    public struct WriteError: Error, CustomStringConvertible {
        /// The file or folder concerned.
        public var path: String
        /// What went wrong.
        public var reason: String
        public var description: String { "\(path): \(reason)" }
    }

    /// Writes the files under `directory`, creating folders (0750) and files (0644).
    /// - Parameters:
    ///   - directory: the pack folder to create, e.g. `packs/<id>`.
    ///   - force: overwrite files that exist.
    /// - Returns: the paths written, sorted.
    /// - Throws: ``WriteError`` naming the file, before anything is written when a file exists without `force`.
    @discardableResult
    public func write(to directory: String, force: Bool = false) throws(WriteError) -> [String] {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: directory, isDirectory: &isDirectory), !isDirectory.boolValue {
            throw WriteError(path: directory, reason: "not a directory")
        }
        let paths = files.keys.sorted()
        if !force {
            for path in paths where manager.fileExists(atPath: directory + "/" + path) {
                throw WriteError(path: directory + "/" + path, reason: "file exists (use --force to overwrite)")
            }
        }
        var written: [String] = []
        for path in paths {
            let full = directory + "/" + path
            let folder = (full as NSString).deletingLastPathComponent
            do {
                try manager.createDirectory(
                    atPath: folder,
                    withIntermediateDirectories: true,
                    attributes: [.posixPermissions: 0o750]
                )
                try Data(files[path]!.utf8).write(to: URL(fileURLWithPath: full))
                try manager.setAttributes([.posixPermissions: 0o644], ofItemAtPath: full)
            } catch {
                throw WriteError(path: full, reason: "cannot write: \(error.localizedDescription)")
            }
            written.append(full)
        }
        return written
    }
}
