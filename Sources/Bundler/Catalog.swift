/// A `catalog.json` as Cordum's marketplace reads it: when it was built and one entry per published pack version.
public struct Catalog: Sendable, Hashable {
    /// `updated_at`: UTC, `YYYY-MM-DDTHH:MM:SSZ`.
    public var updatedAt: String
    /// `packs`: sorted by id (bytes), then newest version first (see ``sort()``).
    public var packs: [CatalogEntry]

    /// The most bytes Cordum's gateway reads from a catalog (8 MiB).
    public static let maxBytes = 8 << 20

    /// Creates a catalog.
    /// - Parameters:
    ///   - updatedAt: the `updated_at` text.
    ///   - packs: the entries, in the order they are written.
    public init(updatedAt: String, packs: [CatalogEntry]) {
        self.updatedAt = updatedAt
        self.packs = packs
    }

    /// Sorts the entries by id (byte order, as Python sorts them), then newest version first by Cordum's
    /// version comparison, then by version bytes.
    public mutating func sort() {
        packs.sort { lhs, rhs in
            if lhs.id != rhs.id { return ByteOrder.precedes(lhs.id, rhs.id) }
            let order = CoreVersionOrder.compare(lhs.version, rhs.version)
            if order != 0 { return order > 0 }
            return ByteOrder.precedes(lhs.version, rhs.version)
        }
    }
}

/// One `packs[]` entry of a catalog.
public struct CatalogEntry: Sendable, Hashable {
    /// `id`: the pack id.
    public var id: String
    /// `version`: the pack version.
    public var version: String
    /// `title`; the id when the manifest has none.
    public var title: String
    /// `description`; empty when the manifest has none.
    public var description: String
    /// `author`: the first of `metadata.authors` (its `name`), else `metadata.author`, else `Cordum`.
    public var author: String
    /// `homepage`.
    public var homepage: String
    /// `source`: `metadata.sourceRepo`, else `metadata.source`.
    public var source: String
    /// `image`: the worker image.
    public var image: String
    /// `license`.
    public var license: String
    /// `url`: `<base URL>/packs/<id>/<version>/pack.tgz`.
    public var url: String
    /// `sha256`: lowercase hex digest of the bundle bytes.
    public var sha256: String
    /// `capabilities`: the topics' capabilities, sorted, without duplicates.
    public var capabilities: [String]
    /// `requires`: the topics' requires, sorted, without duplicates.
    public var requires: [String]
    /// `risk_tags`: the topics' risk tags, sorted, without duplicates.
    public var riskTags: [String]
    /// `size`: the bundle's length in bytes. Our addition (Cordum ignores unknown keys); absent in catalogs built
    /// by Cordum's tools.
    public var size: Int?

    /// Creates an entry.
    public init(
        id: String,
        version: String,
        title: String,
        description: String = "",
        author: String = "Cordum",
        homepage: String = "",
        source: String = "",
        image: String = "",
        license: String = "",
        url: String,
        sha256: String,
        capabilities: [String] = [],
        requires: [String] = [],
        riskTags: [String] = [],
        size: Int? = nil
    ) {
        self.id = id
        self.version = version
        self.title = title
        self.description = description
        self.author = author
        self.homepage = homepage
        self.source = source
        self.image = image
        self.license = license
        self.url = url
        self.sha256 = sha256
        self.capabilities = capabilities
        self.requires = requires
        self.riskTags = riskTags
        self.size = size
    }

    /// `id version`, as shown in messages.
    public var label: String { "\(id) \(version)" }
}

/// Comparing strings by their UTF-8 bytes, which is code-point order, as Python and Go compare strings.
enum ByteOrder {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
