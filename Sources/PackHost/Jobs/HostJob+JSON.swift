public import StructuredData
import WorkflowEngine

extension HostJob {
    /// The job as the API returns it (snake_case; absent fields omitted).
    public var json: JSONValue {
        var fields: [String: JSONValue] = [
            "id": .string(id),
            "tenant_id": .string(tenantID),
            "principal": .string(principal),
            "topic": .string(topic),
            "input": input,
            "risk_tags": .array(riskTags.map(JSONValue.string)),
            "requires": .array(requires.map(JSONValue.string)),
            "labels": .object(labels.mapValues(JSONValue.string)),
            "state": .string(state.rawValue),
            "dispatches": .integer(dispatches),
            "dry_run": .bool(dryRun),
            "created_at": .string(createdAt.description),
            "updated_at": .string(updatedAt.description),
        ]
        fields["actor_type"] = actorType.map(JSONValue.string)
        fields["pack_id"] = packID.map(JSONValue.string)
        fields["capability"] = capability.map(JSONValue.string)
        fields["idempotency_key"] = idempotencyKey.map(JSONValue.string)
        if dryRunWrite { fields["dry_run_write"] = true }
        fields["dry_run_approval"] = dryRunApproval
        if let lock {
            var value: [String: JSONValue] = ["resource": .string(lock.resource), "mode": .string(lock.mode.rawValue)]
            if let ttl = lock.ttlSeconds { value["ttl_sec"] = .integer(ttl) }
            fields["lock"] = .object(value)
        }
        fields["run_id"] = runID.map(JSONValue.string)
        fields["step_id"] = stepID.map(JSONValue.string)
        fields["workflow_id"] = workflowID.map(JSONValue.string)
        fields["deadline"] = deadline.map { .string($0.description) }
        fields["deadline_ms"] = deadline.map { .integer(Int($0.milliseconds)) }
        if let decision {
            var value: [String: JSONValue] = [
                "decision": .string(decision.decision),
                "rule_id": .string(decision.ruleID),
                "reason": .string(decision.reason),
                "policy_snapshot": .string(decision.policySnapshot),
            ]
            value["constraints"] = decision.constraints
            value["remediations"] = decision.remediations
            fields["gate"] = .object(value)
        }
        fields["action_digest"] = actionDigest.map(JSONValue.string)
        fields["approval_id"] = approvalID.map(JSONValue.string)
        fields["pool"] = pool.map(JSONValue.string)
        fields["worker_id"] = workerID.map(JSONValue.string)
        fields["wait_reason"] = waitReason.map(JSONValue.string)
        fields["wait_deadline_ms"] = waitDeadline.map { .integer(Int($0.milliseconds)) }
        fields["deduplicated_from"] = deduplicatedFrom.map(JSONValue.string)
        fields["result"] = result
        if let error {
            var value: [String: JSONValue] = [
                "code": .string(error.code),
                "message": .string(error.message),
                "retryable": .bool(error.retryable),
            ]
            value["details"] = error.details
            fields["error"] = .object(value)
        }
        if !envelope.isEmpty { fields["envelope"] = envelope.json }
        fields["created_at_ms"] = .integer(Int(createdAt.milliseconds))
        fields["updated_at_ms"] = .integer(Int(updatedAt.milliseconds))
        return .object(fields)
    }

    /// Reads a job back from ``json``.
    init(stored json: JSONValue) throws(HostError) {
        func string(_ key: String) -> String? { json[key]?.stringValue }
        func strings(_ key: String) -> [String] { json[key]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        func time(_ key: String) -> Timestamp? { json[key]?.intValue.map { Timestamp(milliseconds: Int64($0)) } }
        guard let id = string("id"), let tenantID = string("tenant_id"), let topic = string("topic"),
            let stateText = string("state"), let state = JobState(rawValue: stateText),
            let createdAt = time("created_at_ms")
        else {
            throw HostError(.storage, "a stored job could not be read back")
        }
        self.init(
            id: id,
            tenantID: tenantID,
            principal: string("principal") ?? "",
            topic: topic,
            input: json["input"] ?? .null,
            packID: string("pack_id"),
            capability: string("capability"),
            riskTags: strings("risk_tags"),
            requires: strings("requires"),
            labels: json["labels"]?.objectValue?.compactMapValues(\.stringValue) ?? [:],
            idempotencyKey: string("idempotency_key"),
            lock: json["lock"].flatMap { lock in
                guard let resource = lock["resource"]?.stringValue,
                    let mode = lock["mode"]?.stringValue.flatMap(LockMode.init(rawValue:))
                else { return nil }
                return JobLock(resource: resource, mode: mode, ttlSeconds: lock["ttl_sec"]?.intValue)
            },
            runID: string("run_id"),
            stepID: string("step_id"),
            workflowID: string("workflow_id"),
            dryRun: json["dry_run"]?.boolValue ?? false,
            deadline: time("deadline_ms"),
            createdAt: createdAt
        )
        self.state = state
        if let gate = json["gate"], let decision = gate["decision"]?.stringValue {
            self.decision = GateDecision(
                decision: decision,
                ruleID: gate["rule_id"]?.stringValue ?? "",
                reason: gate["reason"]?.stringValue ?? "",
                constraints: gate["constraints"],
                remediations: gate["remediations"],
                policySnapshot: gate["policy_snapshot"]?.stringValue ?? ""
            )
        }
        actorType = string("actor_type")
        actionDigest = string("action_digest")
        approvalID = string("approval_id")
        pool = string("pool")
        workerID = string("worker_id")
        dispatches = json["dispatches"]?.intValue ?? 0
        waitReason = string("wait_reason")
        waitDeadline = time("wait_deadline_ms")
        deduplicatedFrom = string("deduplicated_from")
        dryRunWrite = json["dry_run_write"]?.boolValue ?? false
        dryRunApproval = json["dry_run_approval"]
        result = json["result"]
        if let error = json["error"], let code = error["code"]?.stringValue {
            self.error = JobFailure(
                code: code,
                message: error["message"]?.stringValue ?? "",
                retryable: error["retryable"]?.boolValue ?? false,
                details: error["details"]
            )
        }
        updatedAt = time("updated_at_ms") ?? createdAt
        envelope = JobEnvelope(stored: json["envelope"])
    }
}
