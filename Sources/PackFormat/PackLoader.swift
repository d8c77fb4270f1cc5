import Foundation
import StructuredData
public import TarArchive

/// Loads packs from folders and `.tgz` bundles, checking Cordum's installer rules and reading every file the
/// manifest names.
public enum PackLoader {
    /// The manifest names Cordum looks for, in order.
    public static let manifestNames = ["pack.yaml", "pack.yml"]

    /// Whether `path` names a pack: a bundle file, or a folder with `pack.yaml` at its root or in `pack/`.
    public static func isPack(_ path: String) -> Bool {
        if isBundleName(path) { return FileManager.default.fileExists(atPath: path) }
        return findManifestRoot(path) != nil
    }

    /// Whether a file name has a bundle extension (`.tgz`, `.tar.gz`, any case).
    public static func isBundleName(_ path: String) -> Bool {
        let lower = path.lowercased()
        return lower.hasSuffix(".tgz") || lower.hasSuffix(".tar.gz")
    }

    /// Loads a pack from a folder (holding `pack.yaml`, or `pack/pack.yaml`) or from a `.tgz` bundle.
    /// - Parameters:
    ///   - path: the folder or bundle, as the user named it.
    ///   - limits: bundle limits (Cordum's by default).
    /// - Throws: ``PackLoadError`` with every problem found.
    public static func load(_ path: String, limits: BundleLimits = .cordum) throws(PackLoadError) -> Pack {
        let files = try openFiles(path, limits: limits)
        return try load(files)
    }

    /// Loads a pack from a bundle held in memory.
    /// - Parameters:
    ///   - bundle: the `.tgz` bytes.
    ///   - name: how the bundle is named in messages.
    ///   - limits: bundle limits.
    public static func load(bundle: [UInt8], name: String, limits: BundleLimits = .cordum) throws(PackLoadError) -> Pack
    {
        let files = try openArchive(bundle, name: name, limits: limits)
        return try load(files)
    }

    static func findManifestRoot(_ folder: String) -> String? {
        for candidate in [folder, folder + "/pack"] {
            for name in manifestNames where FileManager.default.fileExists(atPath: candidate + "/" + name) {
                return candidate
            }
        }
        return nil
    }

    private static func fail(
        _ code: PackFormatError.Code,
        _ file: String,
        _ message: String,
        hint: String? = nil
    ) -> PackLoadError {
        PackLoadError([PackFormatError(code: code, location: SourceLocation(file: file), message: message, hint: hint)])
    }

