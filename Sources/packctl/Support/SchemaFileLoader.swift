import Foundation
import JSONSchema
import StructuredData

/// Finds the schemas a `packctl schema validate` schema refers to, on disk only: the command never
/// fetches from the network.
///
/// In order: a `--ref URI=FILE` mapping (exact, or the longest `URI/=FOLDER/` prefix), a `file:` URI,
/// then a URI under the directory of the root schema's own `$id`, read from beside the schema file.
struct SchemaFileLoader: SchemaLoader {
    /// Exact URI (without fragment) → file.
    var files: [String: String] = [:]
    /// URI prefix ending in `/` → folder.
    var folders: [(prefix: String, folder: String)] = []
    /// The directory of the root schema's `$id` (`https://example.com/schemas/`) and the folder holding
    /// the schema file, so relative references of a schema with an `$id` still find their files.
    var idDirectory: (uri: String, folder: String)?

    /// Why a reference could not be loaded; the message names the URI and what to do.
    struct LoadError: Error, CustomStringConvertible {
        var description: String
    }

    /// Adds a `--ref` value `URI=FILE` (or `URI/=FOLDER/`).
    /// - Returns: false when `option` is not of that shape (a plain file to register by its `$id`).
    mutating func addMapping(_ option: String) -> Bool {
        guard let equals = option.firstIndex(of: "=") else { return false }
        let uri = String(option[..<equals])
        let path = String(option[option.index(after: equals)...])
        guard uri.contains(":"), !path.isEmpty else { return false }
        if uri.hasSuffix("/") {
            folders.append((uri, path.hasSuffix("/") ? path : path + "/"))
            folders.sort { $0.prefix.count > $1.prefix.count }
        } else {
            files[URIDecoding.withoutFragment(uri)] = path
        }
        return true
    }

    func load(uri: String) throws -> JSONValue {
        if let file = files[uri] { return try read(file, for: uri) }
        if let (prefix, folder) = folders.first(where: { uri.hasPrefix($0.prefix) }) {
            return try read(folder + uri.dropFirst(prefix.count), for: uri)
        }
        if uri.hasPrefix("file://") {
            return try read(URIDecoding.percentDecoded(String(uri.dropFirst("file://".count))), for: uri)
        }
        if let idDirectory, uri.hasPrefix(idDirectory.uri) {
            let relative = URIDecoding.percentDecoded(String(uri.dropFirst(idDirectory.uri.count)))
            let path = idDirectory.folder + "/" + relative
            if FileManager.default.fileExists(atPath: path) { return try read(path, for: uri) }
        }
        throw LoadError(
            description: "no file is known for it and network fetches are off; map it to a file with "
                + "--ref \(uri)=FILE"
        )
    }

    private func read(_ path: String, for uri: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LoadError(description: "\(path) (mapped from \(uri)) cannot be read")
        }
        do {
            return try Document.parse([UInt8](data), file: path).value
        } catch {
            throw LoadError(description: "\(path) is not JSON or YAML: \(error)")
        }
    }
}

/// The small URI helpers the loader needs.
enum URIDecoding {
    static func withoutFragment(_ uri: String) -> String {
        uri.firstIndex(of: "#").map { String(uri[..<$0]) } ?? uri
    }

    static func percentDecoded(_ text: String) -> String {
        text.removingPercentEncoding ?? text
    }

    /// `file://` + the absolute, percent-encoded path of `path`.
    static func fileURI(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.absoluteString
    }
}
