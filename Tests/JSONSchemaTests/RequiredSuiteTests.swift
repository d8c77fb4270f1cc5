import Testing

/// Every required case (`tests/<draft>/*.json`) of the JSON-Schema-Test-Suite must pass, for every draft.
@Suite struct RequiredSuiteTests {
    @Test func suiteIsPresent() {
        #expect(TestSuiteLocation.root != nil, Comment(rawValue: TestSuiteLocation.missingMessage))
        for draft in SuiteDraft.allCases {
            #expect(TestSuiteLocation.files(draft).count >= 30, "\(draft) has too few files")
        }
    }

    @Test(arguments: SuiteDraft.allCases)
    func requiredTestsPass(_ draft: SuiteDraft) async throws {
        try #require(TestSuiteLocation.root != nil, Comment(rawValue: TestSuiteLocation.missingMessage))
        var outcomes: [SuiteRunner.Outcome] = []
        for file in TestSuiteLocation.files(draft) {
            outcomes += try SuiteRunner.runServingRemotes(file, draft: draft)
            // A draft's suite is seconds of CPU: give the cooperative pool back between files, or the tests that
            // talk to servers in the same process stall past their handshake timeouts.
            await Task.yield()
        }
        let passed = outcomes.filter(\.passed).count
        print("required \(draft): \(passed)/\(outcomes.count) passed")
        #expect(outcomes.count > 500)
        for outcome in outcomes where !outcome.passed {
            Issue.record("\(draft) \(outcome.label): \(outcome.detail)")
        }
    }
}
