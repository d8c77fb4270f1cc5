public import GRDB

extension AuditLog {
    /// An index for reading a tenant's records by kind and subject (a job's decisions, the policy audit).
    public static let apiKindIndexMigration = HostMigration(name: "api_audit_kind_index_v1") { db in
        try db.execute(sql: "CREATE INDEX audit_log_kind ON audit_log (tenant_id, kind, subject, seq)")
    }

    /// A tenant's records whose kind is one of `kinds` (and whose subject is `subject`, when given), oldest first
    /// unless `newestFirst`, at most `limit` (and ``maximumPageSize``).
    /// - Throws: `storage_error` when a record cannot be read.
    public static func records(
        tenant: String,
        kinds: [String],
        subject: String? = nil,
        limit: Int,
        newestFirst: Bool = false,
        in db: Database
    ) throws -> [AuditRecord] {
        guard !kinds.isEmpty else { return [] }
        var sql = "SELECT \(AuditChainWalker.selection) FROM audit_log WHERE tenant_id = ? AND kind IN ("
        sql += Array(repeating: "?", count: kinds.count).joined(separator: ", ") + ")"
        var arguments: [any DatabaseValueConvertible] = [tenant]
        arguments += kinds.map { $0 as any DatabaseValueConvertible }
        if let subject {
            sql += " AND subject = ?"
            arguments.append(subject)
        }
        sql += newestFirst ? " ORDER BY seq DESC LIMIT ?" : " ORDER BY seq LIMIT ?"
        arguments.append(max(1, min(limit, maximumPageSize)))
        let rows = try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments))
        return try rows.map { row in
            switch AuditChainWalker.record(from: row) {
            case .success(let record): return record
            case .failure(let reason):
                throw HostError(.storage, "an audit record cannot be read (\(reason)); run packctl audit verify")
            }
        }
    }
}
