public import PackFormat
import StructuredData

/// One side of a diff as the user named it: a pack folder, a `.tgz` bundle, or an entry of a catalog.
///
/// A catalog entry is written `CATALOG.json#<id>@<version>` (or `CATALOG.json#<id>` when the catalog lists one
/// version of the id). Its `url` must lead to a bundle beside the catalog: a url ending in
/// `packs/<id>/<version>/pack.tgz` (as `packctl build` and Cordum's publisher write them, whatever the base url) is
/// read from `<catalog folder>/packs/<id>/<version>/pack.tgz`; a `file://` url or a relative path is read as such.
public enum PackReference: Sendable, Hashable {
    /// A pack folder or a `.tgz` bundle.
    case path(String)
    /// An entry of a `catalog.json`.
    case catalogEntry(catalog: String, id: String, version: String?)

    /// Reads the reference: text whose part before the last `#` ends in `.json` is a catalog entry, anything else
    /// is a path.
    /// - Parameter text: the argument as given.
    public init(_ text: String) {
        guard let hash = text.lastIndex(of: "#"), text[..<hash].lowercased().hasSuffix(".json") else {
            self = .path(text)
            return
        }
        let catalog = String(text[..<hash])
        let entry = text[text.index(after: hash)...]
        if let at = entry.firstIndex(of: "@") {
            let version = String(entry[entry.index(after: at)...])
            self = .catalogEntry(catalog: catalog, id: String(entry[..<at]), version: version.isEmpty ? nil : version)
        } else {
            self = .catalogEntry(catalog: catalog, id: String(entry), version: nil)
        }
    }

    /// Loads the pack.
    /// - Throws: ``GovernanceDiffError`` when the catalog entry cannot be resolved or the pack does not load.
    public func load() throws(GovernanceDiffError) -> Pack {
        let path: String
        switch self {
        case .path(let text): path = text
        case .catalogEntry(let catalog, let id, let version):
            path = try CatalogLookup.bundlePath(catalog: catalog, id: id, version: version)
        }
        do {
            return try PackLoader.load(path)
        } catch {
            throw GovernanceDiffError(
                code: .packDidNotLoad,
                location: .init(file: path),
                message: "the pack does not load",
                causes: error.errors
            )
        }
    }
}
