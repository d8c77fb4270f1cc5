import WorkerKit

/// A worker process known from its heartbeats, reached over CAP: jobs go to `worker.<id>.jobs`, its capacity
/// (`max_parallel_jobs`) and topics follow its latest heartbeat. The ``CAPBridge`` registers it on the first
/// heartbeat and unregisters it when the heartbeats stop (its running jobs go back to the queue).
public final class RemoteWorker: HostWorker {
    /// The worker id.
    public let id: String
    /// The pool it serves.
    public let pool: String
    let link: CAPLink

    init(id: String, pool: String, link: CAPLink) {
        self.id = id
        self.pool = pool
        self.link = link
    }

    /// How many jobs it takes at once.
    public var capacity: Int { link.roster.entry(id)?.capacity ?? 0 }

    /// The topics it handles (empty: every topic of its pool).
    public var topics: [String] { link.roster.entry(id)?.topics ?? [] }

    /// Whether its last heartbeat carried WorkerKit's dry-run label (`cordum.dry_run: plan`).
    public var supportsDryRun: Bool { link.roster.entry(id)?.supportsDryRun ?? false }

    /// Runs a job over CAP and waits for its result.
    public func run(_ assignment: JobAssignment) async -> WorkerReport {
        await link.execute(assignment, subject: CAPSubjects.direct(workerID: id), workerID: id)
    }

    /// Publishes `JobCancel` for the job.
    public func cancel(jobID: String, reason: String) async {
        link.cancel(jobID: jobID, reason: reason, workerID: id)
    }
}
