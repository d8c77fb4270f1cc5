import Testing
import WorkflowEngine

/// Every file in `Fixtures/scenarios` played through the state machine in virtual time.
@Suite struct ScenarioTests {
    @Test(arguments: Fixtures.scenarios())
    func scenario(_ file: String) throws {
        let scenario = Fixtures.load("scenarios/" + file)
        var runner = try ScenarioRunner(name: file, scenario: scenario)
        runner.play(scenario)
    }
}
