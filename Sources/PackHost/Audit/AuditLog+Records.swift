public import GRDB

extension AuditLog {
    /// The most records one call returns.
    public static let maximumPageSize = 10_000

    /// Records after sequence number `since`, in `seq` order, at most `limit` (capped at
    /// ``maximumPageSize``).
    /// - Parameters:
    ///   - tenant: only this tenant's records (`""` for system events); nil for every tenant (admins only).
    ///   - since: the last sequence number already seen; 0 for the start of the log.
    /// - Throws: `invalid_argument` for a negative `since` or a `limit` below 1; `storage_error` for a
    ///   stored record that is no longer readable (run `packctl audit verify`).
    public static func records(tenant: String?, since: Int64 = 0, limit: Int = 1000, in db: Database) throws
        -> [AuditRecord]
    {
        guard since >= 0 else {
            throw HostError(.invalidArgument, "since must be a sequence number of 0 or more, not \(since)")
        }
        guard limit >= 1 else { throw HostError(.invalidArgument, "limit must be at least 1, not \(limit)") }
        let count = min(limit, maximumPageSize)
        let select = "SELECT \(AuditChainWalker.selection) FROM audit_log"
        let rows: [Row]
        if let tenant {
            rows = try Row.fetchAll(
                db,
                sql: select + " WHERE tenant_id = ? AND seq > ? ORDER BY seq LIMIT ?",
                arguments: [tenant, since, count]
            )
        } else {
            rows = try Row.fetchAll(db, sql: select + " WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [since, count])
        }
        return try rows.map { row in
            switch AuditChainWalker.record(from: row) {
            case .success(let record): return record
            case .failure(let reason):
                let sequence = Int64.fromDatabaseValue(row["seq"]).map(String.init) ?? "?"
                throw HostError(
                    .storage,
                    "audit record \(sequence) cannot be read (\(reason)); run packctl audit verify"
                )
            }
        }
    }
}
