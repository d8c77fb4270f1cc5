import GRDB
import Logging
import PolicyKernel
import StructuredData
import WorkflowEngine

extension PackHost {
    /// What placing one queued job came to.
    enum Placement {
        /// Not placed yet (no worker, lock held, duplicate in flight): it stays queued. Its topic lets later passes
        /// skip it cheaply while no worker has room.
        case wait(HostJob)
        /// It left the queue without running (denied, held again, no pool, reused a duplicate's result).
        case settled(HostJob?)
        /// It was handed to a worker.
        case dispatched(HostJob, JobAssignment, workerID: String)
    }

    /// Tries to place queued jobs, oldest first. A job that already waited for a worker is skipped (in memory)
    /// while no worker has room for its topic, unless `everyJob` is set (``tick()``, which enforces wait deadlines).
    func pump(everyJob: Bool = false) throws(HostError) {
        guard !queue.isEmpty else { return }
        let governance = try catalog.governance()
        var waiting: [String] = []
        var seen: Set<String> = []
        let pending = queue
        queue = []
        for id in pending where seen.insert(id).inserted {
            if !everyJob, let topic = waitingTopics[id], !hasRoom(for: topic, governance: governance) {
                waiting.append(id)
                continue
            }
            switch try place(id, governance: governance) {
            case .wait(let job):
                waiting.append(id)
                waitingTopics[id] = job.topic
                lastPlacement = (id, job)
            case .settled(let job):
                waitingTopics[id] = nil
                if let job {
                    lastPlacement = (id, job)
                    if job.state.isTerminal { finish(job) }
                }
            case .dispatched(let job, let assignment, let workerID):
                waitingTopics[id] = nil
                lastPlacement = (id, job)
                start(job, assignment: assignment, on: workerID)
            }
        }
        queue = waiting + queue
    }

    /// Whether some worker could take a job on `topic` now.
    private func hasRoom(for topic: String, governance: Governance) -> Bool {
        let pools = governance.pools.topics[topic] ?? []
        return workers.values.contains { slot in
            pools.contains(slot.worker.pool) && slot.active.count < slot.worker.capacity
                && (slot.worker.topics.isEmpty || slot.worker.topics.contains(topic))
        }
    }

    /// Re-checks the gate and the job's approval, then dedupes, routes, locks and dispatches one job.
    private func place(_ id: String, governance: Governance) throws(HostError) -> Placement {
        let now = clock.now()
        return try database.write { db -> Placement in
            guard let job = try JobStore.load(id, in: db), job.state == .queued else { return .settled(nil) }
            return try self.place(job, judged: nil, governance: governance, now: now, in: db)
        }
    }

