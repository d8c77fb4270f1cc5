public import StructuredData
public import WorkflowEngine

/// A typed event of the host (`run.started`, `step.succeeded`, `job.held`, `approval.requested`,
/// `pack.installed`, ...), derived from one audit record: its ``id`` is that record's sequence number, so a
/// consumer that remembers the last id it saw resumes exactly where it stopped (`Last-Event-ID`).
public struct HostEvent: Sendable, Hashable {
    /// The audit sequence number of the record the event comes from.
    public var id: Int64
    /// The event type (`run.succeeded`, `approval.requested`, ...).
    public var type: String
    /// The tenant; empty for host-wide events (pack installs).
    public var tenantID: String
    /// When it happened.
    public var time: Timestamp
    /// Who caused it.
    public var principal: String
    /// The object it is about (a run, job, approval or pack id).
    public var subject: String
    /// The run it belongs to, when there is one (deliveries are ordered per run).
    public var runID: String?
    /// The workflow it belongs to, when there is one.
    public var workflowID: String?
    /// The pack it belongs to, when there is one.
    public var packID: String?
    /// The type's own fields.
    public var data: JSONValue

    /// Creates an event.
    public init(
        id: Int64,
        type: String,
        tenantID: String,
        time: Timestamp,
        principal: String,
        subject: String,
        runID: String? = nil,
        workflowID: String? = nil,
        packID: String? = nil,
        data: JSONValue = [:]
    ) {
        self.id = id
        self.type = type
        self.tenantID = tenantID
        self.time = time
        self.principal = principal
        self.subject = subject
        self.runID = runID
        self.workflowID = workflowID
        self.packID = packID
        self.data = data
    }

    /// The event as JSON: `{id, type, tenant_id, time, principal, subject, run_id?, workflow_id?, pack_id?, data}`.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .integer(Int(id)),
            "type": .string(type),
            "tenant_id": .string(tenantID),
            "time": .string(time.description),
            "principal": .string(principal),
            "subject": .string(subject),
            "data": data,
        ]
        fields["run_id"] = runID.map(JSONValue.string)
        fields["workflow_id"] = workflowID.map(JSONValue.string)
        fields["pack_id"] = packID.map(JSONValue.string)
        return .object(fields)
    }

    /// The event as one Server-Sent Events message: `id`, `event` (the type) and `data` (compact JSON).
    public var serverSentEvent: String {
        "id: \(id)\nevent: \(type)\ndata: \(JSONEncoding.compact(json))\n\n"
    }

    /// The marker ``EventFeed/keepAlive()`` puts in a feed.
    static let keepAlive = HostEvent(
        id: 0,
        type: "",
        tenantID: "",
        time: Timestamp(milliseconds: 0),
        principal: "",
        subject: ""
    )

    /// Whether this is a keep-alive marker rather than an event.
    public var isKeepAlive: Bool { id == 0 && type.isEmpty }

    /// Every type the host emits, for validating filters and for the documentation.
    public static let types: [String] = [
        "run.started", "run.succeeded", "run.failed", "run.cancelled", "run.timed_out",
        "step.running", "step.waiting", "step.succeeded", "step.failed", "step.cancelled", "step.timed_out",
        "step.skipped",
        "job.held", "job.dispatched", "job.succeeded", "job.failed", "job.denied", "job.cancelled", "job.timed_out",
        "job.dead_lettered",
        "approval.requested", "approval.granted", "approval.rejected", "approval.expired",
        "pack.installed", "pack.upgraded", "pack.uninstalled",
        "workflow.notify", "workflow.artifact",
    ]
}
