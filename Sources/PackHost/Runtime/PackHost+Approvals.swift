import Foundation
import GRDB
import StructuredData
import WorkflowEngine

extension PackHost {
    /// A tenant's approvals, newest first (only `pending` ones by default).
    public func approvals(tenant: String, status: ApprovalStatus? = .pending, limit: Int = 100) throws(HostError)
        -> [Approval]
    {
        try database.read { db in try ApprovalStore.list(tenant: tenant, status: status, limit: limit, in: db) }
    }

    /// An approval by its id (`apr-...`), or the newest approval of a job id (Cordum's approvals API names jobs).
    public func approval(_ id: String, tenant: String) throws(HostError) -> Approval {
        let found = try database.read { db -> Approval? in
            if let approval = try ApprovalStore.load(id, in: db) { return approval }
            return try ApprovalStore.latest(jobID: id, in: db)
        }
        guard let found, found.tenantID == tenant else {
            throw HostError(.notFound, "no approval or held job has id \(id)")
        }
        return found
    }

    /// Grants an approval. It must be pending and unexpired, and, when `expectedDigest` is given, still bound to
    /// that digest (what the approver saw). A job approval lets the job through at its next dispatch check;
    /// a step approval is checked against the run now and consumed at once.
    /// - Throws: `conflict` when the approval is not pending, lapsed, or names another action; `notFound`.
    @discardableResult
    public func approve(_ id: String, tenant: String, principal: String, reason: String, expectedDigest: String? = nil)
        async throws(HostError) -> Approval
    {
        try await decide(
            id,
            approved: true,
            tenant: tenant,
            principal: principal,
            reason: reason,
            expectedDigest: expectedDigest
        )
    }

    /// Refuses an approval: the held job fails (`approval_rejected`), or the approval step fails.
    @discardableResult
    public func reject(_ id: String, tenant: String, principal: String, reason: String) async throws(HostError)
        -> Approval
    {
        try await decide(id, approved: false, tenant: tenant, principal: principal, reason: reason, expectedDigest: nil)
    }

    private func decide(
        _ id: String,
        approved: Bool,
        tenant: String,
        principal: String,
        reason: String,
        expectedDigest: String?
    ) async throws(HostError) -> Approval {
        let reason = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !reason.isEmpty else {
            throw HostError(.invalidArgument, "a reason is required to \(approved ? "approve" : "reject")")
        }
        var approval = try self.approval(id, tenant: tenant)
        let now = clock.now()
        guard approval.status == .pending else {
            throw HostError(.conflict, "approval \(approval.id) is \(approval.status.rawValue), not pending")
        }
        if approval.expiresAt <= now {
            try await expireApprovals(at: now)
            throw HostError(
                .conflict,
                "approval \(approval.id) expired at \(approval.expiresAt); the held action failed"
            )
        }
        if let expectedDigest, expectedDigest != approval.digest {
            throw HostError(
                .conflict,
                "approval \(approval.id) is bound to digest \(approval.digest), not \(expectedDigest); "
                    + "review the action again"
            )
        }
        if approval.kind == .step, approved, let runID = approval.runID, let stepID = approval.stepID {
            let run = try loadRun(runID)
            let workflow = try definition(of: run)
            let digest = ActionDigest.step(stepID, of: run, workflow: workflow)
            guard digest == approval.digest, run.steps[stepID]?.status == .waiting else {
                let stale = approval
                try database.write { db in try Self.supersede(stale, why: "run_changed", at: now, in: db) }
                try await syncWaitingSteps(runID: runID)
                throw HostError(
                    .conflict,
                    "the run changed since approval \(approval.id) was requested; a new one is pending"
                )
            }
        }
        if approved {
            let requester = try requester(of: approval)
            let selfApproval = requester == principal
            if selfApproval, !configuration.selfApproval.allows(tenant: tenant) {
                throw HostError(
                    .forbidden,
                    "\(principal) asked for approval \(approval.id) and cannot grant it: another principal with the "
                        + "approve role must (self-approval is off for tenant \(tenant))"
                )
            }
            if approval.grants.contains(where: { $0.principal == principal }) {
                throw HostError(
                    .conflict,
                    "\(principal) already granted approval \(approval.id); it needs \(approval.requiredApprovals) "
                        + "grants from distinct principals"
                )
            }
            approval.requestedBy = approval.requestedBy ?? requester
            approval.grants.append(
                ApprovalGrant(principal: principal, reason: reason, at: now, selfApproval: selfApproval)
            )
            if approval.grants.count < approval.requiredApprovals {
                let partial = approval
                try database.write { db in
                    try ApprovalStore.save(partial, in: db)
                    try AuditLog.append(
                        AuditEvent(
                            kind: "approval.granted",
                            tenantID: tenant,
                            principal: principal,
                            subject: partial.id,
                            data: Self.grantAudit(partial, reason: reason)
                        ),
                        at: now,
                        in: db
                    )
                }
                return partial
            }
        }
        approval.status = approved ? (approval.kind == .step ? .consumed : .approved) : .rejected
        approval.decidedBy = principal
        approval.reason = reason
        approval.decidedAt = now
        if approval.status == .consumed { approval.consumedAt = now }
        let decided = approval
        let governance = try catalog.governance()
        let rejectedJob = try database.write { db -> HostJob? in
            try ApprovalStore.save(decided, in: db)
            try AuditLog.append(
                AuditEvent(
                    kind: approved ? "approval.granted" : "approval.rejected",
                    tenantID: tenant,
                    principal: principal,
                    subject: decided.id,
                    data: Self.grantAudit(decided, reason: reason)
                ),
                at: now,
                in: db
            )
            guard decided.kind == .job, let jobID = decided.jobID, var job = try JobStore.load(jobID, in: db),
                job.state == .approvalRequired
            else { return nil }
            job.updatedAt = now
            if approved {
                job.state = .queued
                // The topic's timeout starts now that the job may be dispatched, not when it was held.
                job.deadline = job.deadline ?? Self.topicDeadline(job.topic, governance: governance, from: now)
                try JobStore.update(job, in: db)
                return nil
            }
            job.state = .denied
            job.error = JobFailure(code: "approval_rejected", message: "approval rejected by \(principal): \(reason)")
            try JobStore.update(job, in: db)
            try self.auditResult(job, now: now, in: db)
            try self.deadLetterRejected(job, now: now, in: db)
            return job
        }
        switch decided.kind {
        case .job:
            if approved, let jobID = decided.jobID {
                queue.append(jobID)
                try pump()
            } else if let rejectedJob {
                finish(rejectedJob)
            }
        case .step:
            guard let runID = decided.runID, let stepID = decided.stepID else { break }
            do {
                try await runner.decide(runID: runID, stepID: stepID, approved: approved, actor: principal)
            } catch {
                throw HostError(.conflict, error.message)
            }
            try await syncWaitingSteps(runID: runID)
        }
        return decided
    }

