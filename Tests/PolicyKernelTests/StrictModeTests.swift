import Testing

/// Strict mode against upstream behaviour.
@Suite struct StrictModeTests {
    @Test(arguments: Corpus.scenarios(strictModeCorpus, file: "StrictModeCorpus"))
    func scenario(_ scenario: Scenario) throws {
        try scenario.check()
    }
}
