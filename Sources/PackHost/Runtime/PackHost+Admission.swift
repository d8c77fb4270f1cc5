import Foundation
import GRDB
import PolicyKernel
public import StructuredData
public import WorkflowEngine

/// A job submitted through the API rather than by a workflow step.
public struct JobSubmission: Sendable {
    /// The topic.
    public var topic: String
    /// The input.
    public var input: JSONValue
    /// `meta.pack_id`.
    public var packID: String?
    /// `meta.capability`.
    public var capability: String?
    /// `meta.risk_tags`.
    public var riskTags: [String]
    /// `meta.requires`.
    public var requires: [String]
    /// Labels.
    public var labels: [String: String]
    /// `meta.idempotency_key`.
    public var idempotencyKey: String?
    /// A lock to hold while it runs.
    public var lock: JobLock?
    /// How long it may run (seconds); the topic's timeout when nil.
    public var timeoutSeconds: Int?
    /// `meta.actor_type` as submitted (`human` or `service`); a key that declares its actor type overrides it.
    public var actorType: String?

    /// Creates a submission.
    public init(
        topic: String,
        input: JSONValue = [:],
        packID: String? = nil,
        capability: String? = nil,
        riskTags: [String] = [],
        requires: [String] = [],
        labels: [String: String] = [:],
        idempotencyKey: String? = nil,
        lock: JobLock? = nil,
        timeoutSeconds: Int? = nil,
        actorType: String? = nil
    ) {
        self.topic = topic
        self.input = input
        self.packID = packID
        self.capability = capability
        self.riskTags = riskTags
        self.requires = requires
        self.labels = labels
        self.idempotencyKey = idempotencyKey
        self.lock = lock
        self.timeoutSeconds = timeoutSeconds
        self.actorType = actorType
    }
}

extension JobSubmission {
    /// The submission that asks again for what `job` asked for (a dead-letter retry, a remediation). Platform
    /// labels (`cordum.*`) are not carried over: what a workflow approval earned the first job, a new job must earn
    /// again.
    init(resubmitting job: HostJob) {
        self.init(
            topic: job.topic,
            input: job.input,
            packID: job.packID,
            capability: job.capability,
            riskTags: job.riskTags,
            requires: job.requires,
            labels: job.labels.filter { !RunStateMachine.isPlatformLabel($0.key) },
            idempotencyKey: job.idempotencyKey,
            lock: job.lock,
            actorType: job.actorType
        )
    }
}

extension PackHost {
    /// Submits a job outside any workflow; it passes the same gate and scheduler as a step's job.
    ///
    /// Refused before anything is stored: labels starting with `cordum.` (the platform's,
    /// ``RunStateMachine/workflowApprovalLabel``); a `meta.capability` or `meta.pack_id` other than the topic's
    /// declaration; an actor type other than the one the caller's key declares; an idempotency key that already
    /// names another action (`idempotency_key_conflict`).
    /// - Parameter actorType: the actor type the caller's key declares (`human` or `service`), if it declares one.
    /// - Returns: the job after the gate (queued, held for approval, denied — or already finished).
    public func submitJob(
        _ submission: JobSubmission,
        tenant: String,
        principal: String,
        actorType: String? = nil
    ) async throws(HostError) -> HostJob {
        if let label = submission.labels.keys.sorted().first(where: RunStateMachine.isPlatformLabel) {
            throw HostError(
                .invalidArgument,
                "label \"\(label)\" is reserved: labels starting with \"\(RunStateMachine.platformLabelPrefix)\" are set "
                    + "by the host, not by a submission"
            )
        }
        var submission = submission
        if let submitted = submission.actorType, !submitted.isEmpty {
            guard submitted == "human" || submitted == "service" else {
                throw HostError(.invalidArgument, "meta.actor_type must be human or service, not \"\(submitted)\"")
            }
            if let actorType, actorType != submitted {
                throw HostError(
                    .forbidden,
                    "meta.actor_type \"\(submitted)\" contradicts the API key, which acts as a \(actorType)"
                )
            }
        }
        submission.actorType = actorType ?? submission.actorType.flatMap { $0.isEmpty ? nil : $0 }
        return try await resubmit(submission, tenant: tenant, principal: principal)
    }

