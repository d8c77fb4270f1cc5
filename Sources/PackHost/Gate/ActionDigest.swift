public import StructuredData
public import WorkflowEngine

/// The digest an approval is bound to: SHA-256 of the canonical JSON of exactly what would be done.
///
/// For a job: tenant, topic, capability, the resolved input, its labels, the pack id and installed version, the
/// effective risk tags and requires, the lock and idempotency key, and the policy snapshot the decision
/// was made against. Changing any of them — a different input, an upgraded pack, a new policy — gives a
/// different digest, so an approval of one action never lets another through.
///
/// For a workflow approval step: the run, the workflow definition digest, the step, its rendered input
/// and the outputs of every step it depends on (directly or not), which is what the approver was shown.
public enum ActionDigest {
    /// The digest of a job's action.
    public static func job(
        _ job: HostJob,
        packVersion: String?,
        riskTags: [String],
        requires: [String],
        policySnapshot: String
    )
        -> String
    {
        var fields: [String: JSONValue] = [
            "kind": "job",
            "tenant_id": .string(job.tenantID),
            "topic": .string(job.topic),
            "input": job.input,
            "risk_tags": .array(riskTags.sorted().map(JSONValue.string)),
            "requires": .array(requires.sorted().map(JSONValue.string)),
            "policy_snapshot": .string(policySnapshot),
            "dry_run": .bool(job.dryRun),
            "labels": .object(job.labels.mapValues(JSONValue.string)),
        ]
        fields["capability"] = job.capability.map(JSONValue.string)
        fields["pack_id"] = job.packID.map(JSONValue.string)
        fields["pack_version"] = packVersion.map(JSONValue.string)
        fields["idempotency_key"] = job.idempotencyKey.map(JSONValue.string)
        if let lock = job.lock {
            fields["lock"] = ["resource": .string(lock.resource), "mode": .string(lock.mode.rawValue)]
        }
        return Hashing.sha256Hex(JSONEncoding.canonical(.object(fields)))
    }

    /// The outputs of every step `stepID` depends on, directly or not: what an approval step's approver is shown
    /// beside the run input, and what its digest covers.
    public static func dependencyOutputs(of stepID: String, in run: RunState, workflow: Workflow) -> [String: JSONValue]
    {
        var ancestors: Set<String> = []
        var frontier = workflow.steps[stepID]?.dependsOn ?? []
        while let next = frontier.popLast() {
            guard ancestors.insert(next).inserted else { continue }
            frontier += workflow.steps[next]?.dependsOn ?? []
        }
        var outputs: [String: JSONValue] = [:]
        for id in ancestors { outputs[id] = run.steps[id]?.output ?? .null }
        return outputs
    }

    /// The digest of a waiting approval step.
    public static func step(_ stepID: String, of run: RunState, workflow: Workflow) -> String {
        let outputs = dependencyOutputs(of: stepID, in: run, workflow: workflow)
        let fields: [String: JSONValue] = [
            "kind": "workflow_step",
            "tenant_id": .string(run.orgID ?? ""),
            "workflow_id": .string(run.workflowID),
            "definition_digest": .string(run.definitionDigest),
            "run_id": .string(run.id),
            "step_id": .string(stepID),
            "input": run.steps[stepID]?.input ?? .null,
            "run_input": run.input,
            "dependency_outputs": .object(outputs),
        ]
        return Hashing.sha256Hex(JSONEncoding.canonical(.object(fields)))
    }
}
