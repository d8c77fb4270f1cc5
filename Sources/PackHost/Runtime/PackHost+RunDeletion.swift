import GRDB
import StructuredData
import WorkflowEngine

extension PackHost {
    /// Deletes a finished run of `tenant` (`DELETE /workflow-runs/{id}`): the run, its steps and its timeline. The
    /// audit log keeps `run.deleted`; the run's idempotency key stays claimed until it expires.
    /// - Throws: `not_found` for no such run in the tenant; `conflict` while the run is active (cancel it first).
    public func deleteRun(_ id: String, tenant: String, principal: String) throws(HostError) {
        let run = try run(id, tenant: tenant)
        let deleted: Bool
        do {
            deleted = try runStore.deleteFinishedRun(id)
        } catch {
            throw HostError(error.code == .storage ? .storage : .conflict, error.message)
        }
        guard deleted else { throw HostError(.notFound, "no run has id \(id)") }
        let now = clock.now()
        try database.write { db in
            try db.execute(sql: "DELETE FROM run_principals WHERE run_id = ?", arguments: [id])
            try AuditLog.append(
                AuditEvent(
                    kind: "run.deleted",
                    tenantID: tenant,
                    principal: principal,
                    subject: id,
                    data: ["workflow_id": .string(run.workflowID), "status": .string(run.status.rawValue)]
                ),
                at: now,
                in: db
            )
        }
    }
}
