import PackAssets
import StructuredData
import Testing

@Suite struct TableErrorTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let code: AssetsError.Code
        let file: String
        let old: String
        let new: String
        var testDescription: String { "\(code): \(new.prefix(40))" }
    }

    static let cases: [Case] = [
        Case(
            code: .unknownField,
            file: "topics.yaml",
            old: "    risk: [read]\n",
            new: "    risk: [read]\n    colour: blue\n"
        ),
        Case(code: .invalidField, file: "topics.yaml", old: "policy: workflow-gated", new: "policy: allow"),
        Case(code: .invalidField, file: "topics.yaml", old: "policy: workflow-gated", new: "policy: maybe"),
        Case(code: .invalidField, file: "topics.yaml", old: "    risk: [read]\n", new: ""),
        Case(code: .invalidField, file: "topics.yaml", old: "type: string, required: true }", new: "type: text }"),
        Case(code: .invalidField, file: "topics.yaml", old: "  - action: greet\n", new: "  - action: Greet\n"),
        Case(code: .invalidField, file: "topics.yaml", old: "action: guestbook.sign", new: "action: greet"),
        Case(code: .missingFile, file: "topics.yaml", old: "schema: Sign", new: "schema: Signature"),
        Case(code: .missingRegion, file: "pack.yaml", old: "  # END GENERATED topics\n", new: ""),
        Case(
            code: .missingRegion,
            file: "overlays/policy.fragment.yaml",
            old: "policy=workflow-gated",
            new: "policy=deny"
        ),
        Case(code: .missingRegion, file: "overlays/policy.fragment.yaml", old: "policy=allow", new: "policy=sometimes"),
    ]

    @Test(arguments: cases)
    func aBadTableOrFileIsRefusedWithItsCode(_ testCase: Case) throws {
        var fixture = try AssetFixture("hello")
        try fixture.edit(testCase.file, testCase.old, testCase.new)
        do {
            _ = try fixture.generator.plan()
            Issue.record("generated despite \(testCase.new)")
        } catch {
            #expect(error.code == testCase.code, "\(error)")
            #expect(!error.message.isEmpty)
        }
    }

    @Test func aTableErrorNamesTheFieldAndLine() throws {
        var fixture = try AssetFixture("hello")
        try fixture.edit("topics.yaml", "policy: workflow-gated", "policy: allow")
        do {
            _ = try fixture.generator.plan()
            Issue.record("generated")
        } catch {
            #expect(error.message.hasPrefix("actions[1].policy: "))
            #expect(error.location.line > 0)
            #expect(error.hint?.contains("workflow-gated") == true)
        }
    }

    @Test func aPackWithoutATableSaysSo() throws {
        var fixture = try AssetFixture("hello")
        fixture.files["topics.yaml"] = nil
        #expect(!fixture.generator.hasTable)
        #expect(throws: AssetsError.self) { _ = try fixture.generator.plan() }
    }
}
