import Foundation
import PackFormat
import TarArchive

/// Reads the files of a loaded pack for bundling: from the folder holding `pack.yaml`, or from the `.tgz` it came
/// from.
struct PackSource {
    private enum Storage {
        case folder(root: String, resolvedRoot: String)
        case archive([String: [UInt8]])
    }

    private let storage: Storage
    private let pack: Pack

    private init(storage: Storage, pack: Pack) {
        self.storage = storage
        self.pack = pack
    }

    /// Opens the pack's location.
    static func open(_ pack: Pack) throws(BundlerError) -> PackSource {
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: pack.location, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue {
            let resolved = URL(fileURLWithPath: pack.location).resolvingSymlinksInPath().path
            return PackSource(storage: .folder(root: pack.location, resolvedRoot: resolved), pack: pack)
        }
        guard exists, let data = FileManager.default.contents(atPath: pack.location) else {
            throw unreadable(pack, pack.location, "cannot read the pack's bundle")
        }
        let extracted: [String: [UInt8]]
        do {
            extracted = try SafeExtractor.extract([UInt8](data))
        } catch {
            throw unreadable(pack, pack.location, error.message)
        }
        // The loader accepted it, so the manifest is at the root or in the single top-level folder.
        let atRoot = PackLoader.manifestNames.contains { extracted[$0] != nil }
        var files: [String: [UInt8]] = [:]
        for (name, contents) in extracted {
            if atRoot {
                files[name] = contents
            } else if let slash = name.firstIndex(of: "/") {
                files[String(name[name.index(after: slash)...])] = contents
            }
        }
        return PackSource(storage: .archive(files), pack: pack)
    }

    /// Reads one file, relative to the pack root.
    func read(_ path: String, limits: BundleLimits) throws(BundlerError) -> [UInt8] {
        switch storage {
        case .archive(let files):
            guard let contents = files[path] else { throw Self.unreadable(pack, path, "not in the bundle") }
            return contents
        case .folder(let root, let resolvedRoot):
            return try readFile(root + "/" + path, resolvedRoot: resolvedRoot, limits: limits)
        }
    }

    private func readFile(_ full: String, resolvedRoot: String, limits: BundleLimits) throws(BundlerError) -> [UInt8] {
        let manager = FileManager.default
        // Links are followed only while they stay inside the pack (any component of the path may be one).
        let target = URL(fileURLWithPath: full).resolvingSymlinksInPath().path
        guard target.hasPrefix(resolvedRoot + "/") else {
            throw unsafe(full, "is a link to \(target), outside the pack")
        }
        guard let attributes = try? manager.attributesOfItem(atPath: target),
            attributes[.type] as? FileAttributeType == .typeRegular
        else {
            throw unsafe(full, "is not a regular file")
        }
        if let size = attributes[.size] as? Int, size > limits.maxFileBytes {
            throw BundlerError(
                code: .bundleTooLarge,
                location: full,
                packID: pack.id,
                message: "pack file too large: \(size) bytes",
                hint: "Cordum refuses files over \(limits.maxFileBytes) bytes"
            )
        }
        guard let data = manager.contents(atPath: target) else {
            throw Self.unreadable(pack, full, "cannot read the file")
        }
        return [UInt8](data)
    }

    private func unsafe(_ file: String, _ message: String) -> BundlerError {
        BundlerError(
            code: .unsafeFile,
            location: file,
            packID: pack.id,
            message: message,
            hint: "bundles hold regular files only; copy the file into the pack or remove it"
        )
    }

    private static func unreadable(_ pack: Pack, _ location: String, _ message: String) -> BundlerError {
        BundlerError(code: .packNotLoaded, location: location, packID: pack.id, message: message)
    }
}
