import Testing

/// Each `match` field, alone and together.
@Suite struct MatchFieldTests {
    @Test(arguments: Corpus.scenarios(matchFieldsCorpus, file: "MatchFieldsCorpus"))
    func scenario(_ scenario: Scenario) throws {
        try scenario.check()
    }
}
