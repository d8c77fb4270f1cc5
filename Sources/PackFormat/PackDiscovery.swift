import Foundation
import StructuredData
import TarArchive

/// Finds and loads the packs under a list of paths: each path is a pack (folder or bundle) or a folder of packs.
public enum PackDiscovery {
    /// The packs found, and the problems of those that failed to load.
    public struct Result: Sendable {
        /// Packs that loaded, in path order then name order.
        public var packs: [Pack]
        /// Problems, grouped per pack that failed.
        public var errors: [PackFormatError]
    }

    /// Loads every pack under `paths`.
    ///
    /// A path that is itself a pack is loaded; otherwise each entry of the folder that is a pack (a sub-folder with
    /// `pack.yaml` at its root or in `pack/`, or a `.tgz`) is loaded, in name order, skipping dot-entries. Two packs
    /// with the same id are an error.
    public static func load(_ paths: [String]) -> Result {
        var packs: [Pack] = []
        var errors: [PackFormatError] = []
        var candidates: [String] = []
        for path in paths {
            if PackLoader.isPack(path) {
                candidates.append(path)
                continue
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
                let names = try? FileManager.default.contentsOfDirectory(atPath: path)
            else {
                errors.append(
                    PackFormatError(
                        code: .notAPack,
                        location: .init(file: path),
                        message: "no such pack or folder of packs",
                        hint: "give a pack folder (with pack.yaml or pack/pack.yaml), a .tgz, or a folder of packs"
                    )
                )
                continue
            }
            let base = path.hasSuffix("/") ? String(path.dropLast()) : path
            let found = names.sorted().filter { !$0.hasPrefix(".") }.map { base + "/" + $0 }.filter(PackLoader.isPack)
            if found.isEmpty {
                errors.append(
                    PackFormatError(
                        code: .notAPack,
                        location: .init(file: path),
                        message: "no packs found in this folder",
                        hint: "a pack folder holds pack.yaml at its root or in pack/"
                    )
                )
            }
            candidates += found
        }
        var seen: [String: String] = [:]
        for candidate in candidates {
            do {
                let pack = try PackLoader.load(candidate)
                if let first = seen[pack.id] {
                    errors.append(
                        PackFormatError(
                            code: .duplicatePack,
                            location: pack.manifestDocument.location(of: "/metadata/id"),
                            field: "metadata.id",
                            message: "pack id \"\(pack.id)\" is also used by \(first)",
                            hint: "load each pack once; ids must be unique"
                        )
                    )
                    continue
                }
                seen[pack.id] = pack.location
                packs.append(pack)
            } catch {
                errors += error.errors
            }
        }
        return Result(packs: packs, errors: errors)
    }
}
