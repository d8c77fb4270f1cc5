import GRDB
import StructuredData
import WorkflowEngine

extension PackHost {
    /// Keeps a job a human rejected in the dead-letter queue with reason `approval_rejected`, as upstream's
    /// gateway does (its reject publishes the job on `sys.job.dlq`); the job itself stays `denied`.
    func deadLetterRejected(_ job: HostJob, now: Timestamp, in db: Database) throws {
        try DeadLetterStore.add(
            DeadLetter(
                jobID: job.id,
                tenantID: job.tenantID,
                topic: job.topic,
                reasonCode: "approval_rejected",
                message: job.error?.message ?? "approval rejected",
                job: job.json,
                attempts: job.dispatches,
                createdAt: now
            ),
            in: db
        )
        try AuditLog.appendJobEvent(
            "job.dead_lettered",
            of: job,
            data: ["reason_code": "approval_rejected"],
            at: now,
            in: db
        )
    }
}
