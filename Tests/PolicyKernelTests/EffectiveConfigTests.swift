import Testing

/// Effective-config tightening.
@Suite struct EffectiveConfigTests {
    @Test(arguments: Corpus.scenarios(effectiveConfigCorpus, file: "EffectiveConfigCorpus"))
    func scenario(_ scenario: Scenario) throws {
        try scenario.check()
    }
}
