/// The stand-in for a remote pool whose workers are not known (no heartbeats — CAP SDK workers send none):
/// jobs are published on their topic subject and the pool's queue group picks a worker. It takes jobs only
/// while no worker of the pool heartbeats (its capacity is 0 otherwise), so known workers get direct dispatch.
///
/// A worker that dies with one of its jobs is not noticed here (nothing heartbeats); the job's deadline ends it.
public final class TopicSubjectWorker: HostWorker {
    /// The worker id.
    public let id: String
    /// The pool it serves.
    public let pool: String
    let link: CAPLink

    init(pool: String, link: CAPLink) {
        self.id = Self.id(forPool: pool)
        self.pool = pool
        self.link = link
    }

    /// The id of the stand-in of `pool`: `cap-topic-<pool>`.
    public static func id(forPool pool: String) -> String { "cap-topic-\(pool)" }

    /// How many jobs it takes at once.
    public var capacity: Int {
        link.roster.hasWorkers(inPool: pool) ? 0 : max(1, link.configuration.topicSubjectCapacity)
    }

    /// The topics it handles (empty: every topic of its pool).
    public var topics: [String] { [] }

    /// Runs a job over CAP and waits for its result.
    public func run(_ assignment: JobAssignment) async -> WorkerReport {
        await link.execute(assignment, subject: assignment.job.topic, workerID: nil)
    }

    /// Publishes `JobCancel` for the job.
    public func cancel(jobID: String, reason: String) async {
        link.cancel(jobID: jobID, reason: reason, workerID: nil)
    }
}
