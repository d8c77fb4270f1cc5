public import GRDB

extension AuditLog {
    /// Walks the whole chain in `seq` order and reports every break: a record whose hash does not match its
    /// content (`changed`), skipped sequence numbers (`missing`), a `prev_hash` that is not the previous
    /// record's hash (`broken_link`) and, with an `anchor`, a log that ends before the anchored record
    /// (`truncated`) or holds another hash for it (`anchor_mismatch`).
    public static func verify(anchor: AuditAnchor? = nil, in db: Database) throws -> AuditVerification {
        var walker = AuditChainWalker(anchor: anchor)
        let rows = try Row.fetchCursor(db, sql: "SELECT \(AuditChainWalker.selection) FROM audit_log ORDER BY seq")
        while let row = try rows.next() {
            walker.check(row)
        }
        return walker.finish()
    }
}
