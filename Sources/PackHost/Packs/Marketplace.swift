public import Bundler
import Foundation
import GRDB
public import StructuredData
import WorkflowEngine

/// The marketplace: the catalogs configured in `cfg:system:pack_catalogs` (`data.catalogs`), their packs (the
/// highest version of each id across all enabled catalogs), and installs by catalog id and pack id.
public struct Marketplace: Sendable {
    /// A configured catalog: `{id, title, url, enabled, public_key}` (`public_key`, the `.pub` file's text, is an
    /// addition: when set, the catalog's signature must verify with it).
    public struct Source: Sendable, Hashable {
        /// `id` (`catalog-<n>` when missing).
        public var id: String
        /// `title`.
        public var title: String
        /// `url`.
        public var url: String
        /// `enabled` (default true).
        public var enabled: Bool
        /// `public_key`.
        public var publicKey: String?

        /// Creates a catalog source.
        public init(id: String, title: String = "", url: String, enabled: Bool = true, publicKey: String? = nil) {
            self.id = id
            self.title = title
            self.url = url
            self.enabled = enabled
            self.publicKey = publicKey
        }

        var json: JSONValue {
            var object: [String: JSONValue] = [
                "id": .string(id), "title": .string(title), "url": .string(url), "enabled": .bool(enabled),
            ]
            if let publicKey { object["public_key"] = .string(publicKey) }
            return .object(object)
        }
    }

    /// A catalog's state in a listing.
    public struct CatalogStatus: Sendable, Hashable {
        /// The source.
        public var source: Source
        /// The catalog's `updated_at`, when fetched.
        public var updatedAt: String?
        /// Why it could not be read, if it could not.
        public var error: String?
    }

    /// A pack offered.
    public struct Item: Sendable, Hashable {
        /// The catalog entry.
        public var entry: CatalogEntry
        /// The catalog listing it.
        public var catalogID: String
        /// That catalog's title.
        public var catalogTitle: String
        /// The installed version, if the pack has a record.
        public var installedVersion: String?
        /// The installed status, if the pack has a record.
        public var installedStatus: String?
        /// When it was installed.
        public var installedAt: String?
    }

    /// A listing: `{catalogs[], items[]}`.
    public struct Listing: Sendable, Hashable {
        /// Every configured catalog and whether it could be read.
        public var catalogs: [CatalogStatus]
        /// The highest version of each pack, sorted by id.
        public var items: [Item]

        /// Cordum's shape: `{catalogs:[{id,title,url,enabled,updated_at,error}], items:[entry + catalog_id,
        /// catalog_title, installed_version, installed_status, installed_at]}`.
        public var json: JSONValue {
            [
                "catalogs": .array(
                    catalogs.map {
                        [
                            "id": .string($0.source.id), "title": .string($0.source.title),
                            "url": .string(ResourceFetcher.redacted($0.source.url)),
                            "enabled": .bool($0.source.enabled), "updated_at": .string($0.updatedAt ?? ""),
                            "error": .string($0.error ?? ""),
                        ]
                    }
                ),
                "items": .array(
                    items.map { item in
                        [
                            "id": .string(item.entry.id), "version": .string(item.entry.version),
                            "title": .string(item.entry.title), "description": .string(item.entry.description),
                            "url": .string(item.entry.url), "sha256": .string(item.entry.sha256),
                            "capabilities": .array(item.entry.capabilities.map(JSONValue.string)),
                            "requires": .array(item.entry.requires.map(JSONValue.string)),
                            "risk_tags": .array(item.entry.riskTags.map(JSONValue.string)),
                            "catalog_id": .string(item.catalogID), "catalog_title": .string(item.catalogTitle),
                            "installed_version": .string(item.installedVersion ?? ""),
                            "installed_status": .string(item.installedStatus ?? ""),
                            "installed_at": .string(item.installedAt ?? ""),
                        ]
                    }
                ),
            ]
        }
    }

    /// The installer (and its store).
    public let installer: PackInstaller
    /// How catalogs and bundles are fetched.
    public let fetcher: ResourceFetcher
    /// When set, a catalog must be signed by one of these keys to be listed or installed (see
    /// ``CatalogPackSource/trustedKeys``).
    public let trustedKeys: [PublicKey]?