    /// Who asked for an approval: the submitter of the held job, or whoever started the run of the step.
    func requester(of approval: Approval) throws(HostError) -> String? {
        if let requestedBy = approval.requestedBy { return requestedBy }
        if approval.kind == .job, let jobID = approval.jobID {
            return try database.read { db in try JobStore.load(jobID, in: db) }?.principal
        }
        return try approval.runID.flatMap { runID throws(HostError) in try runPrincipal(runID) }
    }

    /// What the audit log keeps of a decision: ids, digest, reason, and how many grants it has and needs.
    static func grantAudit(_ approval: Approval, reason: String) -> JSONValue {
        var data: [String: JSONValue] = [
            "digest": .string(approval.digest), "reason": .string(reason), "kind": .string(approval.kind.rawValue),
            "grants": .integer(approval.grants.count), "required_approvals": .integer(approval.requiredApprovals),
        ]
        if approval.grants.last?.selfApproval == true { data["self_approval"] = true }
        data["requested_by"] = approval.requestedBy.map(JSONValue.string)
        return .object(data)
    }

    /// Lapsed approvals expire, and what they held fails closed.
    func expireApprovals(at now: Timestamp) async throws(HostError) {
        let lapsed = try database.read { db in try ApprovalStore.lapsed(at: now, in: db) }
        for approval in lapsed {
            let job = try database.write { db -> HostJob? in
                try self.expire(approval, now: now, in: db)
                guard approval.kind == .job, let jobID = approval.jobID, var job = try JobStore.load(jobID, in: db),
                    job.state == .approvalRequired || (job.state == .queued && approval.status == .approved)
                else { return nil }
                job.state = .denied
                job.error = JobFailure(code: "approval_expired", message: "no decision before \(approval.expiresAt)")
                job.updatedAt = now
                try JobStore.update(job, in: db)
                try self.auditResult(job, now: now, in: db)
                return job
            }
            if let job { finish(job) }
            if approval.kind == .step, let runID = approval.runID, let stepID = approval.stepID {
                do {
                    try await runner.decide(
                        runID: runID,
                        stepID: stepID,
                        approved: false,
                        actor: "system:approval_expired"
                    )
                } catch {
                    // The step is no longer waiting (cancelled, timed out by its own timeout): nothing to fail.
                }
            }
        }
    }

    func expire(_ approval: Approval, now: Timestamp, in db: Database) throws {
        var approval = approval
        approval.status = .expired
        approval.decidedAt = now
        try ApprovalStore.save(approval, in: db)
        try AuditLog.append(
            AuditEvent(
                kind: "approval.expired",
                tenantID: approval.tenantID,
                subject: approval.id,
                data: ["digest": .string(approval.digest)]
            ),
            at: now,
            in: db
        )
    }

