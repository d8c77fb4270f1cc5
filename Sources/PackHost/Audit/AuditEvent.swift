public import StructuredData
public import WorkflowEngine

/// Something the host records in its audit log: a decision, an approval, a dispatch, a result, an install,
/// a config change. Records never carry secrets: components put ids, digests and decisions in `data`,
/// never credentials or job payloads that could hold them.
public struct AuditEvent: Sendable, Hashable {
    /// What happened, as a dotted name (`policy.decision`, `approval.granted`, `job.dispatched`, `pack.installed`).
    public var kind: String
    /// The tenant the event belongs to; empty for system events (installs, config).
    public var tenantID: String
    /// Who caused it (an API principal, `system`, or a worker id).
    public var principal: String
    /// The object it is about (a job id, a pack id, an approval id).
    public var subject: String
    /// Details (decision, rule id, digest, ...).
    public var data: JSONValue

    /// Creates an event.
    public init(
        kind: String,
        tenantID: String = "",
        principal: String = "system",
        subject: String,
        data: JSONValue = [:]
    ) {
        self.kind = kind
        self.tenantID = tenantID
        self.principal = principal
        self.subject = subject
        self.data = data
    }
}

/// A stored audit record: the event, its position, its time and the hash chain.
public struct AuditRecord: Sendable, Hashable {
    /// Position in the log, from 1, without gaps.
    public var sequence: Int64
    /// When it was appended.
    public var time: Timestamp
    /// The event.
    public var event: AuditEvent
    /// The hash of the record before it (64 zeros for the first).
    public var previousHash: String
    /// SHA-256 (hex) of `previousHash` and the canonical JSON of this record's other fields.
    public var hash: String
}