    /// Places one queued job inside the caller's transaction. `judged` is the gate's verdict on this very job under
    /// this `governance` when the caller has just computed it (admission), so it is not computed twice.
    func place(_ queued: HostJob, judged: SafetyGate.Verdict?, governance: Governance, now: Timestamp, in db: Database)
        throws -> Placement
    {
        var job = queued
        // A job whose deadline passed while it waited is not dispatched.
        if let deadline = job.deadline, deadline <= now {
            job.state = .timedOut
            job.error = JobFailure(
                code: "timed_out",
                message: "the job's deadline passed before a worker took it",
                retryable: true
            )
            job.waitReason = nil
            job.updatedAt = now
            try JobStore.update(job, in: db)
            try self.releaseLock(of: job, now: now, in: db)
            try self.auditResult(job, now: now, in: db)
            return .settled(job)
        }
        // 1. The gate again, against the policy in force now, and the approval bound to the action.
        let verdict = judged ?? SafetyGate.evaluate(job, governance: governance)
        // A dry run's job with side effects goes only to a worker that plans it (below).
        if Self.isDryRunWrite(job, verdict: verdict) { job.dryRunWrite = true }
        var consumed: Approval?
        if verdict.digest != job.actionDigest || verdict.record != job.decision {
            try Self.auditDecision(job, verdict: verdict, phase: "dispatch", now: now, in: db)
            job.decision = verdict.record
            job.actionDigest = verdict.digest
        }
        switch verdict.decision.decision {
        case .deny, .throttle:
            job.state = .denied
            job.error = Self.denial(verdict.record)
            try self.supersedeApproval(of: job, now: now, in: db)
            job.updatedAt = now
            try JobStore.update(job, in: db)
            try self.auditResult(job, now: now, in: db)
            return .settled(job)
        case .requireApproval where job.dryRun:
            // A dry run never waits for a human, also when the policy changed since admission. A write a planning
            // worker serves still goes to it, to show the exact request, with the approval it would need.
            guard job.dryRunWrite, !self.dryRunPlanners(for: job, governance: governance, verdict: verdict).isEmpty
            else {
                try Self.planHeld(&job, verdict: verdict, now: now, in: db)
                job.updatedAt = now
                try JobStore.update(job, in: db)
                return .settled(job)
            }
            job.dryRunApproval = try Self.planApproval(job, verdict: verdict, now: now, in: db)
        case .requireApproval:
            let approval = try job.approvalID.flatMap { try ApprovalStore.load($0, in: db) }
            if var approval, approval.status == .approved, approval.digest == verdict.digest,
                approval.expiresAt > now
            {
                approval.status = .consumed
                approval.consumedAt = now
                consumed = approval
            } else if let approval, approval.status == .approved, approval.expiresAt <= now {
                try self.expire(approval, now: now, in: db)
                job.state = .denied
                job.error = JobFailure(code: "approval_expired", message: "the approval expired before dispatch")
                job.updatedAt = now
                try JobStore.update(job, in: db)
                try self.auditResult(job, now: now, in: db)
                return .settled(job)
            } else {
                // Approved for another action, or never approved: hold the job behind a new approval.
                try self.supersedeApproval(of: job, now: now, in: db)
                let approval = try self.requestApproval(
                    id: "apr-" + self.makeID(),
                    for: job,
                    verdict: verdict,
                    now: now,
                    in: db
                )
                job.approvalID = approval.id
                job.state = .approvalRequired
                job.updatedAt = now
                try JobStore.update(job, in: db)
                return .settled(nil)
            }
        case .allow, .allowWithConstraints:
            break
        }
        // 2. Idempotency: a key already used by a succeeded job returns its result. A dry run's write neither claims
        // nor reuses a key: its plan is not the change a real run with that key makes.
        if let key = job.idempotencyKey, !job.dryRunWrite {
            if let holderID = try JobStore.jobHolding(key: key, tenant: job.tenantID, in: db), holderID != job.id,
                let holder = try JobStore.load(holderID, in: db)
            {
                if holder.state == .succeeded || !holder.state.isTerminal,
                    let conflict = IdempotencyKeyConflict.reason(job, holder: holder)
                {
                    job.state = .failed
                    job.error = JobFailure(code: HostError.Code.idempotencyKeyConflict.rawValue, message: conflict)
                    job.waitReason = nil
                    job.updatedAt = now
                    try self.supersedeApproval(of: job, now: now, in: db)
                    try JobStore.update(job, in: db)
                    try self.auditResult(job, now: now, in: db)
                    return .settled(job)
                }
                if holder.state == .succeeded {
                    job.state = .succeeded
                    job.result = holder.result
                    job.deduplicatedFrom = holder.id
                    job.waitReason = nil
                    job.updatedAt = now
                    try JobStore.update(job, in: db)
                    try AuditLog.appendJobEvent(
                        "job.deduplicated",
                        of: job,
                        principal: job.principal,
                        data: ["idempotency_key": .string(key), "reused_job_id": .string(holder.id)],
                        at: now,
                        in: db
                    )
                    return .settled(job)
                }
                if !holder.state.isTerminal {
                    if job.waitReason != "waiting_for_duplicate" {
                        job.waitReason = "waiting_for_duplicate"
                        try JobStore.update(job, in: db)
                    }
                    return .wait(job)
                }
            }
            try JobStore.claim(key: key, tenant: job.tenantID, jobID: job.id, at: now, in: db)
        }
        // 3. Route: the first pool of the topic that provides what the job requires.
        let pools = governance.pools.topics[job.topic] ?? []
        let eligible = pools.filter { pool in
            Set(governance.pools.pools[pool]?.requires ?? []).isSuperset(of: verdict.requires)
        }
        guard !eligible.isEmpty else {
            let message =
                pools.isEmpty
                ? "no pool serves topic \(job.topic); install the pack that maps it, or add it to the pools config"
                : "no pool of topic \(job.topic) (\(pools.joined(separator: ", "))) provides "
                    + "requires [\(verdict.requires.joined(separator: ", "))]"
            job = try self.deadLetter(job, code: "no_pool_mapping", message: message, now: now, in: db)
            return .settled(job)
        }
        // 4. A worker: the least loaded one with room, in an eligible pool, that handles the topic — for a dry run's
        // write, one that declares dry-run support; when none does, the host plans the job itself.
        if job.dryRunWrite, self.dryRunPlanners(for: job, governance: governance, verdict: verdict).isEmpty {
            Self.planWithoutWorker(&job, verdict: verdict, pools: eligible)
            job.updatedAt = now
            try JobStore.update(job, in: db)
            return .settled(job)
        }
        let candidates = self.workers.values.filter { slot in
            eligible.contains(slot.worker.pool) && slot.active.count < slot.worker.capacity
                && (slot.worker.topics.isEmpty || slot.worker.topics.contains(job.topic))
                && (!job.dryRunWrite || slot.worker.supportsDryRun)
        }
        let chosen = candidates.min { left, right in
            let leftLoad = Double(left.active.count) / Double(left.worker.capacity)
            let rightLoad = Double(right.active.count) / Double(right.worker.capacity)
            return leftLoad == rightLoad ? left.worker.id < right.worker.id : leftLoad < rightLoad
        }
        guard let chosen else {
            let deadline = job.waitDeadline ?? now.adding(seconds: self.configuration.noWorkerTimeoutSeconds)
            if deadline <= now {
                job = try self.deadLetter(
                    job,
                    code: "no_workers",
                    message: "no worker of pool \(eligible.joined(separator: ", ")) took the job within "
                        + "\(self.configuration.noWorkerTimeoutSeconds) seconds",
                    now: now,
                    in: db
                )
                return .settled(job)
            }
            if job.waitReason != "waiting_for_worker" || job.waitDeadline == nil {
                job.waitReason = "waiting_for_worker"
                job.waitDeadline = deadline
                try JobStore.update(job, in: db)
            }
            return .wait(job)
        }
        // 5. The step's lock (a dry run's write changes nothing, so it takes none).
        if let lock = job.lock, !job.dryRunWrite {
            let ttl = Int64(lock.ttlSeconds ?? Int(self.configuration.defaultLockTTLSeconds)) * 1000
            do {
                _ = try LockStore.acquire(
                    tenant: job.tenantID,
                    resource: lock.resource,
                    owner: job.id,
                    mode: lock.mode,
                    ttlMilliseconds: ttl,
                    holder: .job,
                    now: now,
                    in: db
                )
            } catch let error as HostError where error.code == .conflict || error.code == .forbidden {
                if job.waitReason != "waiting_for_lock" {
                    job.waitReason = "waiting_for_lock"
                    try JobStore.update(job, in: db)
                }
                return .wait(job)
            }
        }
        // 6. Dispatch.
        if let consumed {
            try ApprovalStore.save(consumed, in: db)
            try AuditLog.append(
                AuditEvent(
                    kind: "approval.consumed",
                    tenantID: job.tenantID,
                    subject: consumed.id,
                    data: ["job_id": .string(job.id), "digest": .string(consumed.digest)]
                ),
                at: now,
                in: db
            )
        }
        job.state = .running
        job.pool = chosen.worker.pool
        job.workerID = chosen.worker.id
        job.dispatches += 1
        job.waitReason = nil
        job.waitDeadline = nil
        job.updatedAt = now
        try JobStore.update(job, in: db)
        var data: [String: JSONValue] = [
            "worker_id": .string(chosen.worker.id),
            "pool": .string(chosen.worker.pool),
            "dispatch": .integer(job.dispatches),
            "action_digest": .string(verdict.digest),
        ]
        data["approval_id"] = consumed.map { .string($0.id) }
        try AuditLog.appendJobEvent(
            "job.dispatched",
            of: job,
            principal: job.principal,
            data: .object(data),
            at: now,
            in: db
        )
        let assignment = JobAssignment(
            job: job,
            riskTags: verdict.riskTags,
            requires: verdict.requires,
            constraints: verdict.record.constraints,
            deadline: job.deadline
        )
        return .dispatched(job, assignment, workerID: chosen.worker.id)
    }

