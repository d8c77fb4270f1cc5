/// The NATS subjects of CAP that a worker uses (`cap-protocol.md` §2.1).
public enum CAPSubjects {
    /// Job results: `sys.job.result`.
    public static let result = "sys.job.result"
    /// Progress: `sys.job.progress`.
    public static let progress = "sys.job.progress"
    /// Cancels, fanned out to every worker: `sys.job.cancel`.
    public static let cancel = "sys.job.cancel"
    /// Heartbeats: `sys.heartbeat`.
    public static let heartbeat = "sys.heartbeat"

    /// The direct subject of a worker: `worker.<worker_id>.jobs`.
    public static func direct(workerID: String) -> String { "worker.\(workerID).jobs" }
}
