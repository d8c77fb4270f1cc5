import StructuredData
import Synchronization
import Testing

@testable import WorkflowEngine

@Suite struct PersistenceTests {
    static let workflow = try! Workflow.yaml(
        """
        id: demo.persist
        version: "1.0.0"
        steps:
          fetch: {topic: job.fetch, input: {id: "${input.id}"}, meta: {pack_id: demo, risk_tags: [read], labels: {a: b}}}
          fan: {topic: job.fan, depends_on: [fetch], for_each: steps.fetch.output.items, max_parallel: 2, input: {x: "${item}"}}
          wait: {type: delay, delay_sec: 5, depends_on: [fetch]}
          tell: {type: notify, depends_on: [fan, wait], input: {message: done}}
        """
    )

    @Test func stateSurvivesJSONAfterEveryTransition() throws {
        var driver = try TestDriver(Self.workflow, input: ["id": "X"])
        func roundTrip(_ state: RunState) throws {
            let decoded = try RunState(
                json: JSONParser.parse(JSONEncoding.compact(state.json)),
                timeline: state.timeline
            )
            #expect(decoded == state)
            for entry in state.timeline {
                #expect(try TimelineEntry(json: entry.json) == entry)
            }
        }
        try driver.start()
        try roundTrip(driver.state)
        try driver.complete("r1:fetch@1", output: ["items": [1, 2.5, "three"]])
        try roundTrip(driver.state)
        for job in driver.takeDispatched() {
            let action = EngineAction.dispatch(job)
            #expect(try EngineAction(outboxJSON: action.outboxJSON!) == action)
            try driver.complete(job.jobID, .failed)
        }
        try roundTrip(driver.state)
        #expect(driver.state.status == .failed)
    }

    @Test func subworkflowFieldsSurviveJSON() throws {
        var state = RunState(
            id: "p.sub.1",
            workflowID: "child",
            workflowVersion: nil,
            definitionDigest: "d",
            orgID: "acme",
            input: ["x": 1],
            createdAt: .init(seconds: 1),
            dryRun: true
        )
        state.parent = SubworkflowParent(runID: "p", stepID: "sub", depth: 2)
        #expect(try RunState(json: state.json, timeline: []) == state)
        let parent = SubworkflowParent(runID: "p", stepID: "sub", depth: 1)
        let actions: [EngineAction] = [
            .startSubworkflow(
                SubworkflowRequest(
                    runID: "p.sub.1",
                    workflowID: "child",
                    input: [1],
                    parent: parent,
                    dryRun: true,
                    orgID: nil
                )
            ),
            .cancelSubworkflow(runID: "p.sub.1", reason: "stop"),
            .notifyParent(
                parentRunID: "p",
                SubworkflowResult(
                    runID: "p.sub.1",
                    status: .failed,
                    outputs: ["a": 1],
                    error: StepError(code: "c", message: "m")
                )
            ),
        ]
        for action in actions { #expect(try EngineAction(outboxJSON: action.outboxJSON!) == action) }
    }

    @Test func runnerRunsAWorkflowThroughSQLite() async throws {
        let path = temporaryDatabase()
        let clock = ManualClock()
        let dispatcher = RecordingDispatcher()
        let runner = WorkflowRunner(
            store: try SQLiteRunStore(path: path),
            dispatcher: dispatcher,
            clock: clock,
            makeID: Counter().next
        )
        let run = try await runner.start(Self.workflow, input: ["id": "X"])
        #expect(run.status == .running)
        #expect(dispatcher.dispatchedIDs == ["run-1:fetch@1"])
        try await runner.deliver(
            JobResult(jobID: "run-1:fetch@1", outcome: .succeeded, output: ["items": ["a", "b", "c"]])
        )
        #expect(dispatcher.dispatchedIDs.suffix(2) == ["run-1:fan[0]@1", "run-1:fan[1]@1"])
        for index in 0..<3 {
            if index == 2 { #expect(dispatcher.dispatchedIDs.last == "run-1:fan[2]@1") }
            try await runner.deliver(
                JobResult(jobID: "run-1:fan[\(index)]@1", outcome: .succeeded, output: .integer(index))
            )
        }
        #expect(try await runner.run("run-1")?.steps["wait"]?.status == .running)
        #expect(try await runner.nextWakeup() == clock.now().adding(seconds: 5))
        clock.advance(milliseconds: 5000)
        #expect(try await runner.wakeDueRuns() == 1)
        let finished = try #require(try await runner.run("run-1"))
        #expect(finished.status == .succeeded)
        #expect(finished.steps["fan"]?.output == [0, 1, 2])
        #expect(dispatcher.log.withLock { $0.notified } == ["tell"])
        #expect(try SQLiteRunStore(path: path).loadRun("run-1") == finished)
        #expect(try SQLiteRunStore(path: path).pendingOutbox().isEmpty)
    }

    @Test func idempotencyKeysAreScopedAndExpire() async throws {
        let clock = ManualClock()
        let runner = WorkflowRunner(
            store: try SQLiteRunStore(path: temporaryDatabase()),
            dispatcher: RecordingDispatcher(),
            clock: clock,
            makeID: Counter().next
        )
        let other = try Workflow.yaml("id: demo.other\nsteps: {a: {topic: t}}")
        let options = WorkflowRunner.StartOptions(orgID: "acme", idempotencyKey: "k1", idempotencyTTLSeconds: 60)
        let first = try await runner.start(Self.workflow, input: ["id": "X"], options: options)
        let again = try await runner.start(Self.workflow, input: ["id": "X"], options: options)
        #expect(again.id == first.id)
        let otherWorkflow = try await runner.start(other, input: [:], options: options)
        #expect(otherWorkflow.id != first.id)
        var otherTenant = options
        otherTenant.orgID = "globex"
        #expect(try await runner.start(Self.workflow, input: ["id": "X"], options: otherTenant).id != first.id)
        clock.advance(milliseconds: 60_000)
        #expect(try await runner.start(Self.workflow, input: ["id": "X"], options: options).id != first.id)
    }

    @Test func failedDispatchIsAFailedAttempt() async throws {
        struct Refusing: JobDispatcher {
            struct Down: Error {}
            func dispatch(_ job: JobRequest) async throws { throw Down() }
            func cancel(jobID: String, reason: String) async throws {}
            func notify(_ notification: WorkflowNotification) async throws {}
        }
        let runner = WorkflowRunner(
            store: try SQLiteRunStore(path: temporaryDatabase()),
            dispatcher: Refusing(),
            clock: ManualClock(),
            makeID: Counter().next
        )
        _ = try await runner.start(Self.workflow, input: ["id": "X"])
        let run = try #require(try await runner.run("run-1"))
        #expect(run.status == .failed)
        #expect(run.steps["fetch"]?.error?.message.hasPrefix("dispatch failed") == true)
    }

    @Test func definitionsAreStoredByDigest() throws {
        let store = try SQLiteRunStore(path: temporaryDatabase())
        try store.saveDefinition(Self.workflow)
        let loaded = try store.loadDefinition(digest: Self.workflow.digest)
        #expect(loaded.digest == Self.workflow.digest)
        #expect(loaded.order == Self.workflow.order)
        #expect(throws: EngineError.self) { try store.loadDefinition(digest: "nope") }
    }
}
