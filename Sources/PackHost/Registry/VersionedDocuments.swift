import GRDB
import StructuredData
import WorkflowEngine

/// The versioned table behind a registry: every save that changes a document adds a version row; reads return
/// the newest version visible to a tenant (its own, then the system-wide one).
struct VersionedDocuments: Sendable {
    /// The table.
    let table: String
    /// What the documents are, for messages (`schema`, `workflow`).
    let noun: String

    /// The table's SQL.
    var createSQL: String {
        """
        CREATE TABLE \(table) (
            id TEXT NOT NULL, tenant TEXT NOT NULL, version INTEGER NOT NULL, digest TEXT NOT NULL,
            document TEXT NOT NULL, created_at INTEGER NOT NULL, created_by TEXT NOT NULL,
            PRIMARY KEY (id, tenant, version));
        """
    }

    /// The newest version of `id` owned by exactly `tenant`.
    func latest(_ id: String, owner tenant: String, in db: Database) throws -> RegistryEntry? {
        try Row.fetchOne(
            db,
            sql: "SELECT * FROM \(table) WHERE id = ? AND tenant = ? ORDER BY version DESC LIMIT 1",
            arguments: [id, tenant]
        ).map(entry)
    }

    /// The newest version of `id` that `tenant` sees: its own, else the system-wide one.
    func visible(_ id: String, tenant: String, in db: Database) throws -> RegistryEntry? {
        if !tenant.isEmpty, let own = try latest(id, owner: tenant, in: db) { return own }
        return try latest(id, owner: "", in: db)
    }

    /// The newest version of every id `tenant` sees, sorted by id.
    func list(tenant: String, in db: Database) throws -> [RegistryEntry] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT t.* FROM \(table) t
                WHERE t.tenant IN ('', ?) AND t.version = (
                    SELECT MAX(version) FROM \(table) u WHERE u.id = t.id AND u.tenant = t.tenant)
                ORDER BY t.id, t.tenant DESC
                """,
            arguments: [tenant]
        )
        var seen: Set<String> = []
        return try rows.map(entry).filter { seen.insert($0.id).inserted }
    }

    /// Every version of `id` owned by `tenant`, newest first.
    func versions(_ id: String, owner tenant: String, in db: Database) throws -> [RegistryEntry] {
        try Row.fetchAll(
            db,
            sql: "SELECT * FROM \(table) WHERE id = ? AND tenant = ? ORDER BY version DESC",
            arguments: [id, tenant]
        ).map(entry)
    }

    /// Saves a document; when the newest version already has `digest`, nothing is written.
    /// - Returns: the newest version and whether it was written now.
    func save(
        _ id: String,
        owner tenant: String,
        document: JSONValue,
        digest: String,
        at time: Timestamp,
        by principal: String,
        in db: Database
    ) throws -> (entry: RegistryEntry, written: Bool) {
        let current = try latest(id, owner: tenant, in: db)
        if let current, current.digest == digest { return (current, false) }
        let saved = RegistryEntry(
            id: id,
            tenant: tenant,
            version: (current?.version ?? 0) + 1,
            digest: digest,
            document: document,
            createdAt: time,
            createdBy: principal
        )
        try db.execute(
            sql: """
                INSERT INTO \(table) (id, tenant, version, digest, document, created_at, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                id, tenant, saved.version, digest, JSONEncoding.canonical(document), time.milliseconds, principal,
            ]
        )
        return (saved, true)
    }

    /// Deletes every version of `id` owned by `tenant`.
    /// - Returns: how many versions were deleted.
    @discardableResult
    func delete(_ id: String, owner tenant: String, in db: Database) throws -> Int {
        try db.execute(sql: "DELETE FROM \(table) WHERE id = ? AND tenant = ?", arguments: [id, tenant])
        return db.changesCount
    }

    private func entry(_ row: Row) throws -> RegistryEntry {
        let text: String = row["document"]
        let document: JSONValue
        do {
            document = try JSONParser.parse(text, file: "\(noun) \(row["id"] as String)")
        } catch {
            throw HostError(.storage, "stored \(noun) \(row["id"] as String) does not parse: \(error)")
        }
        return RegistryEntry(
            id: row["id"],
            tenant: row["tenant"],
            version: row["version"],
            digest: row["digest"],
            document: document,
            createdAt: Timestamp(milliseconds: row["created_at"]),
            createdBy: row["created_by"]
        )
    }
}
