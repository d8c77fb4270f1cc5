import Testing

/// The optional tests (`optional/` and `optional/format/`) measure extras such as formats and ECMA-262
/// regex details. They need not all pass; per draft, the count must not fall below what was measured.
/// Formats are asserted for the `optional/format/` files in every draft (2019-09 and 2020-12 only
/// annotate them by default).
@Suite struct OptionalSuiteTests {
    /// Passing optional cases per draft folder when last measured; see docs/json-schema.md.
    static let measuredPasses: [String: Int] = [
        "draft4": 318, "draft6": 431, "draft7": 790, "draft2019-09": 915, "draft2020-12": 926,
    ]

    @Test(arguments: SuiteDraft.allCases)
    func optionalPassCountDoesNotRegress(_ draft: SuiteDraft) async throws {
        try #require(TestSuiteLocation.root != nil, Comment(rawValue: TestSuiteLocation.missingMessage))
        var passed = 0
        var total = 0
        var failures: [String] = []
        let runs =
            TestSuiteLocation.files(draft, in: "optional").map { ($0, Bool?.none) }
            + TestSuiteLocation.files(draft, in: "optional/format").map { ($0, Bool?.some(true)) }
        for (file, assertFormats) in runs {
            let outcomes = try SuiteRunner.runServingRemotes(file, draft: draft, assertFormats: assertFormats)
            let filePassed = outcomes.filter(\.passed).count
            print("optional \(draft) \(file): \(filePassed)/\(outcomes.count)")
            passed += filePassed
            total += outcomes.count
            failures += outcomes.filter { !$0.passed }.map { "  \($0.label): \($0.detail)" }
            await Task.yield()
        }
        print("optional \(draft): \(passed)/\(total) passed")
        if !failures.isEmpty { print("optional \(draft) failures:\n" + failures.joined(separator: "\n")) }
        let measured = Self.measuredPasses[draft.folder] ?? 0
        #expect(passed >= measured, "optional pass count for \(draft) fell to \(passed) of \(total)")
    }
}
