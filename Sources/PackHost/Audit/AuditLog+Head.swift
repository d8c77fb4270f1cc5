public import GRDB

extension AuditLog {
    /// The last record's sequence number and stored hash, nil for an empty log.
    public static func head(in db: Database) throws -> AuditAnchor? {
        guard let row = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1") else {
            return nil
        }
        guard let sequence = Int64.fromDatabaseValue(row["seq"]), let hash = String.fromDatabaseValue(row["hash"])
        else { return nil }
        return AuditAnchor(sequence: sequence, hash: hash)
    }

    /// The stored hash of record `sequence`, nil when it is not in the log.
    public static func storedHash(at sequence: Int64, in db: Database) throws -> String? {
        try Row.fetchOne(db, sql: "SELECT hash FROM audit_log WHERE seq = ?", arguments: [sequence])
            .flatMap { String.fromDatabaseValue($0["hash"]) }
    }
}
