import StructuredData
import Testing
import WorkflowEngine

@Suite struct ExpressionTests {
    private static func scope(_ fixture: FixtureCase) -> ExpressionScope {
        ExpressionScope(
            input: fixture["input"] ?? [:],
            steps: fixture["steps"]?.objectValue ?? [:],
            item: fixture["item"]
        )
    }

    @Test(arguments: Fixtures.cases("expressions.yaml"))
    func corpus(_ fixture: FixtureCase) {
        let source = fixture["expr"]!.stringValue!
        do {
            let value = try Expression(source).evaluate(in: Self.scope(fixture))
            #expect(fixture["want_error"] == nil, "expected error \(fixture["want_error"]!), got \(value)")
            if let want = fixture["want"] { #expect(value.jsonEquals(want), "got \(value)") }
        } catch {
            #expect(error.code.rawValue == fixture["want_error"]?.stringValue, "\(error)")
            if let path = fixture["want_path"]?.stringValue { #expect(error.path == path) }
        }
    }

    @Test(arguments: Fixtures.cases("templates.yaml"))
    func templates(_ fixture: FixtureCase) {
        let source = fixture["template"]!.stringValue!
        do {
            let value = try Template(source).render(in: Self.scope(fixture))
            #expect(fixture["want_error"] == nil, "expected error \(fixture["want_error"]!), got \(value)")
            if let want = fixture["want"] { #expect(value.jsonEquals(want), "got \(value)") }
        } catch {
            #expect(error.code.rawValue == fixture["want_error"]?.stringValue, "\(error)")
        }
    }

    @Test func referencedPathsAreListed() throws {
        let expression = try Expression("steps.a.output.x == input.y && length(steps.b.output) > 0")
        #expect(expression.referencedPaths == ["steps.a.output.x", "input.y", "steps.b.output"])
    }

    @Test func truthiness() {
        #expect(!JSONValue.null.isTruthy)
        #expect(!JSONValue.string("").isTruthy)
        #expect(!JSONValue.integer(0).isTruthy)
        #expect(JSONValue.array([]).isTruthy)
        #expect(JSONValue.object([:]).isTruthy)
        #expect(JSONValue.number(0.5).isTruthy)
    }
}
