import PackFormat
import StructuredData
import Testing

@Suite struct WorkflowDocumentTests {
    func read(_ yaml: String) throws -> (WorkflowDocument, [PackFormatError]) {
        WorkflowDocument.read(try YAMLLoader.load(Array(yaml.utf8), file: "wf.yaml"), id: "demo.flow")
    }

    @Test func theManifestIDOverridesTheFileAndStepsAreOrdered() throws {
        let (workflow, errors) = try read(
            """
            id: something-else
            version: "1.0"
            timeout_sec: 60
            steps:
              b: {type: worker, topic: job.demo.b, depends_on: [a], meta: {pack_id: demo}}
              a: {type: approval}
            """
        )
        #expect(errors.isEmpty)
        #expect(workflow.id == "demo.flow")
        #expect(workflow.raw["id"] == "demo.flow")
        #expect(workflow.steps.map(\.id) == ["a", "b"])
        #expect(workflow.steps.last?.meta["pack_id"] == "demo")
        #expect(workflow.timeoutSeconds == 60)
        #expect(workflow.isGatedByApproval("b"))
        #expect(!workflow.isGatedByApproval("a"))
    }

    @Test func reportsTheTypeErrorsCordumsGatewayWouldHit() throws {
        let (_, errors) = try read("version: 1.0\ntimeout_sec: \"60\"\nsteps:\n  a: [1]\n")
        #expect(errors.map(\.code) == [.wrongType, .wrongType, .wrongType])
        #expect(errors.map(\.field).sorted() == ["steps.a", "timeout_sec", "version"])
    }

    @Test func approvalGatingFollowsTransitiveDependencies() throws {
        let (workflow, _) = try read(
            """
            steps:
              ask: {type: approval}
              plan: {type: worker, depends_on: [ask]}
              apply: {type: worker, depends_on: [plan]}
              side: {type: worker}
            """
        )
        #expect(workflow.isGatedByApproval("apply"))
        #expect(!workflow.isGatedByApproval("side"))
    }
}