    /// Submits a job the host itself asks for again (a retry, a remediation), with the submission's labels.
    func resubmit(_ submission: JobSubmission, tenant: String, principal: String) async throws(HostError)
        -> HostJob
    {
        let topic = submission.topic.trimmingCharacters(in: .whitespaces)
        guard !topic.isEmpty else { throw HostError(.invalidArgument, "topic is required") }
        let governance = try catalog.governance()
        let now = clock.now()
        var job = HostJob(
            id: "job-" + makeID(),
            tenantID: tenant,
            principal: principal,
            topic: topic,
            input: submission.input,
            packID: submission.packID,
            capability: submission.capability,
            riskTags: submission.riskTags,
            requires: submission.requires,
            labels: submission.labels,
            idempotencyKey: submission.idempotencyKey,
            lock: submission.lock,
            createdAt: now
        )
        job.actorType = submission.actorType
        if let seconds = submission.timeoutSeconds, seconds > 0 { job.deadline = now.adding(seconds: Int64(seconds)) }
        if let conflict = SafetyGate.metadataConflict(job, governance: governance) {
            throw HostError(.invalidArgument, conflict)
        }
        if let key = job.idempotencyKey {
            let holder = try database.read { db -> HostJob? in
                guard let id = try JobStore.jobHolding(key: key, tenant: tenant, in: db) else { return nil }
                return try JobStore.load(id, in: db)
            }
            if let holder, holder.state == .succeeded || !holder.state.isTerminal,
                let conflict = IdempotencyKeyConflict.reason(job, holder: holder)
            {
                throw HostError(.idempotencyKeyConflict, conflict)
            }
        }
        return try await admit(job)
    }

    /// A job from the engine. A second dispatch of the same id (after a crash) is a no-op.
    func accept(_ request: JobRequest) async throws {
        let now = clock.now()
        let tenant = request.tenantID ?? configuration.defaultTenant
        // The principal of a step's job is whoever started the run; a step's `meta.actor_id` is the workflow
        // author's text and names nobody.
        let starter = try runStarter(request.runID)
        var job = HostJob(
            id: request.jobID,
            tenantID: tenant,
            principal: starter?.principal ?? "system",
            topic: request.topic,
            input: request.payload,
            packID: request.meta.packID,
            capability: request.meta.capability,
            riskTags: request.meta.riskTags,
            requires: request.meta.requires,
            // The engine's labels win (it has already dropped `cordum.*` labels a workflow wrote).
            labels: request.meta.labels.merging(request.labels) { _, label in label },
            idempotencyKey: request.idempotencyKey,
            lock: request.lock,
            runID: request.runID,
            stepID: request.stepID,
            workflowID: request.workflowID,
            dryRun: request.dryRun,
            deadline: request.deadline,
            createdAt: now
        )
        // The actor type the policy sees: the run starter's key decides when it declares one; otherwise the step's
        // `meta.actor_type` (as a submission's is used when the key declares none).
        job.actorType = starter?.actorType ?? Self.actorType(parsing: request.meta.actorType)
        job.envelope = try envelope(of: request, tenant: tenant)
        // The worker is told the actor type the policy judged.
        job.envelope.actorType = job.actorType
        _ = try await admit(job)
    }

    /// `human` or `service` from a step's `meta.actor_type` (trimmed, any case); nil for anything else.
    static func actorType(parsing text: String?) -> String? {
        switch text?.trimmingCharacters(in: .whitespaces).lowercased() {
        case "human": "human"
        case "service": "service"
        default: nil
        }
    }

