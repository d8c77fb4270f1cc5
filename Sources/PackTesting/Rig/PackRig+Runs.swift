public import PackHost
public import StructuredData
public import WorkflowEngine

extension PackRig {
    /// Starts a run as the requester and lets every job it can run finish.
    /// - Returns: the run id.
    public func start(_ workflow: String, _ input: JSONValue, dryRun: Bool = false) async throws -> String {
        let started = try await host.startRun(
            workflowID: workflow,
            input: input,
            tenant: Self.tenant,
            principal: Self.requester,
            dryRun: dryRun
        )
        await host.settle()
        return started.id
    }

    /// Starts a new run from a finished one (from `step`, or from the start), as the requester, and lets it run.
    /// - Returns: the new run's id.
    public func rerun(_ id: String, fromStep step: String? = nil) async throws -> String {
        let started = try await host.rerun(
            id,
            tenant: Self.tenant,
            principal: Self.requester,
            fromStep: step,
            dryRun: nil
        )
        await host.settle()
        return started.id
    }

    /// A run.
    public func run(_ id: String) async throws -> RunState {
        try await host.run(id, tenant: Self.tenant)
    }

    /// The job of a step of a run.
    /// - Throws: ``RigFailure`` when the step has no job.
    public func job(_ run: RunState, _ step: String) async throws -> HostJob {
        guard let jobID = run.steps[step]?.jobID else {
            throw RigFailure(description: "step \(step) of run \(run.id) has no job")
        }
        return try await host.job(jobID, tenant: Self.tenant)
    }

    /// Every job of a run (or of every run), oldest first.
    public func jobs(run: String? = nil) async throws -> [HostJob] {
        try await host.jobs(tenant: Self.tenant, filter: JobFilter(runID: run, limit: 1000))
            .sorted { ($0.createdAt.milliseconds, $0.id) < ($1.createdAt.milliseconds, $1.id) }
    }

    /// The pending approvals, of one run and its subworkflow runs (`<run>.<step>.<attempt>`) when `run` is given.
    public func pending(run: String? = nil) async throws -> [Approval] {
        try await host.approvals(tenant: Self.tenant).filter { approval in
            guard let run else { return true }
            return approval.runID == run || approval.runID?.hasPrefix(run + ".") == true
        }
    }

    /// Approves `approval` as the approver, bound to the digest shown, and lets the jobs it released finish.
    public func approve(_ approval: Approval, reason: String = "reviewed") async throws {
        _ = try await host.approve(
            approval.id,
            tenant: Self.tenant,
            principal: Self.approver,
            reason: reason,
            expectedDigest: approval.digest
        )
        await host.settle()
    }

    /// Approves every pending approval (of `run` when given) until none is left.
    /// - Returns: how many were approved.
    /// - Throws: ``RigFailure`` after 100 approvals (a run that never stops asking).
    @discardableResult
    public func approveAll(run: String? = nil) async throws -> Int {
        var approved = 0
        while let approval = try await pending(run: run).first {
            guard approved < 100 else { throw RigFailure(description: "more than 100 approvals were asked") }
            try await approve(approval)
            approved += 1
        }
        return approved
    }

    /// Moves the host's clock by `seconds`, ticks, and lets the work that released finish.
    public func advance(seconds: Int64) async throws {
        clock.advance(milliseconds: seconds * 1000)
        try await host.tick()
        await host.settle()
    }

    /// Lets every job that can run finish.
    public func settle() async { await host.settle() }

    /// Holds `resource` for someone else, as another run or an operator would.
    public func holdLock(_ resource: String, owner: String = "someone-else") throws {
        _ = try services.locks.acquire(
            tenant: Self.tenant,
            resource: resource,
            owner: owner,
            mode: .exclusive,
            ttlMilliseconds: 3_600_000,
            holder: .principal("operator")
        )
    }

    /// Gives back a hold of ``holdLock(_:owner:)`` and lets the work that waited for it run.
    public func releaseLock(_ resource: String, owner: String = "someone-else") async throws {
        try services.locks.release(
            tenant: Self.tenant,
            resource: resource,
            owner: owner,
            holder: .principal("operator")
        )
        try await host.tick()
        await host.settle()
    }

    /// Everything the host recorded that a secret must never reach: every audit record, job input, result and
    /// error, and artifact, as text.
    public func recordedTexts() async throws -> [String] {
        var texts = try services.audit.records(tenant: nil, limit: 100_000).map { record in
            "\(record.event.kind) \(record.event.principal) \(record.event.subject) "
                + JSONEncoding.compact(record.event.data)
        }
        for job in try await jobs() {
            texts.append(JSONEncoding.compact(job.input))
            if let result = job.result { texts.append(JSONEncoding.compact(result)) }
            if let error = job.error { texts.append("\(error.code): \(error.message)") }
        }
        for info in try services.artifacts.list(tenant: Self.tenant, limit: 1000) {
            let artifact = try services.artifacts.get(tenant: Self.tenant, pointer: info.pointer)
            texts.append(String(decoding: artifact.content, as: UTF8.self))
        }
        return texts
    }
}
