import PolicyKernel
import StructuredData

/// The safety gate: the kernel's decision for a job, in strict mode, against one ``Governance`` view.
enum SafetyGate {
    /// What the gate concluded for a job.
    struct Verdict {
        /// The kernel's decision.
        var decision: PolicyDecision
        /// The decision as recorded on the job.
        var record: GateDecision
        /// The job's risk tags with the topic's declared ones added.
        var riskTags: [String]
        /// The job's requires with the topic's declared ones added.
        var requires: [String]
        /// The installed version of the pack that declares the topic.
        var packVersion: String?
        /// The digest of the job's action under this decision.
        var digest: String
    }

    /// Judges `job`.
    static func evaluate(_ job: HostJob, governance: Governance) -> Verdict {
        let declared = governance.topics[job.topic]
        let riskTags = union(job.riskTags, declared?.riskTags ?? [])
        let requires = union(job.requires, declared?.requires ?? [])
        let request = PolicyRequest(
            jobID: job.id,
            topic: job.topic,
            tenant: job.tenantID,
            principalID: job.principal,
            labels: job.labels,
            meta: PolicyRequest.Meta(
                tenantID: job.tenantID,
                actorID: job.principal,
                idempotencyKey: job.idempotencyKey ?? "",
                capability: job.capability ?? declared?.capability ?? "",
                riskTags: riskTags,
                requires: requires,
                packID: job.packID ?? declared?.packID ?? ""
            )
        )
        let decision = governance.policy.evaluate(request)
        let snapshot = decision.snapshot.isEmpty ? governance.policy.snapshot : decision.snapshot
        let record = GateDecision(
            decision: decision.decision.rawValue,
            ruleID: decision.ruleID,
            reason: decision.reason,
            constraints: decision.constraints?.json,
            remediations: decision.remediations.isEmpty ? nil : .array(decision.remediations.map(\.json)),
            policySnapshot: snapshot
        )
        let digest = ActionDigest.job(
            job,
            packVersion: declared?.packVersion,
            riskTags: riskTags,
            requires: requires,
            policySnapshot: snapshot
        )
        return Verdict(
            decision: decision,
            record: record,
            riskTags: riskTags,
            requires: requires,
            packVersion: declared?.packVersion,
            digest: digest
        )
    }

    private static func union(_ first: [String], _ second: [String]) -> [String] {
        var seen: Set<String> = []
        return (first + second).filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
