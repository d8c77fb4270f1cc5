public import Bundler
import Foundation
import PackFormat
import StructuredData

/// A pack named in a catalog: the catalog's location (path or URL), the pack id, an optional exact version, and
/// the public key the catalog's signature (`<catalog>.sig`) must verify with, when one is configured.
public struct CatalogPackSource: Sendable {
    /// The catalog (`catalog.json` path, `file://` or `http(s)://` URL).
    public var catalog: String
    /// The pack id.
    public var packID: String
    /// The version; nil for the highest.
    public var version: String?
    /// The key the signature must verify with; nil accepts an unsigned catalog (unless ``trustedKeys`` is set).
    public var publicKey: PublicKey?
    /// When set, the catalog must be signed by one of these keys (and by ``publicKey`` when that is set too); an
    /// empty list refuses every catalog. The HTTP API sets it from ``HostConfiguration/trustedCatalogKeys``.
    public var trustedKeys: [PublicKey]?

    /// Creates a source.
    public init(
        catalog: String,
        packID: String,
        version: String? = nil,
        publicKey: PublicKey? = nil,
        trustedKeys: [PublicKey]? = nil
    ) {
        self.catalog = catalog
        self.packID = packID
        self.version = version
        self.publicKey = publicKey
        self.trustedKeys = trustedKeys
    }

    /// Fetches and reads the catalog, checking its signature when a key is configured or trusted keys are given.
    /// - Throws: `invalid_argument` for a catalog that does not read; `forbidden` for a missing or bad signature,
    ///   or one by a key that is not trusted.
    static func fetchCatalog(
        _ location: String,
        publicKey: PublicKey?,
        trustedKeys: [PublicKey]? = nil,
        fetcher: ResourceFetcher
    ) async throws(HostError) -> Catalog {
        let bytes = try await fetcher.fetch(location, limit: ResourceFetcher.maxCatalogBytes, what: "catalog")
        let accepted: [PublicKey]? =
            trustedKeys.map { keys in keys.filter { publicKey == nil || $0 == publicKey } }
            ?? publicKey.map { [$0] }
        if let accepted {
            try await checkSignature(of: bytes, at: location, accepted: accepted, fetcher: fetcher)
        }
        do {
            return try Catalog(bytes: bytes, file: ResourceFetcher.redacted(location))
        } catch {
            throw HostError(
                .invalidArgument,
                "catalog \(ResourceFetcher.redacted(location)) is invalid: \(error.message)"
            )
        }
    }

    /// Refuses a catalog that is not signed by one of the `accepted` keys.
    private static func checkSignature(
        of bytes: [UInt8],
        at location: String,
        accepted: [PublicKey],
        fetcher: ResourceFetcher
    ) async throws(HostError) {
        let name = ResourceFetcher.redacted(location)
        let signatureLocation = CatalogSignature.path(forCatalog: location)
        let signatureBytes: [UInt8]
        do {
            signatureBytes = try await fetcher.fetch(signatureLocation, limit: 64 << 10, what: "catalog signature")
        } catch {
            throw HostError(
                .forbidden,
                "catalog \(name) is not signed (\(error.message)); the host installs only catalogs signed by a key it trusts"
            )
        }
        let signature: CatalogSignature
        do {
            signature = try CatalogSignature(bytes: signatureBytes, file: signatureLocation)
        } catch {
            throw HostError(.forbidden, "catalog signature refused: \(error.message)")
        }
        guard let key = accepted.first(where: { $0.keyID == signature.keyID }) ?? accepted.first else {
            throw HostError(
                .forbidden,
                "catalog \(name) is signed by key \(signature.keyID), which the host does not trust; "
                    + "trust it with packctl serve --trust-catalog-key"
            )
        }
        if let problem = CatalogSigner.check(bytes, signature: signature, key: key, file: signatureLocation) {
            throw HostError(.forbidden, "catalog signature refused: \(problem.message)")
        }
    }

    /// The entry to install: the exact version when given, else the highest (Cordum's `compareVersions`).
    /// - Throws: `not_found` naming the pack and version.
    static func entry(in catalog: Catalog, packID: String, version: String?, name: String) throws(HostError)
        -> CatalogEntry
    {
        let candidates = catalog.packs.filter { $0.id == packID }
        if let version {
            guard let exact = candidates.first(where: { $0.version == version }) else {
                let known = candidates.map(\.version).joined(separator: ", ")
                throw HostError(
                    .notFound,
                    "catalog \(name) has no \(packID) \(version)" + (known.isEmpty ? "" : "; it lists \(known)")
                )
            }
            return exact
        }
        guard var best = candidates.first else {
            throw HostError(.notFound, "catalog \(name) does not list pack \(packID)")
        }
        for candidate in candidates.dropFirst() where CoreVersionOrder.compare(candidate.version, best.version) > 0 {
            best = candidate
        }
        return best
    }

    /// Downloads an entry's bundle and checks its sha256.
    /// - Throws: `invalid_argument` (`sha256 mismatch`) naming the pack, the expected and the actual digest.
    static func bundle(
        for entry: CatalogEntry,
        catalog location: String,
        fetcher: ResourceFetcher
    ) async throws(HostError) -> (bytes: [UInt8], url: String) {
        let url = ResourceFetcher.resolve(entry.url, against: location)
        let bytes = try await fetcher.fetch(url, limit: ResourceFetcher.maxBundleBytes, what: "pack bundle")
        let actual = Hashing.sha256Hex(bytes)
        guard actual == entry.sha256.lowercased() else {
            throw HostError(
                .invalidArgument,
                "sha256 mismatch for \(entry.id) \(entry.version): the catalog says \(entry.sha256.lowercased()), "
                    + "the bundle at \(ResourceFetcher.redacted(url)) has \(actual)"
            )
        }
        return (bytes, url)
    }
}

extension PackInstaller {
    /// Installs a pack from a catalog: fetches the catalog (checking its signature when a key is given), picks the
    /// entry, downloads the bundle, checks its sha256, then installs it.
    @discardableResult
    public func install(
        from source: CatalogPackSource,
        options: InstallOptions = InstallOptions(),
        fetcher: ResourceFetcher = ResourceFetcher()
    ) async throws(HostError) -> InstallResult {
        let catalog = try await CatalogPackSource.fetchCatalog(
            source.catalog,
            publicKey: source.publicKey,
            trustedKeys: source.trustedKeys,
            fetcher: fetcher
        )
        let entry = try CatalogPackSource.entry(
            in: catalog,
            packID: source.packID,
            version: source.version,
            name: ResourceFetcher.redacted(source.catalog)
        )
        let (bytes, url) = try await CatalogPackSource.bundle(for: entry, catalog: source.catalog, fetcher: fetcher)
        let pack = try Self.load { () throws(PackLoadError) in try PackLoader.load(bundle: bytes, name: url) }
        guard pack.id == entry.id, pack.version == entry.version else {
            throw HostError(
                .invalidArgument,
                "the bundle at \(ResourceFetcher.redacted(url)) holds \(pack.id) \(pack.version), "
                    + "but the catalog entry is \(entry.id) \(entry.version)"
            )
        }
        return try install(pack, options: options)
    }
}
