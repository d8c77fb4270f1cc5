public import StructuredData

/// Schemas that other schemas can `$ref` by URI, such as the schemas of one pack.
///
/// Each schema is known by the URI it is added under and by every `$id` inside it.
public struct SchemaRegistry: Sendable {
    /// The schemas in the order they were added, with the URI each was added under.
    var entries: [(uri: String, schema: JSONValue)] = []

    /// Creates an empty registry.
    public init() {}

    /// Adds `schema` under `uri` (any fragment is ignored).
    /// - Parameters:
    ///   - schema: the schema document.
    ///   - uri: the URI that `$ref`s use to reach it, such as `file:///pack/schemas/input.json`; a relative
    ///     URI is resolved against the base URI of the schema that uses the registry.
    public mutating func add(_ schema: JSONValue, uri: String) {
        entries.append((URIReference.splitFragment(uri).resource, schema))
    }
}

/// Fetches schemas that are neither in the schema nor in the registry, such as `http://` references.
///
/// The validator itself never performs I/O; give it a loader to allow remote references.
public protocol SchemaLoader: Sendable {
    /// Returns the schema document at `uri` (an absolute URI without fragment), or throws.
    func load(uri: String) throws -> JSONValue
}
