public import GRDB
import StructuredData
public import WorkflowEngine

/// The append-only, hash-chained audit log. Each record carries the hash of the one before it, so changing,
/// removing or reordering any record breaks the chain from that point on.
///
/// Components append inside their own write transaction (``append(_:at:in:)``), so an action and its record
/// are stored together or not at all.
public enum AuditLog {
    /// The hash the first record chains to.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The audit table.
    public static let migration = HostMigration(name: "audit_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE audit_log (
                    seq INTEGER PRIMARY KEY, time INTEGER NOT NULL, tenant_id TEXT NOT NULL, principal TEXT NOT NULL,
                    kind TEXT NOT NULL, subject TEXT NOT NULL, data TEXT NOT NULL,
                    prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
                CREATE INDEX audit_log_tenant ON audit_log (tenant_id, seq);
                """
        )
    }

    /// Appends `event` at `time` in the caller's transaction.
    /// - Returns: the stored record.
    @discardableResult
    public static func append(_ event: AuditEvent, at time: Timestamp, in db: Database) throws -> AuditRecord {
        let last = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
        )
        let sequence: Int64 = (last?["seq"] ?? 0) + 1
        let previous: String = last?["hash"] ?? genesisHash
        var record = AuditRecord(sequence: sequence, time: time, event: event, previousHash: previous, hash: "")
        let data = JSONEncoding.canonical(event.data)
        record.hash = hash(of: record, canonicalData: data)
        try db.cachedStatement(
            sql: """
                INSERT INTO audit_log (seq, time, tenant_id, principal, kind, subject, data, prev_hash, hash)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """
        ).execute(
            arguments: [
                sequence, time.milliseconds, event.tenantID, event.principal, event.kind, event.subject,
                data, previous, record.hash,
            ]
        )
        return record
    }

    /// The hash a record must carry: SHA-256 over the previous hash, a newline, and the canonical JSON of
    /// `{seq, time, tenant_id, principal, kind, subject, data}`.
    public static func hash(of record: AuditRecord) -> String {
        hash(of: record, canonicalData: JSONEncoding.canonical(record.event.data))
    }

    /// ``hash(of:)`` with the record's data already in canonical JSON. The body is written member by member, in
    /// the byte order of the keys, exactly as `JSONEncoding.canonical` writes the whole object.
    static func hash(of record: AuditRecord, canonicalData: String) -> String {
        func text(_ value: String) -> String { JSONEncoding.canonical(.string(value)) }
        let body =
            "{\"data\":" + canonicalData + ",\"kind\":" + text(record.event.kind) + ",\"principal\":"
            + text(record.event.principal) + ",\"seq\":" + String(record.sequence) + ",\"subject\":"
            + text(record.event.subject) + ",\"tenant_id\":" + text(record.event.tenantID) + ",\"time\":"
            + String(record.time.milliseconds) + "}"
        return Hashing.sha256Hex(record.previousHash + "\n" + body)
    }
}
