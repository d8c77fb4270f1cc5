import StructuredData

extension SchemaCompiler {
    /// Learns the dialect of every `$schema` in a document about to be added: at its root and at embedded
    /// resources (objects with an id). Custom meta-schemas are found in the index or through the loader.
    /// - Parameters:
    ///   - value: the document.
    ///   - location: where `value` is, for errors.
    ///   - uri: the document's retrieval URI, so a self-describing meta-schema does not load itself.
    mutating func resolveDialects(in value: JSONValue, at location: SchemaLocation, uri: String) throws(SchemaError) {
        switch value {
        case .object(let members):
            if case .string(let meta)? = members["$schema"],
                location.tokens.isEmpty || members["$id"] != nil || members["id"] != nil
            {
                try learnDialect(meta, at: location.appending("$schema"), from: uri)
            }
            for key in members.keys.sorted() where key != "enum" && key != "const" {
                try resolveDialects(in: members[key]!, at: location.appending(key), uri: uri)
            }
        case .array(let elements):
            for (offset, element) in elements.enumerated() {
                try resolveDialects(in: element, at: location.appending(String(offset)), uri: uri)
            }
        default:
            return
        }
    }

    /// Records the dialect the meta-schema `meta` describes, refusing drafts this validator does not
    /// implement and meta-schemas that require an unknown vocabulary.
    private mutating func learnDialect(_ meta: String, at location: SchemaLocation, from uri: String)
        throws(SchemaError)
    {
        if JSONSchema.Draft(metaSchemaURI: meta) != nil { return }
        let resource = URIReference.splitFragment(meta).resource
        if index.dialects[resource] != nil || resource == uri { return }
        if resource.contains("json-schema.org/") && !resource.contains("json-schema.org/draft/20") {
            let supported = JSONSchema.Draft.allCases.map(\.rawValue).joined(separator: ", ")
            throw error(
                .unsupportedDraft,
                at: location,
                "\"$schema\" names \(ValueDescription.quote(meta)), a JSON Schema draft this validator does not "
                    + "implement; supported: \(supported)"
            )
        }
        if resource.hasPrefix("https://json-schema.org/draft/") || resource.hasPrefix("http://json-schema.org/draft/") {
            guard MetaSchema.document(resource) != nil else {
                let supported = JSONSchema.Draft.allCases.map(\.rawValue).joined(separator: ", ")
                throw error(
                    .unsupportedDraft,
                    at: location,
                    "\"$schema\" names \(ValueDescription.quote(meta)), a JSON Schema draft this validator does "
                        + "not implement; supported: \(supported)"
                )
            }
        }
        // Guards against meta-schemas that describe each other.
        index.dialects[resource] = defaultDialect
        guard let document = try metaSchemaDocument(resource) else { return }
        var dialect = defaultDialect
        if case .string(let parent)? = document["$schema"] {
            if let known = index.dialect(named: parent) { dialect = known }
        }
        if dialect.draft >= .draft201909, case .object(let declared)? = document["$vocabulary"] {
            var vocabularies: Vocabularies = []
            for name in declared.keys.sorted() {
                let (known, named) = Vocabularies.named(name)
                if known {
                    vocabularies.formUnion(named)
                } else if declared[name] == .bool(true) {
                    throw error(
                        .unsupportedDraft,
                        at: location,
                        "the meta-schema \(ValueDescription.quote(meta)) requires the vocabulary "
                            + "\(ValueDescription.quote(name)), which this validator does not implement"
                    )
                }
            }
            dialect.vocabularies = vocabularies
        }
        index.dialects[resource] = dialect
    }

    /// A custom meta-schema document: already indexed, or fetched by the loader and indexed. Nil when it
    /// cannot be found (its schemas are then read in the default dialect).
    private mutating func metaSchemaDocument(_ resource: String) throws(SchemaError) -> JSONValue? {
        if let location = index.resource(resource) { return index.value(at: location) }
        if let builtIn = MetaSchema.document(resource) {
            try addDocument(builtIn, retrievalURI: resource)
            return builtIn
        }
        if let entry = registryEntries.first(where: { $0.uri == resource }) {
            try addDocument(entry.schema, retrievalURI: resource)
            return entry.schema
        }
        guard let loader, let document = try? loader.load(uri: resource) else { return nil }
        try addDocument(document, retrievalURI: resource)
        return document
    }
}
