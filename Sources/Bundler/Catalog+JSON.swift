import PackFormat
import StructuredData

extension Catalog {
    /// The catalog as Cordum's builder writes it: `updated_at` then `packs`; each entry's keys in Cordum's order
    /// (`size` last, when known); two-space indentation; non-ASCII as `\uXXXX`; a trailing newline.
    public var bytes: [UInt8] {
        let document = PythonJSON.object([
            ("updated_at", .string(updatedAt)),
            ("packs", .array(packs.map(\.pythonJSON))),
        ])
        return Array((document.text + "\n").utf8)
    }

    /// Reads a catalog.
    ///
    /// `id`, `version`, `url` and `sha256` must be non-empty strings (Cordum's gateway drops entries without
    /// them); the descriptive keys may be absent (they default as Cordum's builder defaults them) but must be
    /// strings, and the lists must be lists of strings. Unknown keys are ignored, as the gateway ignores them.
    /// - Parameters:
    ///   - bytes: the file's bytes.
    ///   - file: the file, as named in messages.
    /// - Throws: ``BundlerError`` with code ``BundlerError/Code/invalidCatalog`` naming the first bad field.
    public init(bytes: [UInt8], file: String) throws(BundlerError) {
        guard bytes.count <= Self.maxBytes else {
            throw BundlerError(
                code: .invalidCatalog,
                location: file,
                message: "catalog exceeds max size (\(Self.maxBytes) bytes)",
                hint: "Cordum's gateway reads at most 8 MiB"
            )
        }
        let document: Document
        do {
            document = try JSONParser.parse(bytes, file: file)
        } catch {
            throw BundlerError(code: .invalidCatalog, location: "\(error.location)", message: error.message)
        }
        var reader = CatalogReader(document: document)
        self = try reader.catalog()
    }
}

extension CatalogEntry {
    var pythonJSON: PythonJSON {
        var members: [(key: String, value: PythonJSON)] = [
            ("id", .string(id)),
            ("version", .string(version)),
            ("title", .string(title)),
            ("description", .string(description)),
            ("author", .string(author)),
            ("homepage", .string(homepage)),
            ("source", .string(source)),
            ("image", .string(image)),
            ("license", .string(license)),
            ("url", .string(url)),
            ("sha256", .string(sha256)),
            ("capabilities", .array(capabilities.map(PythonJSON.string))),
            ("requires", .array(requires.map(PythonJSON.string))),
            ("risk_tags", .array(riskTags.map(PythonJSON.string))),
        ]
        if let size { members.append(("size", .integer(size))) }
        return .object(members)
    }
}

/// Decodes a catalog document, naming the field of the first problem.
private struct CatalogReader {
    let document: Document

    func fail(_ pointer: String, _ message: String, hint: String? = nil) -> BundlerError {
        BundlerError(
            code: .invalidCatalog,
            location: "\(document.location(of: pointer))",
            field: JSONPointer.fieldPath(pointer),
            message: message,
            hint: hint
        )
    }

    mutating func catalog() throws(BundlerError) -> Catalog {
        guard case .object(let top) = document.value else {
            throw fail("", "a catalog must be a JSON object", hint: "{\"updated_at\": …, \"packs\": […]}")
        }
        let updatedAt = try string("/updated_at", in: top["updated_at"], default: "")
        guard case .array(let list) = top["packs"] else {
            throw fail(top["packs"] == nil ? "" : "/packs", "packs must be a list of entries")
        }
        var entries: [CatalogEntry] = []
        for (index, value) in list.enumerated() {
            entries.append(try entry(value, pointer: "/packs/\(index)"))
        }
        return Catalog(updatedAt: updatedAt, packs: entries)
    }

    func entry(_ value: JSONValue, pointer: String) throws(BundlerError) -> CatalogEntry {
        guard case .object(let object) = value else { throw fail(pointer, "a catalog entry must be an object") }
        func required(_ key: String) throws(BundlerError) -> String {
            let text = try string(pointer + "/" + key, in: object[key], default: "")
            guard !text.trimmingSpaces.isEmpty else {
                throw fail(
                    object[key] == nil ? pointer : pointer + "/" + key,
                    "\(key) required",
                    hint: "Cordum's gateway drops entries without id, version, url or sha256"
                )
            }
            return text
        }
        func optional(_ key: String, _ fallback: String = "") throws(BundlerError) -> String {
            try string(pointer + "/" + key, in: object[key], default: fallback)
        }
        let id = try required("id")
        var size: Int?
        if let raw = object["size"], !raw.isNull {
            guard let integer = raw.intValue, integer >= 0, raw.jsonEquals(.integer(integer)) else {
                throw fail(pointer + "/size", "size must be a non-negative integer number of bytes")
            }
            size = integer
        }
        return CatalogEntry(
            id: id,
            version: try required("version"),
            title: try optional("title", id),
            description: try optional("description"),
            author: try optional("author", "Cordum"),
            homepage: try optional("homepage"),
            source: try optional("source"),
            image: try optional("image"),
            license: try optional("license"),
            url: try required("url"),
            sha256: try required("sha256"),
            capabilities: try strings(pointer + "/capabilities", in: object["capabilities"]),
            requires: try strings(pointer + "/requires", in: object["requires"]),
            riskTags: try strings(pointer + "/risk_tags", in: object["risk_tags"]),
            size: size
        )
    }

    func string(_ pointer: String, in value: JSONValue?, default fallback: String) throws(BundlerError) -> String {
        switch value {
        case nil, .null?: return fallback
        case .string(let text)?: return text
        case let other?: throw fail(pointer, "expected a string, found \(other.typeName)")
        }
    }

    func strings(_ pointer: String, in value: JSONValue?) throws(BundlerError) -> [String] {
        switch value {
        case nil, .null?: return []
        case .array(let elements)?:
            var result: [String] = []
            for (index, element) in elements.enumerated() {
                guard case .string(let text) = element else {
                    throw fail(pointer + "/\(index)", "expected a string, found \(element.typeName)")
                }
                result.append(text)
            }
            return result
        case let other?: throw fail(pointer, "expected a list of strings, found \(other.typeName)")
        }
    }
}
