import StructuredData
import Testing
import WorkflowEngine

/// Above upstream's inline limit (256 KiB of JSON) a result is not copied into the run: the step's output and its
/// `output_path` hold the result pointer, and later steps can still read `steps.<id>.result_ptr`.
@Suite struct LargeResultTests {
    static let workflow = """
        id: demo.large
        steps:
          big: {topic: job.x.get, output_path: report.body}
          next: {topic: job.x.use, depends_on: [big], input: {ptr: "${steps.big.result_ptr}"}}
        """

    static func blob(bytes: Int) -> JSONValue { ["blob": .string(String(repeating: "x", count: bytes))] }

    func run(outputBytes: Int) throws -> (TestDriver, JSONValue) {
        var driver = try TestDriver(try Workflow.yaml(Self.workflow))
        try driver.start()
        let job = try #require(driver.takeDispatched().first)
        let output = Self.blob(bytes: outputBytes)
        try driver.send(
            EngineEvent.jobResult(
                JobResult(jobID: job.jobID, outcome: .succeeded, output: output, resultPointer: "redis://res:big"),
                at: driver.now
            )
        )
        return (driver, output)
    }

    @Test func aResultAboveTheLimitIsKeptAsItsPointer() throws {
        // {"blob":"…"} is 11 bytes more than the text: one byte over the limit.
        let (driver, _) = try run(outputBytes: RunStateMachine.inlineResultLimit - 10)
        #expect(driver.state.steps["big"]?.output == "redis://res:big")
        #expect(driver.state.steps["big"]?.resultPointer == "redis://res:big")
        #expect(driver.state.context["report"]?["body"] == "redis://res:big")
        let next = try #require(driver.dispatched.first)
        #expect(next.payload["ptr"] == "redis://res:big")
    }

    @Test func aResultAtTheLimitIsKeptInline() throws {
        let (driver, output) = try run(outputBytes: RunStateMachine.inlineResultLimit - 11)
        #expect(driver.state.steps["big"]?.output == output)
        #expect(driver.state.context["report"]?["body"] == output)
    }
}
