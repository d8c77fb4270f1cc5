public import TarArchive

/// How much a build demands of a pack before it publishes it.
public enum BuildGateLevel: String, Sendable, CaseIterable {
    /// The Standard Pack Pattern: no lint errors, every simulation passes, every topic meets its baseline.
    case pattern
    /// What Cordum itself checks: the installer rules (every pack must load) and the pack's own policy
    /// simulations. For publishing packs written elsewhere, such as Cordum's own repository.
    case cordum
}

/// What `packctl build` builds and where: read once at the edge (options and environment) and passed in.
public struct BuildConfiguration: Sendable {
    /// Pack folders, `.tgz` bundles, or folders of packs.
    public var paths: [String]
    /// The folder to publish: bundles go to `packs/<id>/<version>/pack.tgz` under it, the catalog to `catalog.json`.
    public var outputDirectory: String
    /// The URL the output folder is served at.
    public var baseURL: BaseURL
    /// The catalog's `updated_at` (see ``CatalogTimestamp/resolve(sourceDateEpoch:now:)``).
    public var updatedAt: String
    /// An earlier `catalog.json` whose entries stay listed, if any.
    public var previousCatalog: String?
    /// Whether to add `size` to each new entry (Cordum ignores it; `packctl verify` checks it).
    public var recordSize: Bool
    /// The bundle limits (Cordum's).
    public var limits: BundleLimits
    /// What a pack must pass to be published.
    public var gate: BuildGateLevel

    /// Creates a configuration.
    /// - Parameters:
    ///   - paths: pack folders, bundles, or folders of packs (default `packs`).
    ///   - outputDirectory: the output folder (default `public`).
    ///   - baseURL: the URL the output folder is served at.
    ///   - updatedAt: the catalog's `updated_at`.
    ///   - previousCatalog: an earlier catalog whose entries stay listed.
    ///   - recordSize: whether new entries carry `size`.
    ///   - limits: the bundle limits.
    ///   - gate: what a pack must pass (default: the Standard Pack Pattern).
    public init(
        paths: [String] = ["packs"],
        outputDirectory: String = "public",
        baseURL: BaseURL,
        updatedAt: String,
        previousCatalog: String? = nil,
        recordSize: Bool = true,
        limits: BundleLimits = .cordum,
        gate: BuildGateLevel = .pattern
    ) {
        self.paths = paths
        self.outputDirectory = outputDirectory
        self.baseURL = baseURL
        self.updatedAt = updatedAt
        self.previousCatalog = previousCatalog
        self.recordSize = recordSize
        self.limits = limits
        self.gate = gate
    }

    /// The catalog file: `<output>/catalog.json`.
    public var catalogPath: String { outputDirectory.joiningPath("catalog.json") }

    /// Where a bundle is written: `<output>/packs/<id>/<version>/pack.tgz`.
    /// - Parameters:
    ///   - id: the pack id.
    ///   - version: the pack version.
    public func bundlePath(id: String, version: String) -> String {
        outputDirectory.joiningPath(BundlePath.relative(id: id, version: version))
    }
}

extension String {
    /// The path with a component appended (`/` added only when needed).
    func joiningPath(_ component: String) -> String {
        if isEmpty { return component }
        return hasSuffix("/") ? self + component : self + "/" + component
    }
}
