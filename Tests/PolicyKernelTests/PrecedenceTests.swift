import Testing

/// First match wins, default allow, decision spellings and reasons.
@Suite struct PrecedenceTests {
    @Test(arguments: Corpus.scenarios(precedenceCorpus, file: "PrecedenceCorpus"))
    func scenario(_ scenario: Scenario) throws {
        try scenario.check()
    }
}
