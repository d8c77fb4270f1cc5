import StructuredData
import Testing
import WorkflowEngine

@Suite struct ValidationTests {
    @Test(arguments: Fixtures.cases("validation.yaml"))
    func corpus(_ fixture: FixtureCase) {
        let document = Document(value: fixture["workflow"]!, file: "workflow.yaml")
        let schemas = fixture["schemas"]?.objectValue ?? [:]
        let errors = Workflow.validate(document, schemas: schemas)
        let want = fixture["want_errors"]?.arrayValue ?? []
        let got = errors.map { "\($0.code)|\($0.stepID ?? "")|\($0.field)" }
        let expected = want.map {
            "\($0["code"]!.stringValue!)|\($0["step"]?.stringValue ?? "")|\($0["field"]?.stringValue ?? "")"
        }
        #expect(got == expected, "\(errors)")
    }

    @Test func errorsCarryTheSourceLine() throws {
        let yaml = """
            id: w
            steps:
              a:
                topic: t
                depends_on: [missing]
            """
        let document = try YAMLLoader.load(Array(yaml.utf8), file: "w.yaml")
        let errors = Workflow.validate(document)
        #expect(errors.map(\.code) == [.unknownDependency])
        #expect(errors.first?.location.line == 5)
        #expect(errors.first?.location.file == "w.yaml")
    }

    @Test func loadThrowsEveryError() {
        #expect {
            try Workflow.load(["id": "w", "steps": ["a": ["depends_on": ["x"], "type": "bogus"]]])
        } throws: { error in
            (error as? WorkflowValidationError)?.errors.map(\.code) == [.unknownStepType, .unknownDependency]
        }
    }

    @Test func orderIsDeterministicTopological() throws {
        let workflow = try Workflow.yaml(
            """
            id: w
            steps:
              d: {depends_on: [b, c]}
              c: {depends_on: [a]}
              b: {depends_on: [a]}
              a: {}
              e: {}
            """
        )
        #expect(workflow.order == ["a", "b", "c", "d", "e"])
    }

    @Test func digestIgnoresTimestampsAndKeyOrder() throws {
        let one = try Workflow.load(["id": "w", "steps": ["a": [:]], "created_at": "2026-01-01T00:00:00Z"])
        let two = try Workflow.load(["steps": ["a": [:]], "id": "w"])
        let three = try Workflow.load(["steps": ["a": ["topic": "t"]], "id": "w"])
        #expect(one.digest == two.digest)
        #expect(one.digest != three.digest)
        #expect(one.digest.count == 64)
    }
}
