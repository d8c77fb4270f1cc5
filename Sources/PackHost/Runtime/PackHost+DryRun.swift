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
        var real = job
        real.dryRun = false
        let digest = ActionDigest.job(
            real,
            packVersion: verdict.packVersion,
            riskTags: verdict.riskTags,
            requires: verdict.requires,
            policySnapshot: verdict.record.policySnapshot
        )
        let approval: [String: JSONValue] = [
            "digest": .string(digest), "rule_id": .string(verdict.record.ruleID),
            "reason": .string(verdict.record.reason),
        ]
        var plan: [String: JSONValue] = [
            "topic": .string(job.topic), "input": job.input,
            "risk_tags": .array(verdict.riskTags.map(JSONValue.string)), "approval": .object(approval),
        ]
        plan["capability"] = job.capability.map(JSONValue.string)
        job.state = .succeeded
        job.result = ["plan": .object(plan)]
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
    }
}

extension HostJob {
    /// Whether the job is a dry run's plan the host made instead of holding it (never dispatched).
    var isDryRunPlan: Bool {
        dryRun && state == .succeeded && dispatches == 0 && deduplicatedFrom == nil && result?["plan"] != nil
    }
}
