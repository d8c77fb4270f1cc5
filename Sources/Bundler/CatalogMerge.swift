import Foundation

/// Merges the entries of a build with an earlier catalog: older versions stay listed, a rebuilt version replaces
/// its old entry only when the bytes are the same (published versions are immutable).
struct CatalogMerge {
    let items: [BuildPlan.Item]
    let previous: Catalog?
    let configuration: BuildConfiguration

    /// The merged entries, sorted (see ``Catalog/sort()``).
    private(set) var entries: [CatalogEntry] = []
    /// Entries of the previous catalog that stay listed.
    private(set) var kept: [CatalogEntry] = []
    /// Rebuilt versions whose bytes differ from the published ones.
    private(set) var blockers: [BundlerError] = []
    /// Things worth knowing that do not stop the build.
    private(set) var notes: [String] = []

    init(items: [BuildPlan.Item], previous: Catalog?, configuration: BuildConfiguration) {
        self.items = items
        self.previous = previous
        self.configuration = configuration
    }

    mutating func run() {
        var built: [String: CatalogEntry] = [:]
        for item in items { built[Self.key(item.entry)] = item.entry }
        for old in previous?.packs ?? [] {
            if let new = built[Self.key(old)] {
                if old.sha256.lowercased() != new.sha256 {
                    blockers.append(immutable(old: old, new: new))
                }
                continue
            }
            kept.append(old)
            let path = configuration.bundlePath(id: old.id, version: old.version)
            if !FileManager.default.fileExists(atPath: path) {
                notes.append(
                    "\(old.label) stays listed from the previous catalog, but \(path) is missing: "
                        + "publish the old bundle with the output or packctl verify fails"
                )
            }
        }
        for item in items {
            let newer = kept.filter {
                $0.id == item.entry.id && CoreVersionOrder.compare($0.version, item.entry.version) > 0
            }
            if let highest = newer.map(\.version).max(by: { CoreVersionOrder.compare($0, $1) < 0 }) {
                notes.append(
                    "the catalog also lists \(item.entry.id) \(highest) (from the previous catalog); Cordum offers "
                        + "the highest version, not the \(item.entry.version) just built"
                )
            }
        }
        var catalog = Catalog(updatedAt: "", packs: items.map(\.entry) + kept)
        catalog.sort()
        entries = catalog.packs
    }

    private func immutable(old: CatalogEntry, new: CatalogEntry) -> BundlerError {
        BundlerError(
            code: .immutableVersion,
            location: configuration.previousCatalog ?? "",
            packID: new.id,
            message: "\(new.label) is already published with sha256 \(old.sha256); this build gives \(new.sha256)",
            hint: "published versions are immutable: bump metadata.version",
            context: ["published_sha256": old.sha256, "built_sha256": new.sha256]
        )
    }

    private static func key(_ entry: CatalogEntry) -> String { entry.id + "\u{0}" + entry.version }
}
