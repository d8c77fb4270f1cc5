import Testing

/// Legacy tenant topic lists, and rules disabling them.
@Suite struct LegacyRuleTests {
    @Test(arguments: Corpus.scenarios(legacyRulesCorpus, file: "LegacyRulesCorpus"))
    func scenario(_ scenario: Scenario) throws {
        try scenario.check()
    }
}
