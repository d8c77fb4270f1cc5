import GRDB
import StructuredData
import WorkflowEngine

/// What a dry run would have asked a human: one row per approval step it planned and per job the policy would
/// have held, with the digest the approval would be bound to. A dry run never waits for a human.
enum DryRunApprovals {
    static let migration = HostMigration(name: "engine_dry_run_approvals_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE dry_run_approvals (
                    run_id TEXT NOT NULL, step_id TEXT NOT NULL, tenant_id TEXT NOT NULL, kind TEXT NOT NULL,
                    job_id TEXT, digest TEXT NOT NULL, created_at INTEGER NOT NULL, PRIMARY KEY (run_id, step_id));
                """
        )
    }

    /// Records what would be asked, once per run and step; appends `approval.planned` to the audit log the first
    /// time (ids, kind and digest only).
    static func record(
        runID: String,
        stepID: String,
        tenantID: String,
        kind: ApprovalKind,
        jobID: String?,
        digest: String,
        details: [String: JSONValue] = [:],
        now: Timestamp,
        in db: Database
    ) throws {
        try db.execute(
            sql: """
                INSERT OR IGNORE INTO dry_run_approvals (run_id, step_id, tenant_id, kind, job_id, digest, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [runID, stepID, tenantID, kind.rawValue, jobID, digest, now.milliseconds]
        )
        guard db.changesCount > 0 else { return }
        var data = details
        data["run_id"] = .string(runID)
        data["step_id"] = .string(stepID)
        data["kind"] = .string(kind.rawValue)
        data["digest"] = .string(digest)
        data["job_id"] = jobID.map(JSONValue.string)
        try AuditLog.append(
            AuditEvent(kind: "approval.planned", tenantID: tenantID, subject: runID, data: .object(data)),
            at: now,
            in: db
        )
    }
}

extension PackHost {
    /// Records the approval steps a dry run planned instead of waiting at, with the digest of each (what an
    /// approval of that step in this run would be bound to).
    func recordPlannedApprovals(_ run: RunState, workflow: Workflow, now: Timestamp) throws(HostError) {
        guard run.dryRun else { return }
        let planned = run.steps.values.filter { state in
            state.planned && workflow.steps[state.id]?.kind == .approval
        }
        guard !planned.isEmpty else { return }
        try database.write { db in
            for state in planned {
                try DryRunApprovals.record(
                    runID: run.id,
                    stepID: state.id,
                    tenantID: run.orgID ?? configuration.defaultTenant,
                    kind: .step,
                    jobID: nil,
                    digest: ActionDigest.step(state.id, of: run, workflow: workflow),
                    now: now,
                    in: db
                )
            }
        }
    }

    /// A dry run's job that the policy would hold: it is not dispatched and waits for nobody. It succeeds with
    /// its plan — `{plan: {topic, input, capability, risk_tags, approval: {digest, rule_id, reason}}}`, where
    /// `digest` is what an approval of the same action outside a dry run would be bound to — and the approval it
    /// would need is recorded.
    static func planHeld(_ job: inout HostJob, verdict: SafetyGate.Verdict, now: Timestamp, in db: Database) throws {
        var plan = hostPlan(of: job, verdict: verdict)
        plan["approval"] = try planApproval(job, verdict: verdict, now: now, in: db)
        job.state = .succeeded
        job.result = ["plan": .object(plan)]
    }

    /// The approval a dry run's held job would need outside the dry run — `{digest, rule_id, reason}`, the digest
    /// being what an approval of the same action would be bound to — recorded once per run and step.
    static func planApproval(_ job: HostJob, verdict: SafetyGate.Verdict, now: Timestamp, in db: Database) throws
        -> JSONValue
    {
        var real = job
        real.dryRun = false
        real.dryRunWrite = false
        real.dryRunApproval = nil
        let digest = ActionDigest.job(
            real,
            packVersion: verdict.packVersion,
            riskTags: verdict.riskTags,
            requires: verdict.requires,
            policySnapshot: verdict.record.policySnapshot
        )
        if let runID = job.runID {
            try DryRunApprovals.record(
                runID: runID,
                stepID: job.stepID ?? job.id,
                tenantID: job.tenantID,
                kind: .job,
                jobID: job.id,
                digest: digest,
                details: ["rule_id": .string(verdict.record.ruleID)],
                now: now,
                in: db
            )
        }
        return [
            "digest": .string(digest), "rule_id": .string(verdict.record.ruleID),
            "reason": .string(verdict.record.reason),
        ]
    }

    /// A dry run's write that no worker declaring dry-run support serves: never dispatched, it succeeds with the
    /// host's plan (topic, input, capability, risk tags) and says why the exact vendor request is missing.
    static func planWithoutWorker(_ job: inout HostJob, verdict: SafetyGate.Verdict, pools: [String]) {
        var plan = hostPlan(of: job, verdict: verdict)
        plan["approval"] = job.dryRunApproval
        plan["request_unavailable"] = .string(
            "no worker of pool \(pools.joined(separator: ", ")) serving \(job.topic) declares dry-run support, so the "
                + "host planned the job without its worker and the exact request is not shown"
        )
        job.state = .succeeded
        job.result = ["plan": .object(plan)]
    }

    /// Whether a job is a dry run's job with side effects: its effective risk tags include `write` or `destructive`.
    static func isDryRunWrite(_ job: HostJob, verdict: SafetyGate.Verdict) -> Bool {
        job.dryRun && verdict.riskTags.contains { ["write", "destructive"].contains($0.lowercased()) }
    }

    /// The host's own plan of a job: what it would run.
    static func hostPlan(of job: HostJob, verdict: SafetyGate.Verdict) -> [String: JSONValue] {
        var plan: [String: JSONValue] = [
            "topic": .string(job.topic), "input": job.input,
            "risk_tags": .array(verdict.riskTags.map(JSONValue.string)),
        ]
        plan["capability"] = job.capability.map(JSONValue.string)
        return plan
    }

    /// The registered workers that may run a dry run's write: in a pool of the topic that provides what the job
    /// requires, handling the topic, and declaring dry-run support (busy or not).
    func dryRunPlanners(for job: HostJob, governance: Governance, verdict: SafetyGate.Verdict) -> [any HostWorker] {
        let pools = (governance.pools.topics[job.topic] ?? []).filter { pool in
            Set(governance.pools.pools[pool]?.requires ?? []).isSuperset(of: verdict.requires)
        }
        return workers.values.map(\.worker).filter { worker in
            worker.supportsDryRun && pools.contains(worker.pool)
                && (worker.topics.isEmpty || worker.topics.contains(job.topic))
        }
    }
}

extension HostJob {
    /// Whether the job's result is a dry run's plan: the host's, made instead of holding or dispatching it, or a
    /// planning worker's answer to a dry run's write.
    var isDryRunPlan: Bool {
        guard dryRun, state == .succeeded, deduplicatedFrom == nil else { return false }
        return dryRunWrite || (dispatches == 0 && result?["plan"] != nil)
    }
}
