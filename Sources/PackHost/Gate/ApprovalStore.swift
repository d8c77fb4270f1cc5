import GRDB
import StructuredData
import WorkflowEngine

/// The approvals table.
public enum ApprovalStore {
    /// The table.
    public static let migration = HostMigration(name: "approvals_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE approvals (
                    id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, status TEXT NOT NULL, job_id TEXT, run_id TEXT,
                    step_id TEXT, expires_at INTEGER NOT NULL, requested_at INTEGER NOT NULL, doc TEXT NOT NULL);
                CREATE INDEX approvals_tenant ON approvals (tenant_id, status, requested_at);
                CREATE INDEX approvals_job ON approvals (job_id);
                CREATE INDEX approvals_step ON approvals (run_id, step_id);
                CREATE INDEX approvals_expiry ON approvals (status, expires_at);
                """
        )
    }

    static func save(_ approval: Approval, in db: Database) throws {
        try db.execute(
            sql: """
                INSERT OR REPLACE INTO approvals (id, tenant_id, status, job_id, run_id, step_id, expires_at,
                    requested_at, doc) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                approval.id, approval.tenantID, approval.status.rawValue, approval.jobID, approval.runID,
                approval.stepID, approval.expiresAt.milliseconds, approval.requestedAt.milliseconds,
                JSONEncoding.compact(approval.json),
            ]
        )
    }

    static func load(_ id: String, in db: Database) throws -> Approval? {
        try String.fetchOne(db, sql: "SELECT doc FROM approvals WHERE id = ?", arguments: [id]).map(decode)
    }

    /// The newest approval of a job, or of a run's step.
    static func latest(jobID: String, in db: Database) throws -> Approval? {
        try String.fetchOne(
            db,
            sql: "SELECT doc FROM approvals WHERE job_id = ? ORDER BY requested_at DESC, rowid DESC LIMIT 1",
            arguments: [jobID]
        ).map(decode)
    }

    static func latest(runID: String, stepID: String, in db: Database) throws -> Approval? {
        try String.fetchOne(
            db,
            sql: """
                SELECT doc FROM approvals WHERE run_id = ? AND step_id = ? AND job_id IS NULL
                ORDER BY requested_at DESC, rowid DESC LIMIT 1
                """,
            arguments: [runID, stepID]
        ).map(decode)
    }

    static func list(tenant: String, status: ApprovalStatus?, limit: Int, in db: Database) throws -> [Approval] {
        var sql = "SELECT doc FROM approvals WHERE tenant_id = ?"
        var arguments: [(any DatabaseValueConvertible)?] = [tenant]
        if let status {
            sql += " AND status = ?"
            arguments.append(status.rawValue)
        }
        sql += " ORDER BY requested_at DESC, id DESC LIMIT ?"
        arguments.append(max(1, min(limit, 1000)))
        return try String.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map(decode)
    }

    /// Pending or granted approvals that lapsed at `time`.
    static func lapsed(at time: Timestamp, in db: Database) throws -> [Approval] {
        try String.fetchAll(
            db,
            sql: "SELECT doc FROM approvals WHERE status IN ('pending', 'approved') AND expires_at <= ?",
            arguments: [time.milliseconds]
        ).map(decode)
    }

    private static func decode(_ text: String) throws -> Approval {
        guard let json = try? JSONParser.parse(text), let id = json["id"]?.stringValue,
            let tenant = json["tenant_id"]?.stringValue,
            let kind = json["kind"]?.stringValue.flatMap(ApprovalKind.init(rawValue:)),
            let status = json["status"]?.stringValue.flatMap(ApprovalStatus.init(rawValue:)),
            let requested = json["requested_at"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
            let expires = json["expires_at"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
        else { throw HostError(.storage, "a stored approval could not be read back") }
        var approval = Approval(
            id: id,
            tenantID: tenant,
            kind: kind,
            jobID: json["job_id"]?.stringValue,
            runID: json["run_id"]?.stringValue,
            stepID: json["step_id"]?.stringValue,
            digest: json["digest"]?.stringValue ?? "",
            policySnapshot: json["policy_snapshot"]?.stringValue ?? "",
            summary: json["summary"] ?? [:],
            status: status,
            requestedAt: requested,
            expiresAt: expires,
            decidedBy: json["decided_by"]?.stringValue,
            reason: json["reason"]?.stringValue,
            decidedAt: json["decided_at"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
            consumedAt: json["consumed_at"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
        )
        approval.requestedBy = json["requested_by"]?.stringValue
        approval.requiredApprovals = max(1, json["required_approvals"]?.intValue ?? 1)
        approval.grants = json["grants"]?.arrayValue?.compactMap(ApprovalGrant.init(json:)) ?? []
        return approval
    }
}
