import GRDB
public import StructuredData
public import WorkflowEngine

/// Who started each run (the engine's run store knows the tenant, not the principal).
enum RunIndex {
    /// The actor type of whoever started the run (what `match.actor_types` sees for its jobs).
    static let actorTypeMigration = HostMigration(name: "governance_run_actor_type_v1") { db in
        try db.execute(sql: "ALTER TABLE run_principals ADD COLUMN actor_type TEXT")
    }

    static let migration = HostMigration(name: "run_index_v1") { db in
        try db.execute(
            sql: """
                CREATE TABLE run_principals (
                    run_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL, principal TEXT NOT NULL,
                    workflow_id TEXT NOT NULL, created_at INTEGER NOT NULL);
                """
        )
    }
}

extension PackHost {
    /// Starts a run of a workflow visible to `tenant`.
    /// - Parameters:
    ///   - idempotencyKey: a second start with the same key (tenant and workflow) returns the first run.
    ///   - dryRun: steps with side effects produce plans instead of jobs.
    /// - Throws: `notFound` (no such workflow for this tenant), `invalidArgument` (input does not match the
    ///   workflow's `input_schema`).
    public func startRun(
        workflowID: String,
        input: JSONValue,
        tenant: String,
        principal: String,
        dryRun: Bool = false,
        idempotencyKey: String? = nil,
        actorType: String? = nil
    ) async throws(HostError) -> RunState {
        let definition = try catalog.workflow(id: workflowID, tenant: tenant)
        let runID = "run-" + makeID()
        // Who started the run is known before its first job is admitted (the engine dispatches during start).
        try recordRunStarter(runID, tenant: tenant, principal: principal, workflowID: workflowID, actorType: actorType)
        let state: RunState
        do {
            state = try await runner.start(
                definition.workflow,
                input: input,
                options: WorkflowRunner.StartOptions(
                    runID: runID,
                    orgID: tenant,
                    dryRun: dryRun,
                    idempotencyKey: idempotencyKey,
                    idempotencyTTLSeconds: configuration.runIdempotencyTTLSeconds
                )
            )
        } catch {
            try forgetRunStarter(runID)
            throw HostError(error.code == .invalidInput ? .invalidArgument : .storage, error.message)
        }
        if state.id != runID { try forgetRunStarter(runID) }
        if state.id == runID {
            let now = clock.now()
            try database.write { db in
                var data: [String: JSONValue] = [
                    "workflow_id": .string(workflowID),
                    "definition_digest": .string(definition.workflow.digest),
                    "dry_run": .bool(dryRun),
                ]
                data["idempotency_key"] = idempotencyKey.map(JSONValue.string)
                try AuditLog.append(
                    AuditEvent(
                        kind: "run.started",
                        tenantID: tenant,
                        principal: principal,
                        subject: runID,
                        data: .object(data)
                    ),
                    at: now,
                    in: db
                )
            }
            try await syncWaitingSteps(runID: runID)
        }
        return try run(state.id, tenant: tenant)
    }

    /// A run of `tenant` (another tenant's run answers `notFound`, as a missing one).
    public func run(_ id: String, tenant: String) throws(HostError) -> RunState {
        let run = try loadRun(id)
        guard (run.orgID ?? configuration.defaultTenant) == tenant else {
            throw HostError(.notFound, "no run has id \(id)")
        }
        return run
    }

    /// A tenant's runs, newest first.
    public func runs(tenant: String, workflowID: String? = nil, status: RunStatus? = nil, limit: Int = 50)
        throws(HostError) -> [RunState]
    {
        do {
            let ids = try runStore.runIDs(
                orgID: tenant,
                workflowID: workflowID,
                status: status,
                limit: max(1, min(limit, 500))
            )
            var runs: [RunState] = []
            for id in ids {
                if let run = try runStore.loadRun(id) { runs.append(run) }
            }
            return runs
        } catch {
            throw HostError(.storage, error.message)
        }
    }

    /// Cancels an active run of `tenant`: its running jobs are cancelled, its pending approvals retired.
    public func cancelRun(_ id: String, tenant: String, principal: String, reason: String?) async throws(HostError) {
        _ = try run(id, tenant: tenant)
        do {
            try await runner.cancel(runID: id, reason: reason ?? "cancelled by \(principal)")
        } catch {
            throw HostError(error.code == .runNotFound ? .notFound : .conflict, error.message)
        }
        let now = clock.now()
        try database.write { db in
            try AuditLog.append(
                AuditEvent(
                    kind: "run.cancelled",
                    tenantID: tenant,
                    principal: principal,
                    subject: id,
                    data: ["reason": .string(reason ?? "")]
                ),
                at: now,
                in: db
            )
        }
        try await syncWaitingSteps(runID: id)
    }