    /// Judges a new job and stores it with its decision; queues, holds or finishes it.
    func admit(_ candidate: HostJob) async throws(HostError) -> HostJob {
        let governance = try catalog.governance()
        let now = clock.now()
        var job = candidate
        let conflict = SafetyGate.metadataConflict(job, governance: governance)
        let verdict = SafetyGate.evaluate(job, governance: governance)
        // The topic's timeout runs from when the job may be dispatched: now, or when a held job is approved.
        if verdict.decision.decision != .requireApproval {
            job.deadline = job.deadline ?? Self.topicDeadline(job.topic, governance: governance, from: now)
        }
        job.decision = verdict.record
        job.actionDigest = verdict.digest
        job.updatedAt = now
        // Nothing waits ahead of a job that is let through: it is placed in its admission's transaction.
        let placeNow = queue.isEmpty
        var placement: Placement?
        let stored: (job: HostJob, isNew: Bool) = try database.write { db in
            if let existing = try JobStore.load(job.id, in: db) { return (existing, false) }
            if let conflict {
                // A workflow step whose meta contradicts the topic's declaration: judged, stored, and failed.
                job.state = .failed
                job.error = JobFailure(code: HostError.Code.invalidArgument.rawValue, message: conflict)
                _ = try JobStore.insert(job, in: db)
                try Self.auditDecision(job, verdict: verdict, phase: "admission", now: now, in: db)
                try self.auditResult(job, now: now, in: db)
                return (job, true)
            }
            switch verdict.decision.decision {
            case .deny:
                job.state = .denied
                job.error = Self.denial(verdict.record)
            case .throttle:
                job.state = .failed
                job.error = JobFailure(
                    code: "throttled",
                    message: "throttled by rule \(verdict.record.ruleID): \(verdict.record.reason)",
                    retryable: true
                )
            case .requireApproval where job.dryRun:
                // A write a planning worker serves is queued for it (placement adds the approval it would need).
                if Self.isDryRunWrite(job, verdict: verdict),
                    !self.dryRunPlanners(for: job, governance: governance, verdict: verdict).isEmpty
                {
                    job.state = .queued
                } else {
                    try Self.planHeld(&job, verdict: verdict, now: now, in: db)
                }
            case .requireApproval:
                job.state = .approvalRequired
                let approval = try requestApproval(
                    id: "apr-" + makeID(),
                    for: job,
                    verdict: verdict,
                    now: now,
                    in: db
                )
                job.approvalID = approval.id
            case .allow, .allowWithConstraints:
                job.state = .queued
            }
            _ = try JobStore.insert(job, in: db)
            try Self.auditDecision(job, verdict: verdict, phase: "admission", now: now, in: db)
            if placeNow, job.state == .queued {
                placement = try self.place(job, judged: verdict, governance: governance, now: now, in: db)
            }
            return (job, true)
        }
        guard stored.isNew else { return stored.job }
        if let placement {
            switch placement {
            case .wait(let waiting):
                queue.append(waiting.id)
                waitingTopics[waiting.id] = waiting.topic
                return waiting
            case .settled(let settled):
                if let settled, settled.state.isTerminal { finish(settled) }
                if let settled { return settled }
                let current = try database.read { db in try JobStore.load(stored.job.id, in: db) }
                return current ?? stored.job
            case .dispatched(let dispatched, let assignment, let workerID):
                start(dispatched, assignment: assignment, on: workerID)
                return dispatched
            }
        }
        switch stored.job.state {
        case .queued:
            queue.append(stored.job.id)
            lastPlacement = nil
            try pump()
            if let placed = lastPlacement, placed.id == stored.job.id { return placed.job }
            return try database.read { db in try JobStore.load(stored.job.id, in: db) } ?? stored.job
        case .denied, .failed, .succeeded:
            finish(stored.job)
        default:
            break
        }
        return stored.job
    }

    /// When a job on `topic` that may be dispatched from `time` times out, by the topic's `timeout_seconds`.
    static func topicDeadline(_ topic: String, governance: Governance, from time: Timestamp) -> Timestamp? {
        guard let seconds = governance.timeouts.topics[topic]?.timeoutSeconds, seconds > 0 else { return nil }
        return time.adding(seconds: Int64(seconds))
    }

