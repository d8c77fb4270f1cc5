public import StructuredData

extension JobState {
    /// The state as Cordum's job store spells it. `pending` (not yet judged) and `queued` (allowed, waiting for a
    /// worker or a lock) are both Cordum's `PENDING`; the job JSON keeps the host's state in `host_state`.
    public var cordumName: String {
        switch self {
        case .pending, .queued: "PENDING"
        case .approvalRequired: "APPROVAL_REQUIRED"
        case .running: "RUNNING"
        case .succeeded: "SUCCEEDED"
        case .failed: "FAILED"
        case .denied: "DENIED"
        case .cancelled: "CANCELLED"
        case .timedOut: "TIMEOUT"
        }
    }

    /// The states a `state` filter names: Cordum's spelling in any case (`PENDING` is `pending` and `queued`,
    /// `SCHEDULED` and `DISPATCHED` are `running`), or the host's own name.
    /// - Throws: `invalid_argument` naming the value and the valid spellings.
    public static func matching(_ text: String) throws(HostError) -> [JobState] {
        if let own = JobState(rawValue: text) { return [own] }
        switch text.uppercased() {
        case "SCHEDULED", "DISPATCHED": return [.running]
        case let upper:
            let states = JobState.allCases.filter { $0.cordumName == upper }
            guard !states.isEmpty else {
                let cordum =
                    ["PENDING", "APPROVAL_REQUIRED", "SCHEDULED", "DISPATCHED", "RUNNING", "SUCCEEDED"]
                    + ["FAILED", "CANCELLED", "TIMEOUT", "DENIED"]
                throw HostError(
                    .invalidArgument,
                    "state must be one of " + cordum.joined(separator: ", ") + " (or the host's "
                        + JobState.allCases.map(\.rawValue).joined(separator: ", ") + "), not \(text)"
                )
            }
            return states
        }
    }
}

extension HostJob {
    /// The trace a job belongs to: its run, or the job itself outside a workflow (the `trace_id` of its CAP
    /// packets).
    public var traceID: String { runID ?? id }

    /// The job as the API answers it: ``json`` with `state` in Cordum's spelling (the host's in `host_state`),
    /// plus the fields of Cordum's job record (`job_id`, `tenant`, `trace_id`, `context_ptr`, `result_ptr`,
    /// `attempts`, `actor_id`, `safety_*`, `approval_required`, `approval_ref`, `error_code`, `error_message`).
    public var apiJSON: JSONValue {
        var fields = json.objectValue ?? [:]
        fields["state"] = .string(state.cordumName)
        fields["host_state"] = .string(state.rawValue)
        fields["job_id"] = .string(id)
        fields["tenant"] = .string(tenantID)
        fields["trace_id"] = .string(traceID)
        fields["context_ptr"] = .string("redis://ctx:\(id)")
        if state == .succeeded || result != nil { fields["result_ptr"] = .string("redis://res:\(id)") }
        fields["attempts"] = .integer(dispatches)
        fields["actor_id"] = .string(principal)
        if let decision {
            fields["safety_decision"] = .string(decision.decision)
            fields["safety_reason"] = .string(decision.reason)
            fields["safety_rule_id"] = .string(decision.ruleID)
            fields["safety_snapshot"] = .string(decision.policySnapshot)
            fields["safety_constraints"] = decision.constraints
            fields["safety_remediations"] = decision.remediations
            fields["approval_required"] = .bool(decision.decision == "REQUIRE_APPROVAL")
        }
        fields["safety_job_hash"] = actionDigest.map(JSONValue.string)
        fields["approval_ref"] = approvalID.map(JSONValue.string)
        if let error {
            fields["error_code"] = .string(error.code)
            fields["error_message"] = .string(error.message)
        }
        return .object(fields)
    }
}