    /// Starts a new run from a finished one, re-running from `stepID` (or from the start).
    public func rerun(
        _ id: String,
        tenant: String,
        principal: String,
        fromStep stepID: String?,
        dryRun: Bool?,
        actorType: String? = nil
    ) async throws(HostError) -> RunState {
        let source = try run(id, tenant: tenant)
        let newRunID = "run-" + makeID()
        // Whoever reran it is the principal of the new run's jobs (and may not approve them), from its first job.
        try recordRunStarter(
            newRunID,
            tenant: tenant,
            principal: principal,
            workflowID: source.workflowID,
            actorType: actorType
        )
        let state: RunState
        do {
            state = try await runner.rerun(id, from: stepID, dryRun: dryRun, newRunID: newRunID)
        } catch {
            try forgetRunStarter(newRunID)
            throw HostError(.conflict, error.message)
        }
        let now = clock.now()
        try database.write { db in
            try AuditLog.append(
                AuditEvent(
                    kind: "run.rerun",
                    tenantID: tenant,
                    principal: principal,
                    subject: state.id,
                    data: ["rerun_of": .string(id), "from_step": stepID.map(JSONValue.string) ?? .null]
                ),
                at: now,
                in: db
            )
        }
        try await syncWaitingSteps(runID: state.id)
        return try run(state.id, tenant: tenant)
    }

    /// Approves or rejects a waiting approval step through its live approval.
    /// - Throws: `notFound` for a run of another tenant or a step the run's workflow does not have; `conflict`
    ///   when the step is not waiting for an approval.
    public func decideStep(
        runID: String,
        stepID: String,
        approved: Bool,
        tenant: String,
        principal: String,
        reason: String
    ) async throws(HostError) -> Approval {
        let state = try run(runID, tenant: tenant)
        guard try definition(of: state).steps[stepID] != nil else {
            throw HostError(.notFound, "run \(runID) has no step \(stepID)")
        }
        try await syncWaitingSteps(runID: runID)
        let live = try database.read { db in try ApprovalStore.latest(runID: runID, stepID: stepID, in: db) }
        guard let live, live.status == .pending else {
            throw HostError(.conflict, "step \(stepID) of run \(runID) is not waiting for an approval")
        }
        return approved
            ? try await approve(live.id, tenant: tenant, principal: principal, reason: reason)
            : try await reject(live.id, tenant: tenant, principal: principal, reason: reason)
    }

    func loadRun(_ id: String) throws(HostError) -> RunState {
        let state: RunState?
        do {
            state = try runStore.loadRun(id)
        } catch {
            throw HostError(.storage, error.message)
        }
        guard let state else { throw HostError(.notFound, "no run has id \(id)") }
        return state
    }

    func definition(of run: RunState) throws(HostError) -> Workflow {
        do {
            return try runStore.loadDefinition(digest: run.definitionDigest)
        } catch {
            throw HostError(.storage, error.message)
        }
    }

    /// Records who starts a run (and the actor type of their key) before its first job is admitted.
    private func recordRunStarter(
        _ runID: String,
        tenant: String,
        principal: String,
        workflowID: String,
        actorType: String?
    ) throws(HostError) {
        try database.write { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO run_principals
                        (run_id, tenant_id, principal, workflow_id, created_at, actor_type)
                    VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [runID, tenant, principal, workflowID, clock.now().milliseconds, actorType]
            )
        }
    }

    /// Drops the starter recorded for a run that did not start (refused input, or an idempotent start).
    private func forgetRunStarter(_ runID: String) throws(HostError) {
        try database.write { db in
            try db.execute(sql: "DELETE FROM run_principals WHERE run_id = ?", arguments: [runID])
        }
    }

    /// Who started the run; for a subworkflow's run, who started its top-level run.
    func runPrincipal(_ runID: String) throws(HostError) -> String? {
        try runStarter(runID)?.principal
    }

    /// Who started a run, and the actor type their key declared; for a subworkflow's run, its top-level run's.
    func runStarter(_ runID: String?) throws(HostError) -> (principal: String, actorType: String?)? {
        guard var current = runID else { return nil }
        for _ in 0..<16 {  // more than the engine's nesting limit (8)
            let starter = try database.read { db in
                try Row.fetchOne(
                    db,
                    sql: "SELECT principal, actor_type FROM run_principals WHERE run_id = ?",
                    arguments: [current]
                ).map { row -> (principal: String, actorType: String?) in (row["principal"], row["actor_type"]) }
            }
            if let starter { return starter }
            guard let parent = try? loadRun(current).parent else { return nil }
            current = parent.runID
        }
        return nil
    }
}