    /// The step error details and message of a policy denial.
    static func denial(_ decision: GateDecision) -> JobFailure {
        var details: [String: JSONValue] = [
            "rule_id": .string(decision.ruleID),
            "reason": .string(decision.reason),
            "policy_snapshot": .string(decision.policySnapshot),
        ]
        details["remediations"] = decision.remediations
        let rule = decision.ruleID.isEmpty ? "the policy" : "rule \(decision.ruleID)"
        let reason = decision.reason.isEmpty ? "" : ": \(decision.reason)"
        return JobFailure(code: "policy_denied", message: "denied by \(rule)\(reason)", details: .object(details))
    }

    /// Appends a gate decision to the audit log: ids, the decision, the rule, the digest — never the input.
    static func auditDecision(
        _ job: HostJob,
        verdict: SafetyGate.Verdict,
        phase: String,
        now: Timestamp,
        in db: Database
    ) throws {
        try AuditLog.appendJobEvent(
            "policy.decision",
            of: job,
            principal: job.principal,
            data: decisionAudit(job, verdict: verdict, phase: phase),
            at: now,
            in: db
        )
    }

    private static func decisionAudit(_ job: HostJob, verdict: SafetyGate.Verdict, phase: String) -> JSONValue {
        var data: [String: JSONValue] = [
            "phase": .string(phase),
            "topic": .string(job.topic),
            "decision": .string(verdict.record.decision),
            "rule_id": .string(verdict.record.ruleID),
            "policy_snapshot": .string(verdict.record.policySnapshot),
            "action_digest": .string(verdict.digest),
            "risk_tags": .array(verdict.riskTags.map(JSONValue.string)),
        ]
        data["run_id"] = job.runID.map(JSONValue.string)
        data["step_id"] = job.stepID.map(JSONValue.string)
        data["pack_id"] = job.packID.map(JSONValue.string)
        return .object(data)
    }

    /// Stores a pending approval for a held job.
    func requestApproval(id: String, for job: HostJob, verdict: SafetyGate.Verdict, now: Timestamp, in db: Database)
        throws -> Approval
    {
        var summary: [String: JSONValue] = [
            "topic": .string(job.topic),
            "rule_id": .string(verdict.record.ruleID),
            "reason": .string(verdict.record.reason),
            "risk_tags": .array(verdict.riskTags.map(JSONValue.string)),
            "input": job.input,
        ]
        summary["capability"] = job.capability.map(JSONValue.string)
        summary["pack_id"] = job.packID.map(JSONValue.string)
        summary["pack_version"] = verdict.packVersion.map(JSONValue.string)
        summary["workflow_id"] = job.workflowID.map(JSONValue.string)
        summary["constraints"] = verdict.record.constraints
        // The approver sees everything the digest covers.
        summary["labels"] = .object(job.labels.mapValues(JSONValue.string))
        summary["requires"] = .array(verdict.requires.map(JSONValue.string))
        summary["idempotency_key"] = job.idempotencyKey.map(JSONValue.string)
        summary["lock"] = job.lock.map { ["resource": .string($0.resource), "mode": .string($0.mode.rawValue)] }
        summary["dry_run"] = job.dryRun ? true : nil
        summary["requested_by"] = .string(job.principal)
        let approval = Approval(
            id: id,
            tenantID: job.tenantID,
            kind: .job,
            jobID: job.id,
            runID: job.runID,
            stepID: job.stepID,
            digest: verdict.digest,
            policySnapshot: verdict.record.policySnapshot,
            summary: .object(summary),
            status: .pending,
            requestedAt: now,
            expiresAt: now.adding(seconds: configuration.approvalTTLSeconds),
            requestedBy: job.principal,
            requiredApprovals: max(1, verdict.decision.constraints?.minApprovers ?? 0)
        )
        try ApprovalStore.save(approval, in: db)
        try AuditLog.append(
            AuditEvent(
                kind: "approval.requested",
                tenantID: job.tenantID,
                principal: job.principal,
                subject: approval.id,
                data: ["job_id": .string(job.id), "digest": .string(approval.digest), "kind": "job"]
            ),
            at: now,
            in: db
        )
        return approval
    }
}
