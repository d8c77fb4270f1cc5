public import StructuredData
public import WorkflowEngine

/// A request for a human decision, bound to the digest of the exact action it allows.
///
/// An approval is single-use: it is consumed when the action it names is dispatched (or the step it names
/// proceeds), and it is re-checked then: if the action's digest changed since it was granted (another
/// input, another policy snapshot, another pack version) it is `superseded` and a new one is asked for.
/// An approval that is not decided by `expiresAt` expires and the held action fails closed.
public struct Approval: Sendable, Hashable {
    /// The approval id.
    public var id: String
    /// The tenant.
    public var tenantID: String
    /// What it gates.
    public var kind: ApprovalKind
    /// The held job (for a job approval).
    public var jobID: String?
    /// The run (for both kinds when the job belongs to a run).
    public var runID: String?
    /// The step (for a step approval, or a step's job).
    public var stepID: String?
    /// The action digest it is bound to.
    public var digest: String
    /// The policy snapshot of the decision that asked for it (empty for a workflow approval step).
    public var policySnapshot: String
    /// What the approver is shown: topic, capability, rule, reason, input or message.
    public var summary: JSONValue
    /// Where it is.
    public var status: ApprovalStatus
    /// When it was asked for.
    public var requestedAt: Timestamp
    /// When it lapses if nobody decides.
    public var expiresAt: Timestamp
    /// Who decided.
    public var decidedBy: String?
    /// Why (required for every decision).
    public var reason: String?
    /// When it was decided.
    public var decidedAt: Timestamp?
    /// When the action it allowed was dispatched.
    public var consumedAt: Timestamp?
    /// The principal that asked: the submitter of the held job, or whoever started the run.
    public var requestedBy: String?
    /// How many distinct principals must grant it (`min_approvers` of the policy's constraints; at least 1).
    public var requiredApprovals: Int = 1
    /// The grants so far, oldest first. The approval is `approved` once there are ``requiredApprovals`` of them.
    public var grants: [ApprovalGrant] = []

    /// Whether some grant relied on self-approval (the requester approved its own request).
    public var selfApproved: Bool { grants.contains(where: \.selfApproval) }

    /// The approval as the API returns it.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id),
            "tenant_id": .string(tenantID),
            "kind": .string(kind.rawValue),
            "digest": .string(digest),
            "job_hash": .string(digest),
            "policy_snapshot": .string(policySnapshot),
            "summary": summary,
            "status": .string(status.rawValue),
            "requested_at": .string(requestedAt.description),
            "expires_at": .string(expiresAt.description),
        ]
        fields["job_id"] = jobID.map(JSONValue.string)
        fields["run_id"] = runID.map(JSONValue.string)
        fields["step_id"] = stepID.map(JSONValue.string)
        fields["decided_by"] = decidedBy.map(JSONValue.string)
        fields["reason"] = reason.map(JSONValue.string)
        fields["decided_at"] = decidedAt.map { .string($0.description) }
        fields["consumed_at"] = consumedAt.map { .string($0.description) }
        fields["requested_by"] = requestedBy.map(JSONValue.string)
        fields["required_approvals"] = .integer(requiredApprovals)
        fields["grants"] = .array(grants.map(\.json))
        if selfApproved { fields["self_approved"] = true }
        return .object(fields)
    }
}

/// What an approval gates.
public enum ApprovalKind: String, Sendable, Hashable {
    /// A job the policy marked REQUIRE_APPROVAL.
    case job
    /// A workflow approval step.
    case step
}

/// Where an approval is.
public enum ApprovalStatus: String, Sendable, Hashable, CaseIterable {
    /// Waiting for a decision.
    case pending
    /// Granted, not yet used.
    case approved
    /// Granted and used by the action it names.
    case consumed
    /// Refused; the held action failed.
    case rejected
    /// Nobody decided in time; the held action failed closed.
    case expired
    /// The action changed after it was granted (or the held job ended otherwise); it can no longer be used.
    case superseded
}

/// One principal's grant of an approval that needs several.
public struct ApprovalGrant: Sendable, Hashable {
    /// Who granted it.
    public var principal: String
    /// Why.
    public var reason: String
    /// When.
    public var at: Timestamp
    /// Whether the grantor is the requester, allowed only because self-approval is on for the tenant.
    public var selfApproval: Bool

    /// Creates a grant.
    public init(principal: String, reason: String, at: Timestamp, selfApproval: Bool) {
        self.principal = principal
        self.reason = reason
        self.at = at
        self.selfApproval = selfApproval
    }

    /// The grant as stored and answered.
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "principal": .string(principal), "reason": .string(reason), "at": .string(at.description),
        ]
        if selfApproval { fields["self_approval"] = true }
        return .object(fields)
    }

    /// Reads a stored grant.
    init?(json: JSONValue) {
        guard let principal = json["principal"]?.stringValue, let reason = json["reason"]?.stringValue,
            let at = json["at"]?.stringValue.flatMap(Timestamp.init(rfc3339:))
        else { return nil }
        self.init(principal: principal, reason: reason, at: at, selfApproval: json["self_approval"]?.boolValue ?? false)
    }
}
