import PolicyKernel
import StructuredData
import Testing

/// Documents Cordum's schema refuses, with the code, field and line of the error.
@Suite struct ParseErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let text: String
        let code: PolicyError.Code
        let field: String
        let line: Int
        var testDescription: String { "\(code) at \(field)" }
    }

    static let cases: [Case] = [
        Case(text: "rules:\n  - id: a\n    priority: 3\n", code: .unknownField, field: "rules[0].priority", line: 3),
        Case(
            text: "rules:\n  - id: a\n  - id: b\n    match:\n      topic: [job.x]\n",
            code: .unknownField,
            field: "rules[1].match.topic",
            line: 5
        ),
        Case(text: "rules:\n  - decision: DENY\n", code: .invalidDecision, field: "rules[0].decision", line: 2),
        Case(text: "rules:\n  - decision: maybe\n", code: .invalidDecision, field: "rules[0].decision", line: 2),
        Case(text: "rules:\n  - decision: 1\n", code: .invalidField, field: "rules[0].decision", line: 2),
        Case(text: "version: 1\n", code: .invalidField, field: "version", line: 1),
        Case(text: "default_tenant: [a]\n", code: .invalidField, field: "default_tenant", line: 1),
        Case(
            text: "rules:\n  - constraints:\n      budgets:\n        max_retries: -1\n",
            code: .outOfRange,
            field: "rules[0].constraints.budgets.max_retries",
            line: 4
        ),
        Case(
            text: "rules:\n  - constraints:\n      diff: {max_files: 2147483648}\n",
            code: .outOfRange,
            field: "rules[0].constraints.diff.max_files",
            line: 3
        ),
        Case(
            text: "rules:\n  - constraints: {budgets: {max_runtime_ms: 1.5}}\n",
            code: .invalidField,
            field: "rules[0].constraints.budgets.max_runtime_ms",
            line: 2
        ),
        Case(
            text: "tenants:\n  acme:\n    max_concurrent_jobs: -2\n",
            code: .outOfRange,
            field: "tenants.acme.max_concurrent_jobs",
            line: 3
        ),
        Case(
            text: "rules:\n  - match:\n      labels:\n        env: 1\n",
            code: .invalidField,
            field: "rules[0].match.labels.env",
            line: 4
        ),
        Case(
            text: "rules:\n  - match:\n      labels: {on: true}\n",
            code: .invalidField,
            field: "rules[0].match.labels.on",
            line: 3
        ),
        Case(text: "rules:\n", code: .invalidField, field: "rules", line: 1),
        Case(text: "rules: {id: a}\n", code: .invalidField, field: "rules", line: 1),
        Case(text: "rules:\n  - match:\n", code: .invalidField, field: "rules[0].match", line: 2),
        Case(text: "rules:\n  - 7\n", code: .invalidField, field: "rules[0]", line: 2),
        Case(
            text: "rules:\n  - match: {risk_tags: [write, 3]}\n",
            code: .invalidField,
            field: "rules[0].match.risk_tags[1]",
            line: 2
        ),
        Case(
            text: "rules:\n  - match: {secrets_present: \"yes\"}\n",
            code: .invalidField,
            field: "rules[0].match.secrets_present",
            line: 2
        ),
        Case(
            text: "rules:\n  - match: {mcp: {allow_server: [fs]}}\n",
            code: .unknownField,
            field: "rules[0].match.mcp.allow_server",
            line: 2
        ),
        Case(
            text: "rules:\n  - constraints: {sandbox: {isolated: true, network: []}}\n",
            code: .unknownField,
            field: "rules[0].constraints.sandbox.network",
            line: 2
        ),
        Case(
            text: "rules:\n  - constraints: {timeout: 3}\n",
            code: .unknownField,
            field: "rules[0].constraints.timeout",
            line: 2
        ),
        Case(
            text: "rules:\n  - remediations:\n      - {id: a, labels: {}}\n",
            code: .unknownField,
            field: "rules[0].remediations[0].labels",
            line: 3
        ),
        Case(
            text: "tenants:\n  acme:\n    allow_topic: [job.x]\n",
            code: .unknownField,
            field: "tenants.acme.allow_topic",
            line: 3
        ),
        Case(text: "tenants:\n", code: .invalidField, field: "tenants", line: 1),
        Case(text: "tenants:\n  acme: [job.x]\n", code: .invalidField, field: "tenants.acme", line: 2),
        Case(text: "- rules\n", code: .invalidField, field: "", line: 1),
        Case(text: "rules: [\n", code: .invalidSyntax, field: "", line: 2),
        Case(text: "version: a\nversion: b\n", code: .invalidSyntax, field: "", line: 2),
    ]

    @Test(arguments: cases)
    func refused(_ item: Case) throws {
        let error = try #require(parseError(item.text, file: "policy.yaml"))
        #expect(error.code == item.code)
        #expect(error.field == item.field)
        #expect(error.location.file == "policy.yaml")
        #expect(error.location.line == item.line)
    }

    @Test func errorsSayWhereAndWhatIsValid() throws {
        let error = try #require(parseError("rules:\n  - decision: DENY\n"))
        #expect(error.description.hasPrefix("policy.yaml:2:"))
        #expect(error.description.contains("rules[0].decision"))
        #expect(error.hint != nil)
        #expect(error.code.description == "invalid_decision")
        let unknown = try #require(parseError("rules:\n  - {id: a, when: x}\n"))
        #expect(unknown.hint?.contains("match") == true)
    }

    @Test func errorsAsJSON() throws {
        let error = try #require(parseError("version: 1\n"))
        #expect(error.json["code"] == "invalid_field")
        #expect(error.json["field"] == "version")
        #expect(error.json["line"] == 1)
        #expect(error.json["file"] == "policy.yaml")
    }

    @Test func nonUTF8IsASyntaxError() {
        #expect(throws: PolicyError.self) { try PolicyDocument.parse([0x72, 0x3A, 0x20, 0xFF, 0xFE], file: "p.yaml") }
    }
}
