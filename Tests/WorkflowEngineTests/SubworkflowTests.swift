import StructuredData
import Synchronization
import Testing
import WorkflowEngine

@Suite struct SubworkflowTests {
    static let child = try! Workflow.yaml(
        """
        id: demo.child
        steps:
          work: {topic: job.child, input: {x: "${input.x}"}}
        """
    )
    static let parent = try! Workflow.yaml(
        """
        id: demo.parent
        steps:
          sub: {type: subworkflow, workflow_id: demo.child, input: {x: "${input.x}"}}
          after: {type: transform, depends_on: [sub], input: {got: "${steps.sub.output.outputs.work}"}}
        """
    )

    static func runner() throws -> (WorkflowRunner, RecordingDispatcher) {
        let dispatcher = RecordingDispatcher()
        let runner = WorkflowRunner(
            store: try SQLiteRunStore(path: temporaryDatabase()),
            dispatcher: dispatcher,
            clock: ManualClock(),
            makeID: Counter().next
        )
        return (runner, dispatcher)
    }

    @Test func parentWaitsForChildRun() async throws {
        let (runner, dispatcher) = try Self.runner()
        try await runner.register(Self.child)
        try await runner.start(Self.parent, input: ["x": 7])
        #expect(dispatcher.dispatchedIDs == ["run-1.sub.1:work@1"])
        let child = try #require(try await runner.run("run-1.sub.1"))
        #expect(child.parent?.runID == "run-1")
        #expect(child.input == ["x": 7])
        try await runner.deliver(JobResult(jobID: "run-1.sub.1:work@1", outcome: .succeeded, output: ["v": 1]))
        #expect(try await runner.run("run-1.sub.1")?.status == .succeeded)
        let parent = try #require(try await runner.run("run-1"))
        #expect(parent.status == .succeeded)
        #expect(parent.steps["after"]?.output == ["got": ["v": 1]])
    }

    @Test func cancellingTheParentCancelsTheChild() async throws {
        let (runner, dispatcher) = try Self.runner()
        try await runner.register(Self.child)
        try await runner.start(Self.parent, input: ["x": 7])
        try await runner.cancel(runID: "run-1", reason: "stop")
        #expect(try await runner.run("run-1.sub.1")?.status == .cancelled)
        #expect(try await runner.run("run-1")?.status == .cancelled)
        #expect(dispatcher.log.withLock { $0.cancelled } == ["run-1.sub.1:work@1"])
    }

    @Test func unknownWorkflowFailsTheStep() async throws {
        let (runner, _) = try Self.runner()
        let run = try await runner.start(Self.parent, input: ["x": 7])
        #expect(run.status == .failed)
        #expect(run.steps["sub"]?.error?.code == "subworkflow_failed")
    }

    @Test func recursionStopsAtTheDepthLimit() async throws {
        let (runner, _) = try Self.runner()
        let recursive = try Workflow.yaml("id: demo.loop\nsteps: {again: {type: subworkflow, workflow_id: demo.loop}}")
        try await runner.register(recursive)
        let run = try await runner.start(recursive, input: [:])
        #expect(run.status == .failed)
        #expect(
            try await runner.run("run-1.again.1.again.1.again.1.again.1.again.1.again.1.again.1.again.1")?.steps[
                "again"
            ]?.error?.code == "subworkflow_depth"
        )
    }
}
