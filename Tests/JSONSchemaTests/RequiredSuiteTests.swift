import Testing

/// Every case in `tests/draft7/*.json` of the JSON-Schema-Test-Suite must pass.
@Suite struct RequiredSuiteTests {
    @Test func suiteIsPresent() {
        #expect(TestSuiteLocation.root != nil, Comment(rawValue: TestSuiteLocation.missingMessage))
        #expect(TestSuiteLocation.requiredFiles.count >= 30)
    }

    @Test(arguments: TestSuiteLocation.requiredFiles)
    func requiredFile(_ file: String) throws {
        try #require(file != TestSuiteLocation.missingPlaceholder, Comment(rawValue: TestSuiteLocation.missingMessage))
        let outcomes = try SuiteRunner.runServingRemotes(file)
        #expect(!outcomes.isEmpty)
        for outcome in outcomes {
            #expect(outcome.passed, "\(outcome.label): \(outcome.detail)")
        }
    }
}
