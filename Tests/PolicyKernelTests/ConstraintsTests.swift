import Testing

/// Constraints (empty and not) and remediations.
@Suite struct ConstraintsTests {
    @Test(arguments: Corpus.scenarios(constraintsCorpus, file: "ConstraintsCorpus"))
    func scenario(_ scenario: Scenario) throws {
        try scenario.check()
    }
}
