import GRDB
import StructuredData
import WorkflowEngine

extension HostEvent {
    /// The audit kinds the run store wrapper appends (``RunEventRecorder``).
    static let runFinishedKind = "run.finished"
    static let stepStatusKind = "step.status"

    /// The event an audit record stands for, or nil when the record is not one consumers are told about
    /// (decisions that let a job through, lock operations, checkpoints, config changes, ...). Job and approval
    /// events are completed from the job and approval they name, read in `db`.
    static func from(_ record: AuditRecord, in db: Database) throws -> HostEvent? {
        let audit = record.event
        let fields = audit.data.objectValue ?? [:]
        var event = HostEvent(
            id: record.sequence,
            type: audit.kind,
            tenantID: audit.tenantID,
            time: record.time,
            principal: audit.principal,
            subject: audit.subject,
            data: audit.data
        )
        switch audit.kind {
        case "run.started":
            event.runID = audit.subject
            event.workflowID = fields["workflow_id"]?.stringValue
        case runFinishedKind, stepStatusKind:
            guard let status = fields["status"]?.stringValue else { return nil }
            event.type = (audit.kind == runFinishedKind ? "run." : "step.") + status
            event.runID = fields["run_id"]?.stringValue
            event.workflowID = fields["workflow_id"]?.stringValue
        case "workflow.notify", "workflow.artifact":
            event.runID = audit.subject
            event.workflowID = fields["workflow_id"]?.stringValue
        case "policy.decision":
            guard fields["decision"]?.stringValue == "REQUIRE_APPROVAL" else { return nil }
            event.type = "job.held"
            try event.complete(fromJob: audit.subject, in: db)
        case "job.dispatched", "job.cancelled", "job.dead_lettered":
            try event.complete(fromJob: audit.subject, in: db)
        case "job.result":
            guard let state = fields["state"]?.stringValue else { return nil }
            event.type = "job." + state
            try event.complete(fromJob: audit.subject, in: db)
        case "approval.requested", "approval.granted", "approval.rejected", "approval.expired":
            guard let approval = try ApprovalStore.load(audit.subject, in: db) else { return event }
            event.runID = approval.runID
            event.workflowID = approval.summary["workflow_id"]?.stringValue
            event.packID = approval.summary["pack_id"]?.stringValue
            if audit.kind == "approval.requested" {
                event.data = try Self.approvalRequest(approval, in: db)
            } else {
                var data = fields
                data["approval_id"] = .string(approval.id)
                data["job_id"] = approval.jobID.map(JSONValue.string)
                data["run_id"] = approval.runID.map(JSONValue.string)
                data["step_id"] = approval.stepID.map(JSONValue.string)
                event.data = .object(data)
            }
        case "pack.installed", "pack.upgraded", "pack.uninstalled":
            event.packID = audit.subject
            var data: [String: JSONValue] = ["pack_id": .string(audit.subject)]
            data["version"] = fields["version"]
            data["previous_version"] = fields["previous_version"]
            data["status"] = fields["status"]
            event.data = .object(data)
        default:
            return nil
        }
        return event
    }

    /// The events of the audit records after `after` (up to `upTo` when given) of `tenant` (plus host-wide pack
    /// events; every tenant when nil), at most `limit` records read.
    /// - Returns: the events those records stand for, and the sequence read up to (nil when nothing was read).
    static func read(after: Int64, upTo: Int64?, tenant: String?, limit: Int, in db: Database) throws
        -> (events: [HostEvent], last: Int64?)
    {
        var sql = "SELECT \(AuditChainWalker.selection) FROM audit_log WHERE seq > ?"
        var arguments: StatementArguments = [after]
        if let upTo {
            sql += " AND seq <= ?"
            arguments += [upTo]
        }
        if let tenant {
            sql += " AND (tenant_id = ? OR (tenant_id = '' AND kind LIKE 'pack.%'))"
            arguments += [tenant]
        }
        sql += " ORDER BY seq LIMIT ?"
        arguments += [limit]
        var events: [HostEvent] = []
        var last: Int64?
        for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
            guard case .success(let record) = AuditChainWalker.record(from: row) else { continue }
            last = record.sequence
            if let event = try from(record, in: db) { events.append(event) }
        }
        return (events, last)
    }

    /// Fills the run, workflow and pack of a job event, and adds the job's topic to its data.
    private mutating func complete(fromJob id: String, in db: Database) throws {
        guard let job = try JobStore.load(id, in: db) else { return }
        runID = job.runID
        workflowID = job.workflowID
        packID = job.packID
        var fields = data.objectValue ?? [:]
        fields["job_id"] = .string(job.id)
        fields["topic"] = .string(job.topic)
        fields["step_id"] = job.stepID.map(JSONValue.string)
        data = .object(fields)
    }

    /// Everything an approver needs to decide without another call: what will run (topic, capability, pack and
    /// version, risk tags), the inputs as the approval shows them, the digest, who asked, the expiry, and where
    /// to approve or reject (relative to the host's base URL).
    static func approvalRequest(_ approval: Approval, in db: Database) throws -> JSONValue {
        let summary = approval.summary.objectValue ?? [:]
        var data: [String: JSONValue] = [
            "approval_id": .string(approval.id),
            "kind": .string(approval.kind.rawValue),
            "digest": .string(approval.digest),
            "requested_at": .string(approval.requestedAt.description),
            "expires_at": .string(approval.expiresAt.description),
            "required_approvals": .integer(approval.requiredApprovals),
            "summary": approval.summary,
            "approve_url": .string("/api/v1/approvals/\(approval.id)/approve"),
            "reject_url": .string("/api/v1/approvals/\(approval.id)/reject"),
            "callback_url": "/api/v1/approvals/callback",
        ]
        data["requested_by"] = approval.requestedBy.map(JSONValue.string)
        data["job_id"] = approval.jobID.map(JSONValue.string)
        data["run_id"] = approval.runID.map(JSONValue.string)
        data["step_id"] = approval.stepID.map(JSONValue.string)
        for key in ["topic", "capability", "pack_id", "pack_version", "workflow_id", "message", "name"] {
            data[key] = summary[key]
        }
        data["risk_tags"] = summary["risk_tags"] ?? .array([])
        // What the approver is shown as the action's input: a job's input, or a step's input with the run input
        // and the upstream outputs its digest covers.
        var inputs: [String: JSONValue] = [:]
        for key in ["input", "run_input", "dependency_outputs", "labels", "requires", "idempotency_key", "lock"] {
            inputs[key] = summary[key]
        }
        data["inputs"] = .object(inputs)
        if approval.kind == .job, let jobID = approval.jobID, let job = try JobStore.load(jobID, in: db) {
            data["topic"] = .string(job.topic)
            data["capability"] = job.capability.map(JSONValue.string) ?? data["capability"]
            data["pack_id"] = job.packID.map(JSONValue.string) ?? data["pack_id"]
        }
        return .object(data)
    }
}
