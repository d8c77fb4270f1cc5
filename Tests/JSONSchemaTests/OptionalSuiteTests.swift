import Testing

/// The optional draft-07 tests (`optional/` and `optional/format/`) measure extras such as formats and
/// ECMA-262 regex details. They need not all pass; the count must not fall below what was measured.
@Suite struct OptionalSuiteTests {
    /// Passing optional cases when last measured; see docs/json-schema.md.
    static let measuredPasses = 788

    @Test func optionalPassCountDoesNotRegress() throws {
        try #require(TestSuiteLocation.root != nil, Comment(rawValue: TestSuiteLocation.missingMessage))
        let files = TestSuiteLocation.files(in: "optional") + TestSuiteLocation.files(in: "optional/format")
        var passed = 0
        var total = 0
        var failures: [String] = []
        for file in files {
            let outcomes = try SuiteRunner.runServingRemotes(file)
            let filePassed = outcomes.filter(\.passed).count
            print("optional \(file): \(filePassed)/\(outcomes.count)")
            passed += filePassed
            total += outcomes.count
            failures += outcomes.filter { !$0.passed }.map { "  \($0.label): \($0.detail)" }
        }
        print("optional: \(passed)/\(total) passed")
        if !failures.isEmpty { print("optional failures:\n" + failures.joined(separator: "\n")) }
        #expect(passed >= Self.measuredPasses, "optional pass count fell to \(passed) of \(total)")
    }
}