    /// Creates a marketplace over an installer.
    /// - Parameter trustedKeys: the keys a catalog must be signed by; nil accepts what each catalog's
    ///   `public_key` accepts.
    public init(installer: PackInstaller, fetcher: ResourceFetcher = ResourceFetcher(), trustedKeys: [PublicKey]? = nil)
    {
        self.installer = installer
        self.fetcher = fetcher
        self.trustedKeys = trustedKeys
    }

    /// The configured catalogs.
    public func sources() throws(HostError) -> [Source] {
        try installer.database.read { db in try Self.sources(in: db) }
    }

    static func sources(in db: Database) throws -> [Source] {
        let list = try ConfigStore.get(.system, ConfigStore.catalogsID, in: db)?.data["catalogs"]?.arrayValue ?? []
        return list.enumerated().compactMap { index, value in
            guard let url = value["url"]?.stringValue, !url.isEmpty else { return nil }
            let id = value["id"]?.stringValue ?? ""
            return Source(
                id: id.isEmpty ? "catalog-\(index + 1)" : id,
                title: value["title"]?.stringValue ?? "",
                url: url,
                enabled: value["enabled"]?.boolValue ?? true,
                publicKey: value["public_key"]?.stringValue
            )
        }
    }

    /// Replaces the configured catalogs (`config.changed` is audited).
    public func setSources(_ sources: [Source], principal: String = "system") throws(HostError) {
        let time = installer.clock.now()
        _ = try installer.database.write { db in
            try ConfigStore.update(.system, ConfigStore.catalogsID, at: time, principal: principal, in: db) { data in
                data["catalogs"] = .array(sources.map(\.json))
            }
        }
    }

    /// Fetches every enabled catalog and lists the highest version of each pack. A catalog that cannot be read is
    /// reported in its status and does not stop the others.
    public func list() async throws(HostError) -> Listing {
        let sources = try sources()
        var statuses: [CatalogStatus] = []
        var best: [String: Item] = [:]
        for source in sources {
            guard source.enabled else {
                statuses.append(CatalogStatus(source: source))
                continue
            }
            do {
                let catalog = try await CatalogPackSource.fetchCatalog(
                    source.url,
                    publicKey: try key(of: source),
                    trustedKeys: trustedKeys,
                    fetcher: fetcher
                )
                statuses.append(CatalogStatus(source: source, updatedAt: catalog.updatedAt))
                for entry in catalog.packs {
                    if let current = best[entry.id], CoreVersionOrder.compare(entry.version, current.entry.version) <= 0
                    {
                        continue
                    }
                    best[entry.id] = Item(entry: entry, catalogID: source.id, catalogTitle: source.title)
                }
            } catch {
                statuses.append(CatalogStatus(source: source, error: error.message))
            }
        }
        let records = try installer.list()
        let items = best.keys.sorted().map { id in
            var item = best[id]!
            if let record = records.first(where: { $0.id == id }) {
                item.installedVersion = record.version
                item.installedStatus = record.status.rawValue
                item.installedAt = record.installedAt
            }
            return item
        }
        return Listing(catalogs: statuses, items: items)
    }

    /// Installs a pack from a configured catalog.
    /// - Throws: `invalid_argument` for missing ids; `not_found` for an unknown or disabled catalog or pack.
    @discardableResult
    public func install(
        catalogID: String,
        packID: String,
        version: String? = nil,
        options: InstallOptions = InstallOptions()
    ) async throws(HostError) -> InstallResult {
        guard !catalogID.isEmpty, !packID.isEmpty else {
            throw HostError(.invalidArgument, "catalog_id and pack_id required")
        }
        guard let source = try sources().first(where: { $0.id == catalogID }), source.enabled else {
            throw HostError(.notFound, "marketplace catalog \(catalogID) not found (or disabled)")
        }
        return try await installer.install(
            from: CatalogPackSource(
                catalog: source.url,
                packID: packID,
                version: version,
                publicKey: try key(of: source),
                trustedKeys: trustedKeys
            ),
            options: options,
            fetcher: fetcher
        )
    }

    private func key(of source: Source) throws(HostError) -> PublicKey? {
        guard let text = source.publicKey, !text.isEmpty else { return nil }
        do {
            return try PublicKey(fileContents: Array(text.utf8), file: "catalog \(source.id) public_key")
        } catch {
            throw HostError(.invalidArgument, "catalog \(source.id) public_key is unusable: \(error.message)")
        }
    }
}
