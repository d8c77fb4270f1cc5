public import PackFormat
import StructuredData

extension CatalogEntry {
    /// The entry Cordum's builder writes for a pack, with its defaults: title the id, author `Cordum`, every other
    /// descriptive key `""`; capabilities, requires and risk tags gathered from the topics, sorted, empty ones
    /// dropped.
    /// - Parameters:
    ///   - pack: the pack.
    ///   - url: the bundle's URL.
    ///   - sha256: the bundle's lowercase hex sha256.
    ///   - size: the bundle's length in bytes, or nil to leave `size` out.
    public init(pack: Pack, url: String, sha256: String, size: Int?) {
        let metadata = pack.manifest.metadata
        let value = pack.manifestDocument.value
        func text(_ pointer: String) -> String {
            JSONPointer.resolve(pointer, in: value)?.stringValue ?? ""
        }
        func gathered(_ values: [String]) -> [String] {
            Set(values.filter { !$0.isEmpty }).sorted(by: ByteOrder.precedes)
        }
        let source = [text("/metadata/sourceRepo"), text("/metadata/source")].first { !$0.isEmpty } ?? ""
        let author = Self.author(value)
        self.init(
            id: pack.id,
            version: pack.version,
            title: metadata.title.flatMap { $0.isEmpty ? nil : $0 } ?? pack.id,
            description: metadata.description ?? "",
            author: author.isEmpty ? "Cordum" : author,
            homepage: metadata.homepage ?? "",
            source: source,
            image: metadata.image ?? "",
            license: metadata.license ?? "",
            url: url,
            sha256: sha256,
            capabilities: gathered(pack.manifest.topics.compactMap(\.capability)),
            requires: gathered(pack.manifest.topics.flatMap(\.requires)),
            riskTags: gathered(pack.manifest.topics.flatMap(\.riskTags)),
            size: size
        )
    }

    /// Cordum's author rule: the first `metadata.authors` item (its `name` when it is a mapping, itself when it is a
    /// string); otherwise `metadata.author` when it is a string; otherwise empty.
    private static func author(_ manifest: JSONValue) -> String {
        if let first = JSONPointer.resolve("/metadata/authors", in: manifest)?.arrayValue?.first {
            if case .object(let object) = first { return object["name"]?.stringValue ?? "" }
            if case .string(let name) = first { return name }
        }
        return JSONPointer.resolve("/metadata/author", in: manifest)?.stringValue ?? ""
    }
}