    static func openFiles(_ path: String, limits: BundleLimits) throws(PackLoadError) -> PackFiles {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail(.notAPack, path, "no such file or folder")
        }
        if isDirectory.boolValue {
            let trimmed = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
            guard let root = findManifestRoot(trimmed) else {
                throw fail(
                    .manifestNotFound,
                    path,
                    "pack.yaml not found",
                    hint: "a pack folder holds pack.yaml at its root or in pack/"
                )
            }
            return PackFiles(storage: .folder(root: root), display: root)
        }
        guard isBundleName(path) else {
            throw fail(
                .invalidArchive,
                path,
                "unsupported pack format: \(path)",
                hint: "give a folder, a .tgz or a .tar.gz"
            )
        }
        let attributes = try? FileManager.default.attributesOfItem(atPath: path)
        if let size = attributes?[.size] as? Int, size > limits.maxArchiveBytes {
            throw fail(.invalidArchive, path, "pack bundle exceeds max size (\(limits.maxArchiveBytes) bytes)")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail(.invalidArchive, path, "cannot read the bundle")
        }
        return try openArchive([UInt8](data), name: path, limits: limits)
    }

    static func openArchive(_ bytes: [UInt8], name: String, limits: BundleLimits) throws(PackLoadError) -> PackFiles {
        let files: [String: [UInt8]]
        do {
            files = try SafeExtractor.extract(bytes, limits: limits)
        } catch {
            let entry = error.entry.map { "\(name):\($0)" } ?? name
            throw fail(.invalidArchive, entry, error.message)
        }
        if manifestNames.contains(where: { files[$0] != nil }) {
            return PackFiles(storage: .archive(files: files, prefix: ""), display: name)
        }
        let tops = Set(files.keys.map { $0.split(separator: "/", maxSplits: 1).first.map(String.init) ?? $0 })
        guard tops.count == 1, let top = tops.first, !files.keys.contains(top) else {
            throw fail(
                .manifestNotFound,
                name,
                "pack.yaml not found in archive root",
                hint: "put pack.yaml at the root of the archive or in its single top-level folder"
            )
        }
        guard manifestNames.contains(where: { files[top + "/" + $0] != nil }) else {
            throw fail(.manifestNotFound, name, "pack.yaml not found in archive")
        }
        return PackFiles(storage: .archive(files: files, prefix: top + "/"), display: name)
    }

    static func load(_ files: PackFiles) throws(PackLoadError) -> Pack {
        var errors: [PackFormatError] = []
        func parse(_ path: String, field: String, in document: Document?) -> Document? {
            let shown = files.displayPath(FileNames.clean(path))
            let location = document?.location(of: field) ?? SourceLocation(file: shown)
            let fieldPath = JSONPointer.fieldPath(field)
            do {
                let bytes = try files.read(path)
                return try Document.parse(bytes, file: shown)
            } catch let error as DocumentError {
                errors.append(
                    PackFormatError(code: .invalidDocument, location: error.location, message: error.message)
                )
            } catch let error as PackFiles.ReadError {
                errors.append(readError(error, path: path, shown: shown, location: location, field: fieldPath))
            } catch {
                errors.append(PackFormatError(code: .invalidDocument, location: location, message: "\(error)"))
            }
            return nil
        }

        guard let manifestName = manifestNames.first(where: { (try? files.read($0)) != nil }),
            let manifestDocument = parse(manifestName, field: "", in: nil)
        else {
            if errors.isEmpty {
                errors.append(
                    PackFormatError(
                        code: .manifestNotFound,
                        location: SourceLocation(file: files.display),
                        message: "pack.yaml not found"
                    )
                )
            }
            throw PackLoadError(errors)
        }
        let (manifest, decodeErrors) = PackManifest.decode(manifestDocument)
        errors += decodeErrors
        errors += InstallerRules.check(manifest, document: manifestDocument)
        let packID = manifest.metadata.id

        var schemas: [Pack.Schema] = []
        for (index, reference) in manifest.resources.schemas.enumerated() where !reference.path.isEmpty {
            guard let document = parse(reference.path, field: "/resources/schemas/\(index)/path", in: manifestDocument)
            else { continue }
            guard case .object = document.value else {
                errors.append(
                    PackFormatError(
                        code: .wrongType,
                        location: document.location(of: ""),
                        message: "schema file must be an object",
                        hint: "found \(document.value.typeName)"
                    )
                )
                continue
            }
            schemas.append(Pack.Schema(reference: reference, document: document))
        }

        var workflows: [Pack.Workflow] = []
        for (index, reference) in manifest.resources.workflows.enumerated() where !reference.path.isEmpty {
            guard
                let document = parse(reference.path, field: "/resources/workflows/\(index)/path", in: manifestDocument)
            else { continue }
            let (workflow, workflowErrors) = WorkflowDocument.read(document, id: reference.id)
            errors += workflowErrors
            workflows.append(Pack.Workflow(reference: reference, document: document, workflow: workflow))
        }

        var patches: [Pack.ConfigPatch] = []
        for (index, overlay) in manifest.overlays.config.enumerated() where !overlay.path.isEmpty {
            guard let document = parse(overlay.path, field: "/overlays/config/\(index)/path", in: manifestDocument)
            else { continue }
            if InstallerRules.isValidPackID(packID) {
                errors += OverlayRules.check(document, key: overlay.key, packID: packID)
            }
            patches.append(Pack.ConfigPatch(overlay: overlay, patch: document))
        }

        var fragments: [Pack.PolicyFragmentFile] = []
        for (index, overlay) in manifest.overlays.policy.enumerated() where !overlay.path.isEmpty {
            let shown = files.displayPath(FileNames.clean(overlay.path))
            do {
                let content = try files.read(overlay.path)
                let name = overlay.name.isEmpty ? "default" : overlay.name
                fragments.append(
                    Pack.PolicyFragmentFile(overlay: overlay, key: "\(packID)/\(name)", file: shown, content: content)
                )
            } catch {
                let pointer = "/overlays/policy/\(index)/path"
                errors.append(
                    readError(
                        error,
                        path: overlay.path,
                        shown: shown,
                        location: manifestDocument.location(of: pointer),
                        field: JSONPointer.fieldPath(pointer)
                    )
                )
            }
        }

        guard errors.isEmpty else { throw PackLoadError(errors) }
        return Pack(
            location: files.display,
            manifest: manifest,
            manifestDocument: manifestDocument,
            schemas: schemas,
            workflows: workflows,
            configOverlays: patches,
            policyFragments: fragments,
            files: files.list(),
            reader: PackFileReader(files: files)
        )
    }

    private static func readError(
        _ error: PackFiles.ReadError,
        path: String,
        shown: String,
        location: SourceLocation,
        field: String
    ) -> PackFormatError {
        switch error {
        case .unsafe:
            return PackFormatError(
                code: .unsafePath,
                location: location,
                field: field,
                message: "path \"\(path)\" is not a safe relative path inside the pack",
                hint: "use a relative path with no \"..\" that stays inside the pack folder"
            )
        case .missing:
            return PackFormatError(
                code: .missingFile,
                location: location,
                field: field,
                message: "file \"\(path)\" not found in the pack",
                hint: "expected at \(shown)"
            )
        case .tooLarge:
            return PackFormatError(
                code: .fileTooLarge,
                location: location,
                field: field,
                message: "pack file too large: \(path)",
                hint: "files are limited to \(PackFiles.maxFileBytes) bytes"
            )
        case .unreadable(let reason):
            return PackFormatError(code: .missingFile, location: location, field: field, message: reason)
        }
    }
}

/// Path helpers for messages.
enum FileNames {
    /// A manifest path as shown (normalized when safe, else as written).
    static func clean(_ path: String) -> String {
        PackFiles.normalize(path) ?? path
    }
}
