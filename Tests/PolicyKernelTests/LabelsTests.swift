import Testing

/// The labels quirk.
@Suite struct LabelsTests {
    @Test(arguments: Corpus.scenarios(labelsCorpus, file: "LabelsCorpus"))
    func scenario(_ scenario: Scenario) throws {
        try scenario.check()
    }
}