    /// Marks a job's live approval superseded (its action changed, or the job ended otherwise).
    func supersedeApproval(of job: HostJob, now: Timestamp, in db: Database) throws {
        guard let id = job.approvalID, var approval = try ApprovalStore.load(id, in: db),
            approval.status == .pending || approval.status == .approved
        else { return }
        approval.status = .superseded
        try ApprovalStore.save(approval, in: db)
        try AuditLog.append(
            AuditEvent(
                kind: "approval.superseded",
                tenantID: approval.tenantID,
                subject: approval.id,
                data: ["job_id": .string(job.id)]
            ),
            at: now,
            in: db
        )
    }

    /// Retires a step's approval that can no longer be used, with its audit record.
    static func supersede(_ approval: Approval, why: String, at now: Timestamp, in db: Database) throws {
        var approval = approval
        approval.status = .superseded
        try ApprovalStore.save(approval, in: db)
        var data: [String: JSONValue] = ["reason": .string(why), "digest": .string(approval.digest)]
        data["run_id"] = approval.runID.map(JSONValue.string)
        data["step_id"] = approval.stepID.map(JSONValue.string)
        try AuditLog.append(
            AuditEvent(
                kind: "approval.superseded",
                tenantID: approval.tenantID,
                subject: approval.id,
                data: .object(data)
            ),
            at: now,
            in: db
        )
    }

    /// Makes sure every waiting approval step has a live approval bound to what it approves, and retires
    /// approvals of steps that stopped waiting. With no run id: every waiting run.
    func syncWaitingSteps(runID: String? = nil) async throws(HostError) {
        let runIDs: [String]
        if let runID {
            runIDs = [runID]
        } else {
            do {
                runIDs = try runStore.runIDs(status: .waiting, limit: 10_000)
            } catch {
                throw HostError(.storage, error.message)
            }
        }
        let now = clock.now()
        for id in runIDs {
            guard let run = try? loadRun(id), let workflow = try? definition(of: run) else { continue }
            try recordPlannedApprovals(run, workflow: workflow, now: now)
            let waiting = run.steps.values.filter { $0.status == .waiting }.map(\.id)
            let ids = waiting.map { _ in "apr-" + makeID() }
            let requester = waiting.isEmpty ? nil : try runPrincipal(id)
            try database.write { db in
                for (stepID, approvalID) in zip(waiting, ids) {
                    if let live = try ApprovalStore.latest(runID: id, stepID: stepID, in: db),
                        live.status == .pending || live.status == .approved
                    {
                        continue
                    }
                    let stepDeadline = run.steps[stepID]?.deadline
                    let expiry = now.adding(seconds: self.configuration.approvalTTLSeconds)
                    // Everything the digest covers is shown: the step's input, the run input, and every upstream
                    // output the approval stands on.
                    var summary: [String: JSONValue] = [
                        "workflow_id": .string(run.workflowID),
                        "step_id": .string(stepID),
                        "input": run.steps[stepID]?.input ?? .null,
                        "run_input": run.input,
                        "dependency_outputs": .object(
                            ActionDigest.dependencyOutputs(of: stepID, in: run, workflow: workflow)
                        ),
                    ]
                    summary["message"] = run.steps[stepID]?.input?["message"]
                    summary["name"] = workflow.steps[stepID]?.name.map(JSONValue.string)
                    let approval = Approval(
                        id: approvalID,
                        tenantID: run.orgID ?? self.configuration.defaultTenant,
                        kind: .step,
                        runID: id,
                        stepID: stepID,
                        digest: ActionDigest.step(stepID, of: run, workflow: workflow),
                        policySnapshot: "",
                        summary: .object(summary),
                        status: .pending,
                        requestedAt: now,
                        expiresAt: stepDeadline.map { min($0, expiry) } ?? expiry,
                        requestedBy: requester
                    )
                    try ApprovalStore.save(approval, in: db)
                    try AuditLog.append(
                        AuditEvent(
                            kind: "approval.requested",
                            tenantID: approval.tenantID,
                            subject: approval.id,
                            data: [
                                "run_id": .string(id), "step_id": .string(stepID), "digest": .string(approval.digest),
                                "kind": "step",
                            ]
                        ),
                        at: now,
                        in: db
                    )
                }
                if runID != nil || !waiting.isEmpty {
                    for stepID in run.steps.keys where run.steps[stepID]?.status != .waiting {
                        guard let live = try ApprovalStore.latest(runID: id, stepID: stepID, in: db),
                            live.status == .pending
                        else { continue }
                        try Self.supersede(live, why: "step_not_waiting", at: now, in: db)
                    }
                }
            }
        }
    }
}
