import Testing

/// Topic guards and the no-policy case.
@Suite struct GuardTests {
    @Test(arguments: Corpus.scenarios(guardsCorpus, file: "GuardsCorpus"))
    func scenario(_ scenario: Scenario) throws {
        try scenario.check()
    }
}
