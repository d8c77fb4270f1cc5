public import GRDB
public import StructuredData
public import WorkflowEngine

/// The workflow registry: workflow definitions by id, versioned, validated with ``Workflow/load(_:schemas:)``
/// before they are stored.
///
/// Workflows installed by packs are system-wide (tenant `""`) and visible to every tenant; workflows saved through
/// the API belong to their tenant only. A tenant workflow may not shadow a system one, nor a pack install take an
/// id a tenant already uses: both are a `conflict`.
public enum WorkflowRegistry {
    static let table = VersionedDocuments(table: "registry_workflows", noun: "workflow")

    /// The workflow table.
    public static let migration = HostMigration(name: "registry_workflows_v1") { db in
        try db.execute(sql: table.createSQL)
    }

    /// The definition as stored and digested: the document with `id` set and `created_at`/`updated_at` removed.
    public static func normalized(_ document: JSONValue, id: String) -> JSONValue {
        guard case .object(var members) = document else { return document }
        members["id"] = .string(id)
        members.removeValue(forKey: "created_at")
        members.removeValue(forKey: "updated_at")
        return .object(members)
    }

    /// The digest Cordum's installer compares: SHA-256 of the normalized definition's canonical JSON.
    public static func digest(_ document: JSONValue, id: String) -> String {
        Hashing.sha256Hex(JSONEncoding.canonical(normalized(document, id: id)))
    }

    /// Validates a definition against the schemas `tenant` sees (plus `extraSchemas`, e.g. a pack's own).
    /// - Throws: `invalid_argument` listing every problem.
    @discardableResult
    public static func validate(
        _ document: JSONValue,
        id: String,
        tenant: String = "",
        extraSchemas: [String: JSONValue] = [:],
        in db: Database
    ) throws -> Workflow {
        var schemas = try HostSchemaRegistry.catalog(tenant: tenant, in: db)
        for (schemaID, schema) in extraSchemas {
            schemas[schemaID] = SchemaDraft.compilable(schema, id: schemaID).schema
        }
        do {
            return try Workflow.load(normalized(document, id: id), file: "workflow \(id)", schemas: schemas)
        } catch {
            let problems = error.errors.map { "\($0.field.isEmpty ? "" : $0.field + ": ")\($0.message)" }
            throw HostError(
                .invalidArgument,
                "workflow \(id) is invalid: " + problems.joined(separator: "; ")
            )
        }
    }

    /// Validates and saves a new version of a workflow; an unchanged definition writes nothing.
    /// - Parameters:
    ///   - id: the workflow id (it overrides any `id` in the document).
    ///   - document: the definition.
    ///   - tenant: the owner; empty for system-wide (pack) workflows.
    /// - Returns: the newest version, and whether it was written.
    /// - Throws: `invalid_argument` listing every problem; `conflict` when the id belongs to the other side.
    @discardableResult
    public static func save(
        id: String,
        document: JSONValue,
        tenant: String = "",
        at time: Timestamp,
        principal: String = "system",
        in db: Database
    ) throws -> (entry: RegistryEntry, written: Bool) {
        guard !id.isEmpty else { throw HostError(.invalidArgument, "workflow id required") }
        try checkOwnership(id: id, tenant: tenant, in: db)
        try validate(document, id: id, tenant: tenant, in: db)
        return try store(id: id, document: document, tenant: tenant, at: time, principal: principal, in: db)
    }

    /// Refuses a tenant workflow that would shadow a system one, and a system workflow whose id a tenant uses.
    static func checkOwnership(id: String, tenant: String, in db: Database) throws {
        if !tenant.isEmpty {
            if try table.latest(id, owner: "", in: db) != nil {
                throw HostError(
                    .conflict,
                    "workflow \(id) is installed system-wide by a pack; a tenant workflow may not shadow it (choose another id)"
                )
            }
        } else if let owner = try String.fetchOne(
            db,
            sql: "SELECT tenant FROM \(table.table) WHERE id = ? AND tenant <> '' LIMIT 1",
            arguments: [id]
        ) {
            throw HostError(
                .conflict,
                "workflow \(id) already belongs to tenant \(owner); a system-wide workflow may not shadow it"
            )
        }
    }

    /// Stores a definition that was already validated.
    static func store(
        id: String,
        document: JSONValue,
        tenant: String,
        at time: Timestamp,
        principal: String,
        in db: Database
    ) throws -> (entry: RegistryEntry, written: Bool) {
        let normalized = normalized(document, id: id)
        return try table.save(
            id,
            owner: tenant,
            document: normalized,
            digest: digest(normalized, id: id),
            at: time,
            by: principal,
            in: db
        )
    }

    /// The newest version of a workflow visible to `tenant`.
    public static func get(id: String, tenant: String = "", in db: Database) throws -> RegistryEntry? {
        try table.visible(id, tenant: tenant, in: db)
    }

    /// The newest version of a workflow visible to `tenant`, loaded and validated against the registry's schemas.
    /// - Throws: `not_found` when there is none; `invalid_argument` when it no longer validates (a schema it names
    ///   was deleted, say).
    public static func workflow(id: String, tenant: String = "", in db: Database) throws -> Workflow {
        guard let entry = try get(id: id, tenant: tenant, in: db) else {
            throw HostError(.notFound, "workflow \(id) not found")
        }
        return try validate(entry.document, id: id, tenant: tenant, in: db)
    }

    /// The newest version of every workflow visible to `tenant`, sorted by id.
    public static func list(tenant: String = "", in db: Database) throws -> [RegistryEntry] {
        try table.list(tenant: tenant, in: db)
    }

    /// Every version of a workflow owned by `tenant`, newest first.
    public static func versions(id: String, tenant: String = "", in db: Database) throws -> [RegistryEntry] {
        try table.versions(id, owner: tenant, in: db)
    }

    /// Deletes every version of a workflow owned by `tenant`.
    /// - Returns: whether anything was deleted.
    @discardableResult
    public static func delete(id: String, tenant: String = "", in db: Database) throws -> Bool {
        try table.delete(id, owner: tenant, in: db) > 0
    }
}
