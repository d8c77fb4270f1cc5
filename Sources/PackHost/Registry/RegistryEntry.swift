public import StructuredData
public import WorkflowEngine

/// One stored version of a schema or workflow.
public struct RegistryEntry: Sendable, Hashable {
    /// The id (`hello/GreetInput`, `hello.greet`).
    public var id: String
    /// The owning tenant; empty for system-wide objects (installed by packs), which every tenant sees.
    public var tenant: String
    /// The version number: 1 for the first save, one more for every save that changed the document.
    public var version: Int
    /// SHA-256 (hex) of the document's canonical JSON (for workflows, without `created_at`/`updated_at`): the
    /// digest Cordum's installer compares.
    public var digest: String
    /// The document as saved.
    public var document: JSONValue
    /// When this version was saved.
    public var createdAt: Timestamp
    /// Who saved it.
    public var createdBy: String

    /// Creates an entry.
    public init(
        id: String,
        tenant: String,
        version: Int,
        digest: String,
        document: JSONValue,
        createdAt: Timestamp,
        createdBy: String
    ) {
        self.id = id
        self.tenant = tenant
        self.version = version
        self.digest = digest
        self.document = document
        self.createdAt = createdAt
        self.createdBy = createdBy
    }

    /// The entry as the API shows it: `{id, tenant, version, digest, created_at, created_by}` plus `document`
    /// when asked for.
    public func json(includingDocument: Bool = true) -> JSONValue {
        var object: [String: JSONValue] = [
            "id": .string(id), "tenant": .string(tenant), "version": .integer(version), "digest": .string(digest),
            "created_at": .string(createdAt.description), "created_by": .string(createdBy),
        ]
        if includingDocument { object["document"] = document }
        return .object(object)
    }
}
