import Foundation
import PackFormat
import PackVerification
import StructuredData

/// Builds a catalog: loads the packs, gates them on lint and policy simulations, bundles each reproducibly,
/// checks every bundle loads back through Cordum's installer rules, and merges the entries with an earlier
/// catalog. ``plan()`` writes nothing; ``BuildPlan/write(progress:)`` publishes.
public struct CatalogBuilder: Sendable {
    /// What to build and where.
    public var configuration: BuildConfiguration

    /// Creates a builder.
    /// - Parameter configuration: what to build and where.
    public init(configuration: BuildConfiguration) {
        self.configuration = configuration
    }

    /// Loads, gates, bundles and merges, in memory.
    /// - Returns: the plan; when ``BuildPlan/isBlocked``, its ``BuildPlan/blockers`` say what stops which pack.
    /// - Throws: ``BundlerFailure`` for unusable input: a pack that does not load, an unreadable or invalid
    ///   previous catalog, a policy that does not parse.
    public func plan() throws(BundlerFailure) -> BuildPlan {
        let discovery = PackDiscovery.load(configuration.paths)
        guard discovery.errors.isEmpty else {
            throw BundlerFailure(discovery.errors.map(Self.notLoaded))
        }
        let previous = try loadPrevious()
        var blockers = try BuildGate.check(discovery.packs, level: configuration.gate)
        var items: [BuildPlan.Item] = []
        for pack in discovery.packs {
            do {
                items.append(try item(for: pack))
            } catch {
                blockers.append(error)
            }
        }
        var merge = CatalogMerge(items: items, previous: previous, configuration: configuration)
        merge.run()
        blockers += merge.blockers
        let catalog = Catalog(updatedAt: configuration.updatedAt, packs: merge.entries)
        let size = catalog.bytes.count
        if size > Catalog.maxBytes {
            blockers.append(
                BundlerError(
                    code: .catalogTooLarge,
                    location: configuration.catalogPath,
                    message: "the catalog would be \(size) bytes; Cordum's gateway reads at most \(Catalog.maxBytes)",
                    hint: "publish fewer versions in one catalog"
                )
            )
        }
        let built = items.compactMap { item in
            discovery.packs.first { $0.id == item.entry.id && $0.version == item.entry.version }.map {
                ($0, item.entry)
            }
        }
        let site = MarketplaceSite.build(
            built,
            report: try? PolicySuite(packs: discovery.packs).run(),
            catalog: catalog,
            catalogURL: configuration.baseURL.text + "/catalog.json"
        )
        return BuildPlan(
            configuration: configuration,
            packs: discovery.packs.map { .init(id: $0.id, version: $0.version, location: $0.location) },
            items: items,
            kept: merge.kept,
            catalog: catalog,
            blockers: blockers,
            notes: merge.notes,
            site: site
        )
    }

    /// Bundles one pack and checks the bundle loads back as the same pack.
    private func item(for pack: Pack) throws(BundlerError) -> BuildPlan.Item {
        guard BundlePath.isSafeVersion(pack.version) else {
            throw BundlerError(
                code: .unsafeVersion,
                location: "\(pack.manifestDocument.location(of: "/metadata/version"))",
                packID: pack.id,
                field: "metadata.version",
                message: "version \"\(pack.version)\" cannot name the folder and URL packs/\(pack.id)/<version>/",
                hint: "use semver such as \"0.1.0\" (letters, digits, '.', '_', '+', '-')"
            )
        }
        let bundle = try BundleWriter.bundle(pack, limits: configuration.limits)
        let path = configuration.bundlePath(id: pack.id, version: pack.version)
        let loaded: Pack
        do {
            loaded = try PackLoader.load(bundle: bundle.bytes, name: path, limits: configuration.limits)
        } catch {
            throw BundlerError(
                code: .bundleInvalid,
                location: path,
                packID: pack.id,
                message: "the bundle built from \(pack.location) does not load: "
                    + error.errors.map(\.description).joined(separator: "; "),
                hint: "Cordum's installer would refuse it"
            )
        }
        guard loaded.id == pack.id, loaded.version == pack.version else {
            throw BundlerError(
                code: .bundleInvalid,
                location: path,
                packID: pack.id,
                message: "the bundle loads as \(loaded.id) \(loaded.version), not \(pack.id) \(pack.version)"
            )
        }
        let url = configuration.baseURL.bundleURL(id: pack.id, version: pack.version)
        let entry = CatalogEntry(
            pack: pack,
            url: url,
            sha256: bundle.sha256,
            size: configuration.recordSize ? bundle.size : nil
        )
        return BuildPlan.Item(location: pack.location, path: path, bundle: bundle, entry: entry)
    }

    private func loadPrevious() throws(BundlerFailure) -> Catalog? {
        guard let file = configuration.previousCatalog else { return nil }
        guard let data = FileManager.default.contents(atPath: file) else {
            throw BundlerFailure([
                BundlerError(
                    code: .invalidCatalog,
                    location: file,
                    message: "cannot read the previous catalog",
                    hint: "--previous takes the path of an earlier catalog.json"
                )
            ])
        }
        let catalog: Catalog
        do {
            catalog = try Catalog(bytes: [UInt8](data), file: file)
        } catch {
            throw BundlerFailure([error])
        }
        var seen: Set<String> = []
        for (index, entry) in catalog.packs.enumerated() where !seen.insert(entry.id + "\u{0}" + entry.version).inserted
        {
            throw BundlerFailure([
                BundlerError(
                    code: .duplicateEntry,
                    location: file,
                    packID: entry.id,
                    field: "packs[\(index)]",
                    message: "\(entry.label) is listed twice",
                    hint: "each id and version appears once in a catalog"
                )
            ])
        }
        return catalog
    }

    private static func notLoaded(_ error: PackFormatError) -> BundlerError {
        BundlerError(
            code: .packNotLoaded,
            location: "\(error.location)",
            field: error.field,
            message: error.message,
            hint: error.hint,
            context: ["pack_error": error.code.rawValue]
        )
    }
}
