public import GRDB
import JSONSchema
public import StructuredData
public import WorkflowEngine

/// The schema registry: JSON schemas by id (`<pack>/<Name>`), versioned. A schema is stored only when it
/// compiles. Schemas installed by packs are system-wide (tenant `""`) and visible to every tenant.
public enum HostSchemaRegistry {
    static let table = VersionedDocuments(table: "registry_schemas", noun: "schema")

    /// The schema table.
    public static let migration = HostMigration(name: "registry_schemas_v1") { db in
        try db.execute(sql: table.createSQL)
    }

    /// The digest Cordum's installer compares: SHA-256 of the schema's canonical JSON.
    public static func digest(_ schema: JSONValue) -> String { Hashing.sha256Hex(JSONEncoding.canonical(schema)) }

    /// Checks that `schema` is an object that compiles.
    /// - Returns: a note when the schema's declared draft is read as draft-07.
    /// - Throws: `invalid_argument` naming the schema and the first problem.
    @discardableResult
    public static func check(_ schema: JSONValue, id: String) throws(HostError) -> String? {
        guard case .object = schema else {
            throw HostError(.invalidArgument, "schema \(id) must be a JSON object, found \(schema.typeName)")
        }
        let (compilable, note) = SchemaDraft.compilable(schema, id: id)
        do {
            _ = try JSONSchema(compilable)
        } catch {
            throw HostError(.invalidArgument, "schema \(id) does not compile: \(error.message)")
        }
        return note
    }

    /// Saves a new version of a schema after checking that it compiles; an unchanged schema writes nothing.
    /// - Returns: the newest version, and whether it was written.
    @discardableResult
    public static func save(
        id: String,
        schema: JSONValue,
        tenant: String = "",
        at time: Timestamp,
        principal: String = "system",
        in db: Database
    ) throws -> (entry: RegistryEntry, written: Bool) {
        guard !id.isEmpty else { throw HostError(.invalidArgument, "schema id required") }
        try check(schema, id: id)
        return try table.save(
            id,
            owner: tenant,
            document: schema,
            digest: digest(schema),
            at: time,
            by: principal,
            in: db
        )
    }

    /// The newest version of a schema visible to `tenant`.
    public static func get(id: String, tenant: String = "", in db: Database) throws -> RegistryEntry? {
        try table.visible(id, tenant: tenant, in: db)
    }

    /// The newest version of every schema visible to `tenant`, sorted by id.
    public static func list(tenant: String = "", in db: Database) throws -> [RegistryEntry] {
        try table.list(tenant: tenant, in: db)
    }

    /// Every version of a schema owned by `tenant`, newest first.
    public static func versions(id: String, tenant: String = "", in db: Database) throws -> [RegistryEntry] {
        try table.versions(id, owner: tenant, in: db)
    }

    /// Deletes every version of a schema owned by `tenant`.
    /// - Returns: whether anything was deleted.
    @discardableResult
    public static func delete(id: String, tenant: String = "", in db: Database) throws -> Bool {
        try table.delete(id, owner: tenant, in: db) > 0
    }

    /// Every schema visible to `tenant` as the workflow engine reads them (`*_schema_id` → schema), with later
    /// drafts prepared as ``check(_:id:)`` reads them.
    public static func catalog(tenant: String = "", in db: Database) throws -> [String: JSONValue] {
        var catalog: [String: JSONValue] = [:]
        for entry in try list(tenant: tenant, in: db) {
            catalog[entry.id] = SchemaDraft.compilable(entry.document, id: entry.id).schema
        }
        return catalog
    }
}