    /// Hands a job to its worker in the background.
    func start(_ job: HostJob, assignment: JobAssignment, on workerID: String) {
        guard let worker = workers[workerID]?.worker else { return }
        var traced = assignment
        if let tracing {
            traced.traceContext = tracing.dispatched(job, approval: heldApproval(for: job), now: clock.now())
        }
        let assignment = traced
        workers[workerID]?.active.insert(job.id)
        let dispatch = job.dispatches
        spawn { [weak self] in
            let report = await worker.run(assignment)
            await self?.workerFinished(jobID: job.id, workerID: workerID, dispatch: dispatch, report: report)
        }
    }

    /// Takes a worker's report: the worker's slot is free at once; the report is recorded with the others that
    /// arrive before the recording task runs, in one transaction.
    func workerFinished(jobID: String, workerID: String, dispatch: Int, report: WorkerReport) {
        workers[workerID]?.active.remove(jobID)
        pendingReports.append(PendingReport(jobID: jobID, workerID: workerID, dispatch: dispatch, report: report))
        guard !reportsScheduled else { return }
        reportsScheduled = true
        spawn { [weak self] in await self?.recordReports() }
    }

    /// Records the pending reports (each ignored when its job moved on: timed out, cancelled, re-dispatched), hands
    /// finished jobs to their runs, and places queued jobs on the freed slots.
    func recordReports() {
        reportsScheduled = false
        let reports = pendingReports
        pendingReports = []
        guard !reports.isEmpty else { return }
        let now = clock.now()
        var finished: [HostJob] = []
        do {
            finished = try database.write { db in try reports.compactMap { try self.record($0, now: now, in: db) } }
        } catch {
            // One bad report must not cost the others theirs: record them one by one.
            for pending in reports {
                do {
                    if let job = try database.write({ db in try self.record(pending, now: now, in: db) }) {
                        finished.append(job)
                    }
                } catch {
                    logger.error(
                        "recording a result failed",
                        metadata: ["job_id": "\(pending.jobID)", "error": "\(error)"]
                    )
                }
            }
        }
        for job in finished { finish(job) }
        do {
            try pump()
        } catch {
            logger.error("placing queued jobs failed", metadata: ["error": "\(error)"])
        }
    }

