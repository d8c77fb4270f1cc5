import Foundation
import StructuredData

/// Finds the local bundle of a catalog entry.
enum CatalogLookup {
    /// The path of the bundle that `catalog`'s entry for `id` (at `version`) points to.
    static func bundlePath(catalog: String, id: String, version: String?) throws(GovernanceDiffError) -> String {
        let location = SourceLocation(file: catalog)
        func fail(_ code: GovernanceDiffError.Code, _ message: String, hint: String? = nil) -> GovernanceDiffError {
            GovernanceDiffError(code: code, location: location, message: message, hint: hint)
        }
        guard let data = FileManager.default.contents(atPath: catalog) else {
            throw fail(.catalogUnreadable, "cannot read the catalog")
        }
        let document: Document
        do {
            document = try Document.parse([UInt8](data), file: catalog)
        } catch {
            throw GovernanceDiffError(code: .catalogUnreadable, location: error.location, message: error.message)
        }
        guard let entries = document.value["packs"]?.arrayValue else {
            throw fail(.catalogUnreadable, "the catalog has no packs list", hint: "a catalog.json holds {packs: [...]}")
        }
        let listed = entries.filter { $0["id"]?.stringValue == id }
        let versions = listed.compactMap { $0["version"]?.stringValue }
        let chosen: [JSONValue]
        if let version {
            chosen = listed.filter { $0["version"]?.stringValue == version }
        } else {
            guard listed.count <= 1 else {
                throw fail(
                    .catalogEntryAmbiguous,
                    "the catalog lists \(listed.count) versions of \"\(id)\"",
                    hint: "name one: " + versions.map { "\(catalog)#\(id)@\($0)" }.joined(separator: ", ")
                )
            }
            chosen = listed
        }
        guard let entry = chosen.first, let url = entry["url"]?.stringValue else {
            let known =
                versions.isEmpty ? "no version of \"\(id)\" is listed" : "listed: " + versions.joined(separator: ", ")
            throw fail(
                .catalogEntryNotFound,
                "the catalog has no entry \"\(id)\(version.map { "@" + $0 } ?? "")\" with a url",
                hint: known
            )
        }
        let folder = URL(fileURLWithPath: catalog).deletingLastPathComponent().path
        let entryVersion = entry["version"]?.stringValue ?? ""
        return try localPath(url: url, folder: folder, id: id, version: entryVersion, location: location)
    }

    /// Maps an entry's url to a file: `<base>/packs/<id>/<version>/pack.tgz` to the same path under the catalog's
    /// folder, `file://` urls to their path, relative paths to the catalog's folder.
    static func localPath(
        url: String,
        folder: String,
        id: String,
        version: String,
        location: SourceLocation
    ) throws(GovernanceDiffError) -> String {
        let published = "packs/\(id)/\(version)/pack.tgz"
        if url == published || url.hasSuffix("/" + published) { return folder + "/" + published }
        if url.hasPrefix("file://") { return String(url.dropFirst("file://".count)) }
        if !url.contains("://") { return url.hasPrefix("/") ? url : folder + "/" + url }
        throw GovernanceDiffError(
            code: .catalogURLNotLocal,
            location: location,
            message: "the entry's url \"\(url)\" does not lead to a bundle beside the catalog",
            hint: "expected a url ending in \(published), with the bundle at \(folder)/\(published)"
        )
    }
}
