import GRDB
import Logging
import StructuredData
import WorkflowEngine

extension PackHost {
    /// Keeps running jobs' step locks, and lets lapsed locks go.
    ///
    /// A lock is renewed when less than half its TTL is left (audited `lock.renewed`, so a long job leaves one
    /// record per half TTL, not one per tick). A running job that no longer holds its lock — it lapsed while the
    /// host could not renew it, or the lock is gone — is not left running unprotected: it fails with `lock_lost`
    /// (retryable), the loss is logged and audited (`lock.lost`), and its worker is told to cancel. Then every
    /// expired lock is deleted and audited (`lock.expired`).
    func keepJobLocks(at now: Timestamp) async throws(HostError) {
        let candidates = try database.read { db in try JobStore.runningWithLocks(in: db) }
        let lost = try database.write { db -> [HostJob] in
            var lost: [HostJob] = []
            for candidate in candidates {
                guard var job = try JobStore.load(candidate.id, in: db), job.state == .running, let lock = job.lock
                else { continue }
                let ttl = Int64(lock.ttlSeconds ?? Int(self.configuration.defaultLockTTLSeconds)) * 1000
                let current = try LockStore.load(
                    tenant: job.tenantID,
                    resource: lock.resource,
                    now: now,
                    removingExpired: false,
                    in: db
                )
                if let current, current.owners[job.id] != nil, LockHolder.matches(current.holders[job.id], .job) {
                    guard current.expiresAt.milliseconds - now.milliseconds < ttl / 2 else { continue }
                    _ = try LockStore.renew(
                        tenant: job.tenantID,
                        resource: lock.resource,
                        owner: job.id,
                        ttlMilliseconds: ttl,
                        holder: .job,
                        now: now,
                        in: db
                    )
                    continue
                }
                job.state = .failed
                job.error = JobFailure(
                    code: "lock_lost",
                    message: "the job's lock on \"\(lock.resource)\" lapsed before the host could renew it",
                    retryable: true
                )
                job.updatedAt = now
                try JobStore.update(job, in: db)
                try AuditLog.append(
                    AuditEvent(
                        kind: "lock.lost",
                        tenantID: job.tenantID,
                        subject: lock.resource,
                        data: ["job_id": .string(job.id), "owner": .string(job.id)]
                    ),
                    at: now,
                    in: db
                )
                try self.auditResult(job, now: now, in: db)
                lost.append(job)
            }
            try LockStore.purgeExpired(now: now, in: db)
            return lost
        }
        for job in lost {
            logger.error(
                "a running job lost its lock; the job is failed and its worker cancelled",
                metadata: ["job_id": "\(job.id)", "resource": "\(job.lock?.resource ?? "")"]
            )
            if let workerID = job.workerID, let worker = workers[workerID]?.worker {
                await worker.cancel(jobID: job.id, reason: "the job lost its lock")
            }
            finish(job)
        }
    }
}
