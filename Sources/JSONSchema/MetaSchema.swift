import StructuredData

/// The built-in meta-schemas, so `$ref`s and `$schema`s naming them resolve without a loader.
enum MetaSchema {
    /// The draft-07 meta-schema's URI without fragment.
    static let draft07URI = "http://json-schema.org/draft-07/schema"

    /// Every built-in meta-schema document, keyed by URI without fragment, parsed on first use.
    static let documents: [String: JSONValue] = MetaSchemaDocuments.texts.compactMapValues { text in
        try? JSONParser.parse(text, file: "meta-schema")
    }

    /// The built-in document at `uri` (without fragment), if there is one.
    static func document(_ uri: String) -> JSONValue? {
        documents[uri]
    }
}
