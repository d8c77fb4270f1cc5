import Foundation

/// The outcome of ``CatalogBuilder/plan()``: every bundle and the catalog, in memory, and what blocks them.
public struct BuildPlan: Sendable {
    /// One pack that was loaded.
    public struct PackSummary: Sendable, Hashable {
        /// Its id.
        public var id: String
        /// Its version.
        public var version: String
        /// Where it was loaded from.
        public var location: String
    }

    /// One bundle built.
    public struct Item: Sendable, Hashable {
        /// Where the pack was loaded from.
        public var location: String
        /// Where the bundle is written: `<output>/packs/<id>/<version>/pack.tgz`.
        public var path: String
        /// The bundle.
        public var bundle: Bundle
        /// Its catalog entry.
        public var entry: CatalogEntry

        /// `built <id> <version> → <path> (<n> bytes, sha256 <hex>)`.
        public var progressLine: String {
            "built \(entry.label) → \(path) (\(bundle.size) bytes, sha256 \(bundle.sha256))"
        }
    }

    /// What was built and where.
    public var configuration: BuildConfiguration
    /// Every pack loaded, in load order.
    public var packs: [PackSummary]
    /// The bundles that were built (a blocked pack may still have one; nothing is written while any pack is
    /// blocked).
    public var items: [Item]
    /// Entries of the previous catalog that stay listed.
    public var kept: [CatalogEntry]
    /// The catalog to write.
    public var catalog: Catalog
    /// Everything that blocks the build, each naming its pack when it has one.
    public var blockers: [BundlerError]
    /// Things worth knowing that do not block the build.
    public var notes: [String]
    /// The marketplace pages written beside the catalog (`index.html`, a page per pack, one CSS and one JS file).
    public var site: MarketplaceSite = MarketplaceSite(files: [])

    /// Whether anything blocks the build; then nothing is written, so a catalog never lists half a set.
    public var isBlocked: Bool { !blockers.isEmpty }

    /// Where the catalog and bundles went.
    public struct WriteResult: Sendable, Hashable {
        /// The catalog file.
        public var catalogPath: String
        /// Whether a `catalog.json.sig` that no longer matched the catalog was removed.
        public var removedStaleSignature: Bool
    }

    /// Writes every bundle, then the catalog, then the marketplace pages (each file replaced atomically). A `catalog.json.sig` left from an
    /// earlier build is removed when the catalog's bytes change, since it no longer matches them.
    /// - Parameter progress: called after each bundle is written.
    /// - Throws: the first blocker when the plan is blocked (nothing is written), or ``BundlerError`` with code
    ///   ``BundlerError/Code/writeFailed``.
    public func write(progress: (Item) -> Void = { _ in }) throws(BundlerError) -> WriteResult {
        if let first = blockers.first { throw first }
        for item in items {
            try Output.write(item.bundle.bytes, to: item.path)
            progress(item)
        }
        let catalogPath = configuration.catalogPath
        let bytes = catalog.bytes
        let signaturePath = CatalogSignature.path(forCatalog: catalogPath)
        let old = FileManager.default.contents(atPath: catalogPath).map { [UInt8]($0) }
        try Output.write(bytes, to: catalogPath)
        for file in site.files {
            try Output.write(
                file.bytes,
                to: (configuration.outputDirectory as NSString).appendingPathComponent(file.path)
            )
        }
        var removed = false
        if old != bytes, FileManager.default.fileExists(atPath: signaturePath) {
            do {
                try FileManager.default.removeItem(atPath: signaturePath)
                removed = true
            } catch {
                throw Output.failed(signaturePath, "cannot remove the stale signature: \(error.localizedDescription)")
            }
        }
        return WriteResult(catalogPath: catalogPath, removedStaleSignature: removed)
    }
}

/// Writing output files.
enum Output {
    /// Writes bytes atomically, creating the parent folders; an identical file is left alone.
    static func write(_ bytes: [UInt8], to path: String) throws(BundlerError) {
        let manager = FileManager.default
        if let existing = manager.contents(atPath: path), existing.elementsEqual(bytes) { return }
        let url = URL(fileURLWithPath: path)
        do {
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw failed(path, error.localizedDescription)
        }
    }

    static func failed(_ path: String, _ reason: String) -> BundlerError {
        BundlerError(
            code: .writeFailed,
            location: path,
            message: "cannot write: \(reason)",
            hint: "check the output folder exists and is writable"
        )
    }
}
