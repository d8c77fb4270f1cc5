import GRDB
import StructuredData
import WorkflowEngine

extension AuditLog {
    /// Appends an event about `job`: its tenant, its id as the subject.
    /// - Parameter principal: who caused it; the platform (`system`) when nil.
    static func appendJobEvent(
        _ kind: String,
        of job: HostJob,
        principal: String? = nil,
        data: JSONValue = [:],
        at time: Timestamp,
        in db: Database
    ) throws {
        var event = AuditEvent(kind: kind, tenantID: job.tenantID, subject: job.id, data: data)
        if let principal { event.principal = principal }
        try append(event, at: time, in: db)
    }
}
