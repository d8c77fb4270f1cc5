import PolicyKernel
import StructuredData

/// The safety gate: the kernel's decision for a job, in strict mode, against one ``Governance`` view.
///
/// For a topic a pack declares, the declaration decides the job's metadata: the kernel sees the declared
/// capability, pack id, risk tags and requires. Tags or requires a submitter adds beyond the declared ones can only
/// make the decision stricter: the job is judged with the declared metadata and, when it carries extras, also with
/// them, and the stricter decision wins. So no extra tag can make an earlier, looser rule match first.
enum SafetyGate {
    /// What the gate concluded for a job.
    struct Verdict {
        /// The kernel's decision.
        var decision: PolicyDecision
        /// The decision as recorded on the job.
        var record: GateDecision
        /// The risk tags the decision was made with (the declared ones for a declared topic).
        var riskTags: [String]
        /// The requires the decision was made with.
        var requires: [String]
        /// The installed version of the pack that declares the topic.
        var packVersion: String?
        /// The digest of the job's action under this decision.
        var digest: String
    }

    /// Judges `job`.
    static func evaluate(_ job: HostJob, governance: Governance) -> Verdict {
        let declared = governance.topics[job.topic]
        let declaredTags = declared?.riskTags ?? []
        let declaredRequires = declared?.requires ?? []
        let riskTags = union(declaredTags, declared == nil ? job.riskTags : [])
        let requires = union(declaredRequires, declared == nil ? job.requires : [])
        var decision = governance.policy.evaluate(request(for: job, riskTags: riskTags, requires: requires, declared))
        var judgedTags = riskTags
        var judgedRequires = requires
        if declared != nil {
            let extraTags = union(riskTags, job.riskTags)
            let extraRequires = union(requires, job.requires)
            if extraTags.count > riskTags.count || extraRequires.count > requires.count {
                let withExtras = governance.policy.evaluate(
                    request(for: job, riskTags: extraTags, requires: extraRequires, declared)
                )
                if strictness(withExtras.decision) > strictness(decision.decision) {
                    decision = withExtras
                    judgedTags = extraTags
                    judgedRequires = extraRequires
                }
            }
        }
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
            riskTags: judgedTags,
            requires: judgedRequires,
            policySnapshot: snapshot
        )
        return Verdict(
            decision: decision,
            record: record,
            riskTags: judgedTags,
            requires: judgedRequires,
            packVersion: declared?.packVersion,
            digest: digest
        )
    }

    /// Why a job's submitted metadata contradicts its topic's declaration (another capability or pack id), or nil.
    static func metadataConflict(_ job: HostJob, governance: Governance) -> String? {
        guard let declared = governance.topics[job.topic] else { return nil }
        if let capability = job.capability, !capability.isEmpty, let expected = declared.capability,
            capability != expected
        {
            return "meta.capability \"\(capability)\" is not the capability pack \(declared.packID) declares for "
                + "topic \(job.topic) (\"\(expected)\"); leave it out or send the declared one"
        }
        if let packID = job.packID, !packID.isEmpty, packID != declared.packID {
            return "meta.pack_id \"\(packID)\" is not the pack that declares topic \(job.topic) "
                + "(\"\(declared.packID)\"); leave it out or send the declared one"
        }
        return nil
    }

    private static func request(
        for job: HostJob,
        riskTags: [String],
        requires: [String],
        _ declared: InstalledTopic?
    ) -> PolicyRequest {
        PolicyRequest(
            jobID: job.id,
            topic: job.topic,
            tenant: job.tenantID,
            principalID: job.principal,
            labels: job.labels,
            meta: PolicyRequest.Meta(
                tenantID: job.tenantID,
                actorID: job.principal,
                actorType: job.actorType.flatMap(PolicyRequest.ActorType.init(rawValue:)) ?? .unspecified,
                idempotencyKey: job.idempotencyKey ?? "",
                capability: declared?.capability ?? job.capability ?? "",
                riskTags: riskTags,
                requires: requires,
                packID: declared?.packID ?? job.packID ?? ""
            )
        )
    }

    /// How strict a decision is: deny, then approval, then throttle, then constrained allow, then allow.
    private static func strictness(_ decision: Decision) -> Int {
        switch decision {
        case .deny: 4
        case .requireApproval: 3
        case .throttle: 2
        case .allowWithConstraints: 1
        case .allow: 0
        }
    }

    private static func union(_ first: [String], _ second: [String]) -> [String] {
        var seen: Set<String> = []
        return (first + second).filter { !$0.isEmpty && seen.insert($0).inserted }
    }
}
