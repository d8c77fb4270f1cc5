import PackTesting
import StructuredData
import Testing

/// conformance.yaml is read strictly, and schemas are found by topic.
@Suite("Conformance declaration and schemas")
struct DeclarationAndSchemaTests {
    @Test("an unknown field or a wrong type names the field")
    func strictDeclaration() throws {
        #expect(throws: ConformanceDeclarationError.self) { try ConformanceDeclaration(yaml: "acions: {}") }
        do {
            _ = try ConformanceDeclaration(yaml: "workflows:\n  w:\n    approvals: many\n")
            Issue.record("a non-numeric approvals count was accepted")
        } catch let error as ConformanceDeclarationError {
            #expect(error.field == "workflows.w.approvals")
        }
        let declared = try ConformanceDeclaration(
            yaml: "faults: {read: job.x.get}\nworkflows:\n  w:\n    input: {a: 1}\n    decisions: {s: ALLOW}\n"
        )
        #expect(declared.faultRead == "job.x.get")
        #expect(declared.workflows["w"]?.status == "succeeded")
        #expect(declared.workflows["w"]?.decisions == ["s": "ALLOW"])
    }

    @Test("a topic's schemas come from the declaration, then workflow steps, then the action's name")
    func schemasByTopic() throws {
        #expect(PackSchemas.actionName("job.github.issues.comments.list", packID: "github") == "IssuesCommentsList")
        let hello = try PackUnderTest(id: "hello", worker: nil, emulator: nil)
        let schemas = PackSchemas(hello.pack)
        #expect(schemas.schemaIDs("job.hello.guestbook.sign").input == "hello/SignInput")
        #expect(schemas.schemaIDs("job.hello.greet").output == "hello/GreetOutput")
        #expect(schemas.problems("job.hello.greet", input: ["name": "Ada"], output: ["greeting": "Hi"]).isEmpty)
        let problems = schemas.problems("job.hello.greet", input: [:], output: nil)
        #expect(problems.count == 1 && problems[0].contains("violates hello/GreetInput"))
    }
}
