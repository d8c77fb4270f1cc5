import Foundation
public import GRDB
public import StructuredData
public import WorkflowEngine

/// Cordum's config service on the host store: one document per `(scope, scope_id)`, a revision bumped on every
/// write, and the effective configuration merged from the system default down to a step.
///
/// Unlike Cordum, a write may carry the revision it was based on; a mismatch is a `conflict`, so two writers can
/// no longer overwrite each other's changes unnoticed. Every call runs in the caller's transaction.
public enum ConfigStore {
    /// `cfg:system:default`: `pools`, `timeouts` (config overlays).
    public static let defaultID = "default"
    /// `cfg:system:policy`: `bundles` (policy fragments).
    public static let policyID = "policy"
    /// `cfg:system:packs`: `installed` (the pack registry).
    public static let packsID = "packs"
    /// `cfg:system:pack_catalogs`: `catalogs` (the marketplace).
    public static let catalogsID = "pack_catalogs"

    /// The config table.
    public static let migration = HostMigration(name: "config_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE config_documents (
                    scope TEXT NOT NULL, scope_id TEXT NOT NULL, data TEXT NOT NULL, revision INTEGER NOT NULL,
                    updated_at INTEGER NOT NULL, meta TEXT NOT NULL, PRIMARY KEY (scope, scope_id));
                """
        )
    }

    /// Checks and normalizes a document's address: non-system scopes need an id; the system scope's empty id is
    /// `default`.
    /// - Throws: `invalid_argument` for a missing scope id.
    public static func address(_ scope: ConfigScope, _ scopeID: String) throws(HostError) -> String {
        let trimmed = scopeID.trimmingCharacters(in: .whitespaces)
        if scope == .system { return trimmed.isEmpty ? defaultID : trimmed }
        guard !trimmed.isEmpty else {
            throw HostError(.invalidArgument, "scope_id required for non-system scope \"\(scope.rawValue)\"")
        }
        return trimmed
    }

    /// The document at `(scope, scopeID)`, or nil when none was written.
    public static func get(_ scope: ConfigScope, _ scopeID: String = "", in db: Database) throws -> ConfigDocument? {
        let id = try address(scope, scopeID)
        guard
            let row = try Row.fetchOne(
                db,
                sql: "SELECT data, revision, updated_at, meta FROM config_documents WHERE scope = ? AND scope_id = ?",
                arguments: [scope.rawValue, id]
            )
        else { return nil }
        let dataText: String = row["data"]
        let metaText: String = row["meta"]
        let data = try parseObject(dataText, what: "cfg:\(scope.rawValue):\(id) data")
        let meta = try parseObject(metaText, what: "cfg:\(scope.rawValue):\(id) meta").compactMapValues(\.stringValue)
        return ConfigDocument(
            scope: scope,
            scopeID: id,
            data: data,
            revision: row["revision"],
            updatedAt: Timestamp(milliseconds: row["updated_at"]),
            meta: meta
        )
    }

    /// Replaces a document's data and meta, bumps its revision and records `config.changed` in the audit log.
    /// - Parameters:
    ///   - scope: the scope.
    ///   - scopeID: the scope id.
    ///   - data: the new data.
    ///   - meta: the new meta; nil keeps the stored meta.
    ///   - expectedRevision: the revision the change was based on (0 for "must not exist yet"); nil skips the check.
    ///   - time: now.
    ///   - principal: who changes it.
    /// - Returns: the stored document.
    /// - Throws: `conflict` when `expectedRevision` is stale; `invalid_argument` for capitalized pools/timeouts
    ///   keys in `cfg:system:default`.
    @discardableResult
    public static func set(
        _ scope: ConfigScope,
        _ scopeID: String = "",
        data: [String: JSONValue],
        meta: [String: String]? = nil,
        expectedRevision: Int? = nil,
        at time: Timestamp,
        principal: String = "system",
        in db: Database
    ) throws -> ConfigDocument {
        let id = try address(scope, scopeID)
        let current = try get(scope, id, in: db)
        if let expectedRevision, expectedRevision != (current?.revision ?? 0) {
            throw HostError(
                .conflict,
                "cfg:\(scope.rawValue):\(id) is at revision \(current?.revision ?? 0), not \(expectedRevision); "
                    + "read it again and reapply the change"
            )
        }
        if scope == .system, id == defaultID {
            try ConfigKeyCasing.check(data, document: "cfg:system:default")
        }
        if scope == .system, id == policyID {
            try PolicyBundles.checkAll(data["bundles"])
            try PolicyBundles.auditChanges(
                from: current?.data["bundles"],
                to: data["bundles"],
                at: time,
                principal: principal,
                in: db
            )
        }
        return try store(
            ConfigDocument(
                scope: scope,
                scopeID: id,
                data: data,
                revision: (current?.revision ?? 0) + 1,
                updatedAt: time,
                meta: meta ?? current?.meta ?? [:]
            ),
            previous: current,
            principal: principal,
            in: db
        )
    }

    /// Changes one document in place (creating it when missing) and records `config.changed` when the data changed.
    /// - Returns: the document after the change.
    @discardableResult
    static func update(
        _ scope: ConfigScope,
        _ scopeID: String,
        at time: Timestamp,
        principal: String,
        in db: Database,
        _ change: (inout [String: JSONValue]) throws -> Void
    ) throws -> ConfigDocument {
        let id = try address(scope, scopeID)
        let current = try get(scope, id, in: db)
        var data = current?.data ?? [:]
        try change(&data)
        if let current, current.data == data { return current }
        return try store(
            ConfigDocument(
                scope: scope,
                scopeID: id,
                data: data,
                revision: (current?.revision ?? 0) + 1,
                updatedAt: time,
                meta: current?.meta ?? [:]
            ),
            previous: current,
            principal: principal,
            in: db
        )
    }

    private static func store(
        _ document: ConfigDocument,
        previous: ConfigDocument?,
        principal: String,
        in db: Database
    ) throws -> ConfigDocument {
        try db.execute(
            sql: """
                INSERT INTO config_documents (scope, scope_id, data, revision, updated_at, meta) VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT (scope, scope_id) DO UPDATE SET
                    data = excluded.data, revision = excluded.revision, updated_at = excluded.updated_at,
                    meta = excluded.meta
                """,
            arguments: [
                document.scope.rawValue, document.scopeID, JSONEncoding.canonical(.object(document.data)),
                document.revision, document.updatedAt.milliseconds,
                JSONEncoding.canonical(.object(document.meta.mapValues(JSONValue.string))),
            ]
        )
        let changedKeys = Set(document.data.keys).union(previous.map { Array($0.data.keys) } ?? [])
            .filter { document.data[$0] != previous?.data[$0] }.sorted()
        try AuditLog.append(
            AuditEvent(
                kind: "config.changed",
                principal: principal,
                subject: document.key,
                data: [
                    "scope": .string(document.scope.rawValue),
                    "scope_id": .string(document.scopeID),
                    "revision": .integer(document.revision),
                    "keys": .array(changedKeys.map(JSONValue.string)),
                    "sha256": .string(Hashing.sha256Hex(JSONEncoding.canonical(.object(document.data)))),
                ]
            ),
            at: document.updatedAt,
            in: db
        )
        return document
    }

    /// The effective configuration for a step: the system default, then the org, team, workflow and step
    /// documents, each one's top-level keys replacing the wider one's (a shallow merge, as Cordum's).
    /// - Parameters:
    ///   - orgID: the org (tenant), if any.
    ///   - teamID: the team, if any.
    ///   - workflowID: the workflow, if any.
    ///   - stepID: the step document's id, if any.
    /// - Returns: the merged data.
    public static func effective(
        orgID: String? = nil,
        teamID: String? = nil,
        workflowID: String? = nil,
        stepID: String? = nil,
        in db: Database
    ) throws -> [String: JSONValue] {
        var merged = try get(.system, defaultID, in: db)?.data ?? [:]
        let layers: [(ConfigScope, String?)] = [
            (.org, orgID), (.team, teamID), (.workflow, workflowID), (.step, stepID),
        ]
        for (scope, id) in layers {
            guard let id, !id.isEmpty, let document = try get(scope, id, in: db) else { continue }
            merged.merge(document.data) { _, narrower in narrower }
        }
        return merged
    }

    private static func parseObject(_ text: String, what: String) throws -> [String: JSONValue] {
        do {
            guard let object = try JSONParser.parse(text, file: what).objectValue else {
                throw HostError(.storage, "\(what) is not a JSON object")
            }
            return object
        } catch let error as HostError {
            throw error
        } catch {
            throw HostError(.storage, "\(what) does not parse: \(error)")
        }
    }
}
