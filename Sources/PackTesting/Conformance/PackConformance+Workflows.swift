import PackFormat
import PackHost
import StructuredData
import WorkflowEngine

extension PackConformance {
    /// Runs every reference workflow on the host with the pack's worker against its emulator: a dry run (nothing
    /// written, no write job run for real), the run (its final status, approvals and decisions as declared, every
    /// job's input and output valid), a rerun (nothing written twice), and, for a workflow with a locked step, a run
    /// while the lock is held elsewhere (the step waits, then runs once the lock is released).
    public func checkWorkflows() async throws -> ConformanceReport {
        var report = ConformanceReport("workflows")
        for workflow in pack.pack.workflows.sorted(by: { $0.workflow.id < $1.workflow.id }) {
            let id = workflow.workflow.id
            let declared = pack.declaration.workflows[id]
            guard let input = declared?.input ?? workflow.workflow.raw["input_schema"]?["examples"]?.arrayValue?.first
            else {
                report.fail(
                    "\(id) has no input: add `examples` to its input_schema, or declare workflows.\(id).input in "
                        + "Tests/conformance.yaml"
                )
                continue
            }
            let expected = declared ?? ConformanceDeclaration.Workflow(status: "succeeded", decisions: [:])
            var lockedResources: [String] = []
            try await withPackRig(pack) { rig in
                report.merge(try await checkDryRun(id, input, expected, rig))
                let (run, runReport) = try await checkRun(id, input, expected, rig)
                report.merge(runReport)
                guard let run else { return }
                lockedResources = Array(Set(try await rig.jobs(run: run).compactMap(\.lock?.resource))).sorted()
                report.merge(try await checkRerun(id, run, rig))
                report.merge(try await noCanary(rig, "\(id)"))
            }
            guard !lockedResources.isEmpty else { continue }
            try await withPackRig(pack) { rig in
                report.merge(try await checkLockWait(id, input, expected, lockedResources, rig))
                report.merge(try await noCanary(rig, "\(id) under a held lock"))
            }
        }
        return report
    }

    private func writeCount(_ rig: PackRig) async throws -> Int {
        try await rig.control?.writes().count ?? 0
    }

    private func checkDryRun(
        _ id: String,
        _ input: JSONValue,
        _ expected: ConformanceDeclaration.Workflow,
        _ rig: PackRig
    ) async throws -> ConformanceReport {
        var report = ConformanceReport("dry run")
        let before = try await writeCount(rig)
        let runID = try await rig.start(id, input, dryRun: true)
        try await rig.approveAll(run: runID)
        let run = try await rig.run(runID)
        report.expect(
            run.status.rawValue == expected.status,
            "the dry run of \(id) ended \(run.status.rawValue), not \(expected.status)"
        )
        let after = try await writeCount(rig)
        report.expect(after == before, "the dry run of \(id) sent \(after - before) write(s) to the emulator")
        for job in try await rig.jobs(run: runID) where pack.isWrite(job.topic) && !job.dryRun {
            report.fail("the dry run of \(id) ran the write \(job.topic) (step \(job.stepID ?? "?")) for real")
        }
        return report
    }

    private func checkRun(
        _ id: String,
        _ input: JSONValue,
        _ expected: ConformanceDeclaration.Workflow,
        _ rig: PackRig
    ) async throws -> (String?, ConformanceReport) {
        var report = ConformanceReport("run")
        let runID: String
        do {
            runID = try await rig.start(id, input)
        } catch {
            report.fail("\(id) does not start with \(JSONEncoding.compact(input)): \(error)")
            return (nil, report)
        }
        let approvals = try await rig.approveAll(run: runID)
        let run = try await rig.run(runID)
        let failures = run.steps.sorted { $0.key < $1.key }.compactMap { step, state in
            state.error.map { "\(step): \($0.code) \($0.message)" }
        }
        report.expect(
            run.status.rawValue == expected.status,
            "\(id) ended \(run.status.rawValue), not \(expected.status) (\(failures.joined(separator: "; ")))"
        )
        if let count = expected.approvals {
            report.expect(approvals == count, "\(id) asked \(approvals) approval(s), not \(count)")
        }
        for (step, decision) in expected.decisions.sorted(by: { $0.key < $1.key }) {
            let job = try? await rig.job(run, step)
            report.expect(
                job?.decision?.decision == decision,
                "the job of step \(step) of \(id) was decided \(job?.decision?.decision ?? "nothing"), not \(decision)"
            )
        }
        let schemas = self.schemas
        for job in try await rig.jobs(run: runID) {
            let output = job.state == .succeeded && job.deduplicatedFrom == nil ? job.result : nil
            for problem in schemas.problems(job.topic, input: job.input, output: output) {
                report.fail("\(id), step \(job.stepID ?? "?"): \(problem)")
            }
        }
        return (runID, report)
    }

    private func checkRerun(_ id: String, _ runID: String, _ rig: PackRig) async throws -> ConformanceReport {
        var report = ConformanceReport("rerun")
        let before = try await writeCount(rig)
        let rerun = try await rig.rerun(runID)
        try await rig.approveAll(run: rerun)
        let after = try await writeCount(rig)
        report.expect(after == before, "a rerun of \(id) sent \(after - before) write(s) to the emulator again")
        for job in try await rig.jobs(run: rerun) where pack.isWrite(job.topic) && job.dispatches > 0 {
            report.fail(
                "a rerun of \(id) ran the write \(job.topic) (step \(job.stepID ?? "?")) again: its idempotency key "
                    + (job.idempotencyKey.map { "\"\($0)\" did not dedupe it" } ?? "is missing")
            )
        }
        return report
    }

    private func checkLockWait(
        _ id: String,
        _ input: JSONValue,
        _ expected: ConformanceDeclaration.Workflow,
        _ resources: [String],
        _ rig: PackRig
    ) async throws -> ConformanceReport {
        var report = ConformanceReport("lock")
        for resource in resources { try rig.holdLock(resource) }
        let runID = try await rig.start(id, input)
        try await rig.approveAll(run: runID)
        let locked = try await rig.jobs(run: runID).filter { $0.lock.map { resources.contains($0.resource) } ?? false }
        report.expect(!locked.isEmpty, "no job of \(id) reached its locked step while the lock was held elsewhere")
        for job in locked {
            report.expect(
                !job.state.isTerminal && job.dispatches == 0 && job.waitReason == "waiting_for_lock",
                "step \(job.stepID ?? "?") of \(id) did not wait for the lock on \(job.lock?.resource ?? "?") held "
                    + "elsewhere: \(job.state.rawValue), \(job.dispatches) dispatch(es), "
                    + "wait reason \(job.waitReason ?? "none")"
            )
        }
        for resource in resources { try await rig.releaseLock(resource) }
        try await rig.approveAll(run: runID)
        let run = try await rig.run(runID)
        report.expect(
            run.status.rawValue == expected.status,
            "\(id) ended \(run.status.rawValue) after the lock was released, not \(expected.status)"
        )
        return report
    }

    private func noCanary(_ rig: PackRig, _ context: String) async throws -> ConformanceReport {
        var report = ConformanceReport("secrets")
        report.expectNoCanary(
            rig.credentialValues,
            in: try await rig.recordedTexts().map { ("what the host recorded for \(context)", $0) }
                + rig.logs.all.map { ("a log line of \(context)", $0) }
        )
        return report
    }
}