    /// Applies one report to its job, when the job still waits for it.
    private func record(_ pending: PendingReport, now: Timestamp, in db: Database) throws -> HostJob? {
        guard var job = try JobStore.load(pending.jobID, in: db), job.state == .running,
            job.workerID == pending.workerID, job.dispatches == pending.dispatch
        else { return nil }
        switch pending.report {
        case .succeeded(let output):
            job.state = .succeeded
            job.result = output
            if job.dryRunWrite, let approval = job.dryRunApproval, case .object(var fields) = output {
                fields["approval"] = approval
                job.result = .object(fields)
            }
        case .failed(let failure):
            job.state = .failed
            job.error = failure
        case .cancelled(let reason):
            job.state = .cancelled
            job.error = JobFailure(code: "cancelled", message: reason)
        case .timedOut(let failure):
            job.state = .timedOut
            job.error = failure
        }
        job.updatedAt = now
        try JobStore.update(job, in: db)
        try releaseLock(of: job, now: now, in: db)
        try auditResult(job, now: now, in: db)
        return job
    }

    func auditResult(_ job: HostJob, now: Timestamp, in db: Database) throws {
        var data: [String: JSONValue] = ["state": .string(job.state.rawValue)]
        data["error_code"] = job.error.map { .string($0.code) }
        data["worker_id"] = job.workerID.map(JSONValue.string)
        data["run_id"] = job.runID.map(JSONValue.string)
        try AuditLog.appendJobEvent(
            "job.result",
            of: job,
            principal: job.principal,
            data: .object(data),
            at: now,
            in: db
        )
    }

    /// Gives back a finished job's lock (a lock it no longer holds is fine here: it may have expired).
    func releaseLock(of job: HostJob, now: Timestamp, in db: Database) throws {
        guard let lock = job.lock else { return }
        do {
            try LockStore.release(
                tenant: job.tenantID,
                resource: lock.resource,
                owner: job.id,
                holder: .job,
                now: now,
                in: db
            )
        } catch let error as HostError where error.code == .conflict || error.code == .forbidden {
            // Not held: it expired or was never taken.
        }
    }

    /// Fails a job that cannot be run and keeps it in the dead-letter queue.
    func deadLetter(_ candidate: HostJob, code: String, message: String, now: Timestamp, in db: Database) throws
        -> HostJob
    {
        var job = candidate
        job.state = .failed
        job.error = JobFailure(code: code, message: message, retryable: true)
        job.waitReason = nil
        job.updatedAt = now
        try JobStore.update(job, in: db)
        try releaseLock(of: job, now: now, in: db)
        try DeadLetterStore.add(
            DeadLetter(
                jobID: job.id,
                tenantID: job.tenantID,
                topic: job.topic,
                reasonCode: code,
                message: message,
                job: job.json,
                attempts: job.dispatches,
                createdAt: now
            ),
            in: db
        )
        try AuditLog.appendJobEvent("job.dead_lettered", of: job, data: ["reason_code": .string(code)], at: now, in: db)
        return job
    }

