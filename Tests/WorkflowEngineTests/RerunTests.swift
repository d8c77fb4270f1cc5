import StructuredData
import Testing
import WorkflowEngine

@Suite struct RerunTests {
    static let workflow = try! Workflow.yaml(
        """
        id: demo.rerun
        steps:
          a: {topic: t, output_path: from_a}
          b: {topic: t, depends_on: [a], input: {x: "${steps.a.output}"}}
          c: {topic: t, depends_on: [b]}
          other: {topic: t}
        """
    )

    private func finishedRun(failing failed: String? = nil) throws -> RunState {
        var driver = try TestDriver(Self.workflow, input: ["k": 1])
        try driver.start()
        while !driver.state.status.isTerminal {
            for job in driver.takeDispatched() {
                let outcome: JobOutcome = job.stepID == failed ? .failed : .succeeded
                try driver.complete(job.jobID, outcome, output: .string("out-\(job.stepID)"))
            }
        }
        return driver.state
    }

    @Test func rerunFromStepReusesEverythingElse() throws {
        let source = try finishedRun()
        #expect(source.status == .succeeded)
        let machine = try RunStateMachine.rerun(
            of: source,
            workflow: Self.workflow,
            from: "b",
            id: "r2",
            at: Timestamp(seconds: 1_768_800_000)
        )
        var driver = TestDriver(machine)
        #expect(driver.state.rerunOf == "r1")
        #expect(driver.state.steps["a"]?.status == .succeeded)
        #expect(driver.state.steps["other"]?.status == .succeeded)
        #expect(driver.state.steps["b"]?.status == .pending)
        #expect(driver.state.context["from_a"] == "out-a")
        try driver.start()
        let first = driver.takeDispatched()
        #expect(first.map(\.jobID) == ["r2:b@1"])
        #expect(first.first?.payload == ["x": "out-a"])
        try driver.complete("r2:b@1")
        #expect(driver.takeDispatched().map(\.jobID) == ["r2:c@1"])
        try driver.complete("r2:c@1")
        #expect(driver.state.status == .succeeded)
    }

    @Test func rerunAfterFailureRerunsTheFailedBranch() throws {
        let source = try finishedRun(failing: "b")
        #expect(source.status == .failed)
        let machine = try RunStateMachine.rerun(
            of: source,
            workflow: Self.workflow,
            from: "b",
            id: "r2",
            at: .init(seconds: 1)
        )
        var driver = TestDriver(machine)
        try driver.start()
        #expect(driver.takeDispatched().map(\.jobID) == ["r2:b@1"])
    }

    @Test func fullRerunRunsEverything() throws {
        let source = try finishedRun()
        var driver = TestDriver(
            try RunStateMachine.rerun(
                of: source,
                workflow: Self.workflow,
                from: nil,
                id: "r2",
                dryRun: true,
                at: .init(seconds: 1)
            )
        )
        try driver.start()
        #expect(driver.takeDispatched().map(\.jobID) == ["r2:a@1", "r2:other@1"])
        #expect(driver.state.dryRun)
    }

    @Test func rerunRefusesActiveRunsAndUnknownSteps() throws {
        var driver = try TestDriver(Self.workflow)
        try driver.start()
        #expect(throws: EngineError.self) {
            try RunStateMachine.rerun(
                of: driver.state,
                workflow: Self.workflow,
                from: "b",
                id: "r2",
                at: .init(seconds: 1)
            )
        }
        let source = try finishedRun()
        do {
            _ = try RunStateMachine.rerun(
                of: source,
                workflow: Self.workflow,
                from: "zz",
                id: "r2",
                at: .init(seconds: 1)
            )
            Issue.record("expected step_not_found")
        } catch {
            #expect(error.code == .stepNotFound)
        }
    }

    @Test func runsArePinnedToTheirDefinition() throws {
        let source = try finishedRun()
        let changed = try Workflow.yaml("id: demo.rerun\nversion: \"2\"\nsteps: {a: {topic: t}}")
        do {
            _ = try RunStateMachine(workflow: changed, state: source)
            Issue.record("expected definition_mismatch")
        } catch {
            #expect(error.code == .definitionMismatch)
        }
        #expect(source.definitionDigest == Self.workflow.digest)
    }

    @Test func inputIsCheckedAgainstInputSchema() throws {
        let workflow = try Workflow.yaml(
            "id: w\ninput_schema: {type: object, required: [id], properties: {id: {type: string}}}\nsteps: {a: {}}"
        )
        do {
            _ = try RunStateMachine.newRun(id: "r", workflow: workflow, input: ["id": 3], at: .init(seconds: 0))
            Issue.record("expected invalid_input")
        } catch {
            #expect(error.code == .invalidInput)
        }
    }
}

@Suite struct RerunReuseTests {
    @Test func skippedStepsAreReusedOnlyWithTheirDependencies() throws {
        let workflow = try Workflow.yaml(
            """
            id: demo.rerun2
            steps:
              deploy: {topic: t, on_error: rollback}
              verify: {topic: t, depends_on: [deploy]}
              rollback: {topic: t}
            """
        )
        var driver = try TestDriver(workflow)
        try driver.start()
        try driver.complete("r1:deploy@1", .failed)
        try driver.complete("r1:rollback@1")
        #expect(driver.state.status == .succeeded)
        #expect(driver.state.steps["verify"]?.status == .skipped)
        var rerun = TestDriver(
            try RunStateMachine.rerun(
                of: driver.state,
                workflow: workflow,
                from: "rollback",
                id: "r2",
                at: .init(seconds: 1)
            )
        )
        try rerun.start()
        // deploy failed, so it runs again, and verify (skipped only because deploy failed) waits for it.
        #expect(rerun.takeDispatched().map(\.jobID) == ["r2:deploy@1"])
        try rerun.complete("r2:deploy@1")
        #expect(rerun.takeDispatched().map(\.jobID) == ["r2:verify@1"])
        try rerun.complete("r2:verify@1")
        #expect(rerun.state.status == .succeeded)
        #expect(rerun.state.steps["rollback"]?.status == .skipped)
    }
}
