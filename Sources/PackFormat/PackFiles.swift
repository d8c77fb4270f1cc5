import Foundation
import StructuredData
import TarArchive

/// Where a pack's files come from: a folder on disk or an extracted bundle held in memory.
struct PackFiles: Sendable {
    enum Storage: Sendable {
        case folder(root: String)
        case archive(files: [String: [UInt8]], prefix: String)
    }

    let storage: Storage
    /// How the pack root is shown in messages.
    let display: String

    /// The per-file limit applied to folders too, so a huge file cannot exhaust memory.
    static let maxFileBytes = BundleLimits.cordum.maxFileBytes

    /// How a relative path is shown in messages.
    func displayPath(_ relative: String) -> String {
        switch storage {
        case .folder: return display == "." ? relative : display + "/" + relative
        case .archive: return display + ":" + relative
        }
    }

    /// Normalizes a manifest path: relative, no `..`, `.` segments dropped. Nil when unsafe.
    static func normalize(_ path: String) -> String? {
        let trimmed = path.trimmingSpaces
        guard !trimmed.isEmpty, !trimmed.hasPrefix("/"), !trimmed.contains("\\"), !trimmed.contains("\0") else {
            return nil
        }
        var parts: [Substring] = []
        for part in trimmed.split(separator: "/", omittingEmptySubsequences: true) {
            if part == "." { continue }
            if part == ".." { return nil }
            parts.append(part)
        }
        return parts.isEmpty ? nil : parts.joined(separator: "/")
    }

    enum ReadError: Error {
        case unsafe
        case missing
        case tooLarge
        case unreadable(String)
    }

    /// Reads a file named by the manifest.
    func read(_ path: String) throws(ReadError) -> [UInt8] {
        guard let relative = Self.normalize(path) else { throw .unsafe }
        switch storage {
        case .archive(let files, let prefix):
            guard let bytes = files[prefix + relative] else { throw .missing }
            return bytes
        case .folder(let root):
            let full = root + "/" + relative
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else {
                throw .missing
            }
            // A link may not lead outside the pack: compare resolved paths.
            let resolvedRoot = URL(fileURLWithPath: root).resolvingSymlinksInPath().path
            let resolved = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
            guard resolved.hasPrefix(resolvedRoot + "/") else { throw .unsafe }
            let attributes = try? FileManager.default.attributesOfItem(atPath: resolved)
            if let size = attributes?[.size] as? Int, size > Self.maxFileBytes { throw .tooLarge }
            guard let data = FileManager.default.contents(atPath: resolved) else {
                throw .unreadable("cannot read \(displayPath(relative))")
            }
            return [UInt8](data)
        }
    }

    /// Every file under the pack root, relative and sorted (dot-files included; callers decide).
    func list() -> [String] {
        switch storage {
        case .archive(let files, let prefix):
            return files.keys.filter { $0.hasPrefix(prefix) }.map { String($0.dropFirst(prefix.count)) }.sorted()
        case .folder(let root):
            guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
            var result: [String] = []
            while let next = enumerator.nextObject() as? String {
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: root + "/" + next, isDirectory: &isDirectory),
                    !isDirectory.boolValue
                {
                    result.append(next)
                }
            }
            return result.sorted()
        }
    }
}
