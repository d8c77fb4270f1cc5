import CAP
import Logging
import StructuredData
import WorkflowEngine

extension CAPBridge {
    /// The audit kinds of remote worker registrations.
    enum WorkerAuditKind: String {
        /// A worker's first heartbeat for a pool registered it (`worker.registered`).
        case registered = "worker.registered"
        /// A heartbeat was refused: the worker is not on its pool's allow list (`worker.refused`).
        case refused = "worker.refused"
        /// A worker was removed: its heartbeats stopped, it moved to another pool, or the bridge stopped
        /// (`worker.unregistered`).
        case unregistered = "worker.unregistered"
    }

    /// The longest worker id or pool written to a refusal record (the text comes from whoever published).
    static let refusedTextLimit = 200

    /// Appends a system record about a remote worker: the worker id is the subject and the principal.
    func audit(
        _ kind: WorkerAuditKind,
        workerID: String,
        pool: String,
        reason: String? = nil,
        capacity: Int? = nil,
        topics: [String]? = nil,
        extra: [String: JSONValue] = [:]
    ) {
        var data: [String: JSONValue] = ["pool": .string(pool)]
        if let reason { data["reason"] = .string(reason) }
        if let capacity { data["capacity"] = .integer(capacity) }
        if let topics { data["topics"] = .array(topics.map { .string($0) }) }
        data.merge(extra) { _, new in new }
        let event = AuditEvent(kind: kind.rawValue, principal: workerID, subject: workerID, data: .object(data))
        appendAudit(event)
    }

    /// Appends `event` at the bridge's clock; a store failure is logged, never thrown (the bus goes on).
    func appendAudit(_ event: AuditEvent) {
        let now = clock.now()
        do {
            try host.database.write { db in try AuditLog.append(event, at: now, in: db) }
        } catch {
            logger.error(
                "appending an audit record failed",
                metadata: ["kind": "\(event.kind)", "subject": "\(event.subject)", "error": "\(error)"]
            )
        }
    }

    /// Refuses a heartbeat: the worker is not registered and gets no jobs; the refusal is logged and audited
    /// (throttled: ``CAPBridgeConfiguration/refusalAuditInterval``).
    func refuse(_ heartbeat: Cordum_Agent_V1_Heartbeat, reason: String) {
        let workerID = String(heartbeat.workerID.prefix(Self.refusedTextLimit))
        let pool = String(heartbeat.pool.prefix(Self.refusedTextLimit))
        guard refusals.shouldRecord(workerID: workerID, pool: pool, at: clock.now()) else {
            logger.debug("refused a heartbeat", metadata: ["worker_id": "\(workerID)", "pool": "\(pool)"])
            return
        }
        logger.warning("refused a heartbeat", metadata: ["worker_id": "\(workerID)", "pool": "\(pool)"])
        let suppressed = refusals.suppressed
        refusals.recorded()
        audit(
            .refused,
            workerID: workerID,
            pool: pool,
            reason: reason,
            extra: suppressed > 0 ? ["refusals_not_recorded": .integer(suppressed)] : [:]
        )
    }
}