    /// After a job ended: hands the result to its run.
    func finish(_ job: HostJob) {
        tracing?.finished(job, approval: heldApproval(for: job), now: clock.now())
        guard job.runID != nil else { return }
        spawn { [weak self] in await self?.deliverToRun(job) }
    }

    /// Delivers a finished job's result to the engine, then marks it delivered.
    func deliverToRun(_ job: HostJob) async {
        guard let runID = job.runID else { return }
        let result: JobResult
        switch job.state {
        case .succeeded:
            result = JobResult(
                jobID: job.id,
                outcome: .succeeded,
                output: job.result,
                resultPointer: "redis://res:\(job.id)",
                planned: job.isDryRunPlan
            )
        case .failed:
            result = JobResult(
                jobID: job.id,
                outcome: .failed,
                errorMessage: job.error?.message,
                errorCode: job.error?.code,
                errorDetails: job.error?.details,
                retryable: job.error?.retryable ?? true
            )
        case .denied:
            result = JobResult(
                jobID: job.id,
                outcome: .denied,
                errorMessage: job.error?.message,
                errorCode: job.error?.code,
                errorDetails: job.error?.details,
                retryable: false
            )
        case .cancelled:
            result = JobResult(
                jobID: job.id,
                outcome: .cancelled,
                errorMessage: job.error?.message,
                errorCode: "job_cancelled"
            )
        case .timedOut:
            result = JobResult(
                jobID: job.id,
                outcome: .timeout,
                errorMessage: job.error?.message,
                errorCode: job.error?.code
            )
        case .pending, .approvalRequired, .queued, .running:
            return
        }
        do {
            try await runner.deliver(result)
            try database.write { db in try JobStore.markDelivered(job.id, in: db) }
            try await syncWaitingSteps(runID: runID)
        } catch {
            logger.error("delivering a result failed", metadata: ["job_id": "\(job.id)", "error": "\(error)"])
        }
    }

    /// Jobs past their deadline time out; running jobs keep their locks renewed.
    func enforceDeadlines(at now: Timestamp) async throws(HostError) {
        let governance = try catalog.governance()
        let overdue = try database.read { db in try JobStore.overdue(at: now, in: db) }
        for job in overdue { try await timeOut(job, governance: governance, now: now) }
        try await keepJobLocks(at: now)
    }

    /// A job that missed its deadline: cancelled on its worker, then retried (jobs outside workflows, per the
    /// topic's `max_retries`) or timed out.
    private func timeOut(_ job: HostJob, governance: Governance, now: Timestamp) async throws(HostError) {
        let maxRetries = governance.timeouts.topics[job.topic]?.maxRetries ?? 0
        let timeout = governance.timeouts.topics[job.topic]?.timeoutSeconds ?? 0
        let retry = job.runID == nil && job.state == .running && job.dispatches <= maxRetries && timeout > 0
        let updated = try database.write { db -> HostJob? in
            guard var current = try JobStore.load(job.id, in: db), !current.state.isTerminal else { return nil }
            try self.releaseLock(of: current, now: now, in: db)
            current.updatedAt = now
            if retry {
                current.state = .queued
                current.workerID = nil
                current.waitReason = "retry_after_timeout"
                current.deadline = now.adding(seconds: Int64(timeout))
                try JobStore.update(current, in: db)
                try AuditLog.appendJobEvent("job.requeued", of: current, data: ["reason": "timed_out"], at: now, in: db)
                return current
            }
            current.state = .timedOut
            current.error = JobFailure(
                code: "timed_out",
                message: "the job did not finish by its deadline",
                retryable: true
            )
            try JobStore.update(current, in: db)
            try self.auditResult(current, now: now, in: db)
            if maxRetries > 0 && current.runID == nil {
                current = try self.deadLetter(
                    current,
                    code: "max_retries",
                    message: "the job timed out \(current.dispatches) times",
                    now: now,
                    in: db
                )
                current.state = .timedOut
                try JobStore.update(current, in: db)
            }
            return current
        }
        // The state is written first, so the worker's answer to the cancel is ignored as stale.
        if job.state == .running, let workerID = job.workerID, let worker = workers[workerID]?.worker {
            await worker.cancel(jobID: job.id, reason: "the job did not finish by its deadline")
        }
        guard let updated else { return }
        if updated.state == .queued {
            queue.append(updated.id)
        } else {
            finish(updated)
        }
    }
}

/// A worker's report waiting to be recorded.
struct PendingReport: Sendable {
    /// The job.
    var jobID: String
    /// The worker that ran it.
    var workerID: String
    /// Which dispatch of the job it answers.
    var dispatch: Int
    /// What the worker said.
    var report: WorkerReport
}
