import Foundation
import GRDB
import PolicyKernel
import StructuredData
import WorkflowEngine

extension PackHost {
    /// A job of `tenant` (another tenant's job answers `notFound`).
    public func job(_ id: String, tenant: String) throws(HostError) -> HostJob {
        let job = try database.read { db in try JobStore.load(id, in: db) }
        guard let job, job.tenantID == tenant else { throw HostError(.notFound, "no job has id \(id)") }
        return job
    }

    /// A tenant's jobs, newest first.
    public func jobs(tenant: String, filter: JobFilter = JobFilter()) throws(HostError) -> [HostJob] {
        try database.read { db in try JobStore.list(tenant: tenant, filter: filter, in: db) }
    }

    /// Cancels a job that has not finished; a workflow step's job cancels the step (and so fails the run).
    public func cancelJob(_ id: String, tenant: String, principal: String, reason: String?) async throws(HostError)
        -> HostJob
    {
        let current = try job(id, tenant: tenant)
        guard !current.state.isTerminal else {
            throw HostError(.conflict, "job \(id) is already \(current.state.rawValue)")
        }
        return try await cancel(current, principal: principal, reason: reason ?? "cancelled by \(principal)") ?? current
    }

    /// The engine cancels a job (its step timed out, its run ended).
    func cancelFromEngine(jobID: String, reason: String) async throws(HostError) {
        guard let current = try database.read({ db in try JobStore.load(jobID, in: db) }), !current.state.isTerminal
        else { return }
        _ = try await cancel(current, principal: "system", reason: reason)
    }

    private func cancel(_ current: HostJob, principal: String, reason: String) async throws(HostError) -> HostJob? {
        let now = clock.now()
        let cancelled = try database.write { db -> HostJob? in
            guard var job = try JobStore.load(current.id, in: db), !job.state.isTerminal else { return nil }
            job.state = .cancelled
            job.error = JobFailure(code: "cancelled", message: reason)
            job.updatedAt = now
            try JobStore.update(job, in: db)
            try self.releaseLock(of: job, now: now, in: db)
            try self.supersedeApproval(of: job, now: now, in: db)
            try AuditLog.appendJobEvent(
                "job.cancelled",
                of: job,
                principal: principal,
                data: ["reason": .string(reason)],
                at: now,
                in: db
            )
            return job
        }
        // The state is written first, so a worker that stops at once cannot record its own outcome instead.
        if current.state == .running, let workerID = current.workerID, let worker = workers[workerID]?.worker {
            await worker.cancel(jobID: current.id, reason: reason)
        }
        if let cancelled { finish(cancelled) }
        try pump()
        return cancelled
    }

    /// Applies one of a denied job's remediations: a new job (outside any run) with the replacement topic,
    /// capability and labels, judged by the gate like any other.
    public func remediate(_ id: String, remediationID: String?, tenant: String, principal: String)
        async throws(HostError) -> HostJob
    {
        let denied = try job(id, tenant: tenant)
        guard denied.state == .denied, let remediations = denied.decision?.remediations?.arrayValue,
            !remediations.isEmpty
        else {
            throw HostError(.conflict, "job \(id) was not denied with remediations")
        }
        let chosen: JSONValue
        if let remediationID {
            guard let match = remediations.first(where: { $0["id"]?.stringValue == remediationID }) else {
                let ids = remediations.compactMap { $0["id"]?.stringValue }.joined(separator: ", ")
                throw HostError(.invalidArgument, "job \(id) has no remediation \(remediationID); it has: \(ids)")
            }
            chosen = match
        } else {
            guard remediations.count == 1 else {
                throw HostError(.invalidArgument, "job \(id) has \(remediations.count) remediations; name one")
            }
            chosen = remediations[0]
        }
        var labels = denied.labels
        for (key, value) in chosen["add_labels"]?.objectValue ?? [:] { labels[key] = value.stringValue }
        for key in chosen["remove_labels"]?.arrayValue?.compactMap(\.stringValue) ?? [] { labels[key] = nil }
        let topic = chosen["replacement_topic"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? denied.topic
        let capability =
            chosen["replacement_capability"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? denied.capability
        labels["remediation_of"] = denied.id
        labels["remediation_id"] = chosen["id"]?.stringValue ?? ""
        var submission = JobSubmission(resubmitting: denied)
        submission.topic = topic
        submission.capability = capability
        submission.labels = labels
        return try await resubmit(submission, tenant: tenant, principal: principal)
    }

    /// Re-submits a dead-lettered job as a new job `<id>-retry-<n>` (outside any run, as Cordum does).
    public func retryDeadLetter(_ jobID: String, tenant: String, principal: String) async throws(HostError) -> HostJob {
        let original = try job(jobID, tenant: tenant)
        let store = DeadLetterStore(database: database, clock: clock)
        _ = try store.get(tenant: tenant, jobID: jobID)
        var submission = JobSubmission(resubmitting: original)
        submission.labels["retry_of"] = original.id
        let retried = try await resubmit(submission, tenant: tenant, principal: principal)
        try store.delete(tenant: tenant, jobID: jobID)
        return retried
    }
}
